package io.bondy.bridge.spi;

import java.util.Map;

/**
 * One record for a broker. {@code topic} is the Kafka topic / AMQP routing key (exchange in options) /
 * MQTT topic / NATS subject. {@code key} may be null.
 */
public record OutboundRecord(String topic, byte[] key, byte[] value, Map<String, String> headers,
        Map<String, Object> options) {
}
