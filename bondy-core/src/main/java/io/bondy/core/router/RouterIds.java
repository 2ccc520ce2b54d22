package io.bondy.core.router;

import io.bondy.core.id.IdGenerator;

/** The router-scope ID source shared by every realm's broker and dealer. */
final class RouterIds {

    private final IdGenerator generator = new IdGenerator();

    long subscriptionId() {
        return generator.nextRouterScoped();
    }

    long registrationId() {
        return generator.nextRouterScoped();
    }

    long publicationId() {
        return IdGenerator.global();
    }
}
