package io.bondy.bridge.client;

import io.bondy.bridge.spi.BridgeHealth;

/** A client's health, set by its connection callbacks, read by anyone. Thread-safe. */
public final class ClientHealth {

    private volatile boolean connected;
    private volatile String lastError;

    public void up() {
        connected = true;
    }

    public void down(String error) {
        connected = false;
        if (error != null) {
            lastError = error;
        }
    }

    public void error(String error) {
        lastError = error;
    }

    public boolean connected() {
        return connected;
    }

    public BridgeHealth snapshot() {
        return new BridgeHealth(connected, lastError);
    }
}
