/**
 * The AMQP 0-9-1 client (RabbitMQ's {@code amqp-client}): publisher confirms for produce, manual
 * acknowledgements for consume, its own reconnect loop.
 *
 * <p>Owns: broker_bridge.amqp.*. Uses: {@code io.bondy.bridge.spi}, {@code io.bondy.bridge.client}.
 */
package io.bondy.bridge.amqp;
