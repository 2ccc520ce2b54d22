package io.bondy.bridge.spec;

import java.util.Map;

/**
 * One entry of {@code subscriptions}: WAMP events of {@code realm} matching {@code topic} (by
 * {@code match}: exact, prefix or wildcard) become records produced through the client
 * {@code clientId} of broker {@code kind}.
 *
 * @param kind     the broker kind (kafka, amqp, mqtt, nats)
 * @param clientId the client's name in bondy.conf ({@code action.options.client_id}, default "default")
 * @param action   the whole action, expressions unevaluated: {@code type}, {@code topic}, {@code key},
 *                 {@code value}, {@code headers}, {@code options}
 * @param encoding how {@code value} becomes bytes: {@code json} (default) or {@code raw}
 */
public record OutboundRule(String kind, String clientId, Map<String, Object> meta, String realm, String topic,
        String match, Map<String, Object> action, String encoding) {

    public OutboundRule {
        meta = Map.copyOf(meta);
    }
}
