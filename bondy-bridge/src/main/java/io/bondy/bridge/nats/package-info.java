/**
 * The NATS client ({@code jnats}): JetStream by default (a produced record completes on the stream's
 * PublishAck; consumption through a durable consumer with explicit acks), core NATS if asked.
 *
 * <p>Owns: broker_bridge.nats.*. Uses: {@code io.bondy.bridge.spi}, {@code io.bondy.bridge.client}.
 */
package io.bondy.bridge.nats;
