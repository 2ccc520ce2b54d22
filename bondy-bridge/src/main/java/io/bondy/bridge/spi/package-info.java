/**
 * The broker bridge's service provider interface: one {@code BrokerClientFactory} per broker kind
 * (kafka, amqp, mqtt, nats) creates {@code BrokerClient}s from their bondy.conf keys; a client produces
 * {@code OutboundRecord}s and, when it can, consumes {@code InboundRecord}s, acknowledging at-least-once.
 *
 * <p>Owns: the contract between the bridge manager and broker clients. Uses: nothing else of Bondy.
 */
package io.bondy.bridge.spi;
