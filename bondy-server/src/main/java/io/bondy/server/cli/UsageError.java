package io.bondy.server.cli;

/** A command line the CLI cannot act on, found after parsing (exit code 2). */
public final class UsageError extends RuntimeException {

    public UsageError(String message) {
        super(message, null, false, false);
    }
}
