package io.bondy.bridge.spec;

import java.util.Map;

/**
 * One entry of {@code inbound}: what the client {@code clientId} of broker {@code kind} consumes from
 * {@code source} becomes a WAMP publication in {@code realm}, published as {@code authid} (the realm's
 * permissions apply to it). {@code action} holds the unevaluated {@code topic}, {@code args},
 * {@code kwargs} and {@code options} expressions over {@code record.*}.
 *
 * @param sourceOptions the client's consume options (e.g. {@code durable}, {@code qos}, {@code stream})
 * @param encoding      how a record's value is read for {@code record.value}: {@code json} (default) or {@code raw}
 */
public record InboundRule(String kind, String clientId, Map<String, Object> meta, String source,
        Map<String, Object> sourceOptions, String encoding, String realm, String authid, Map<String, Object> action) {
}
