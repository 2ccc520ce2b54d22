package io.bondy.bridge.spi;

import java.util.Map;

/**
 * One record received from a broker: {@code source} is what was consumed (topic / queue / subject / MQTT
 * filter), {@code topic} the concrete topic, routing key or subject of the record. {@code key} may be null.
 */
public record InboundRecord(String source, String topic, byte[] key, byte[] value, Map<String, String> headers) {
}
