package io.bondy.server.admin;

import java.nio.charset.StandardCharsets;

/** A complete HTTP answer of the admin listener. */
public record HttpReply(int status, String contentType, byte[] body) {

    public static HttpReply json(int status, String json) {
        return new HttpReply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply text(int status, String contentType, String text) {
        return new HttpReply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": code, "message": message}}. */
    public static HttpReply error(int status, String code, String message) {
        return json(status, "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }
}
