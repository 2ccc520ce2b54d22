package io.bondy.bridge.spi;

/** A client's health: whether it is connected, and its last error (null if none). */
public record BridgeHealth(boolean connected, String lastError) {
}
