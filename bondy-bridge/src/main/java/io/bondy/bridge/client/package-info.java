/**
 * What the broker clients share: {@code ClientConfig} (typed, validated reading of
 * {@code broker_bridge.<kind>.clients.<name>.*}, each error naming its key), {@code ClientHealth}
 * (connected, last error) and {@code Endpoints} (host:port lists).
 *
 * <p>Owns: nothing broker-specific. Uses: {@code io.bondy.bridge.spi}.
 */
package io.bondy.bridge.client;
