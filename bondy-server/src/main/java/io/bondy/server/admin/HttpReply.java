package io.bondy.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer of the admin listener. */
public record HttpReply(int status, String contentType, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code value} (maps, lists, strings, numbers...) as a JSON body. */
    public static HttpReply jsonOf(int status, Object value) {
        try {
            return new HttpReply(status, "application/json", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** No body ({@code 204 No Content}). */
    public static HttpReply empty(int status) {
        return new HttpReply(status, "application/json", new byte[0]);
    }

    public static HttpReply text(int status, String contentType, String text) {
        return new HttpReply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": code, "message": message}}. */
    public static HttpReply error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return jsonOf(status, body);
    }
}
