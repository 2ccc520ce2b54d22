package io.bondy.core.router.session;

import io.bondy.core.message.Payload;
import java.util.List;

/** Thrown by an internal procedure to answer the call with ERROR {@code uri}. */
public final class ApplicationError extends RuntimeException {

    private final String uri;
    private final Payload payload;

    public ApplicationError(String uri, String message) {
        this(uri, Payload.of(List.of(message)));
    }

    public ApplicationError(String uri, Payload payload) {
        super(uri, null, false, false);
        this.uri = uri;
        this.payload = payload;
    }

    public String uri() {
        return uri;
    }

    public Payload payload() {
        return payload;
    }
}
