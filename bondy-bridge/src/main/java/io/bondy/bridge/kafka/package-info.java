/**
 * The Kafka broker client of the bridge: {@code KafkaBrokerClientFactory} (kind "kafka", Bondy's
 * "bondy_kafka_bridge") creates a {@code KafkaBrokerClient} per {@code broker_bridge.kafka.clients.<name>}
 * from its {@code KafkaClientConfig}; the client produces with an idempotent kafka-clients producer
 * (acks=all) behind a bounded queue and a sender thread, and consumes with one {@code KafkaConsumerLoop}
 * per source, committing offsets only after the sink took the records.
 *
 * <p>Owns: everything Kafka-specific. Uses: the bridge SPI ({@code io.bondy.bridge.spi}) and kafka-clients.
 */
package io.bondy.bridge.kafka;
