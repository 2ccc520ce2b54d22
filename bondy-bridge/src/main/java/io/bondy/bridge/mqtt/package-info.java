/**
 * The MQTT 3.1.1 client (Eclipse Paho's asynchronous client): QoS 1 by default, PUBACK completes a
 * produced record; consumed messages are acknowledged by hand once published into the realm.
 *
 * <p>Owns: broker_bridge.mqtt.*. Uses: {@code io.bondy.bridge.spi}, {@code io.bondy.bridge.client}.
 */
package io.bondy.bridge.mqtt;
