package io.bondy.server.cli;

/** The CLI could not reach the router or was refused at authentication (exit code 3). */
public final class ConnectException extends RuntimeException {

    public ConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
