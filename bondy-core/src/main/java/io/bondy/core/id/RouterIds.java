package io.bondy.core.id;



/** The router-scope ID source shared by every realm's broker and dealer. */
public final class RouterIds {

    private final IdGenerator generator = new IdGenerator();

    public long subscriptionId() {
        return generator.nextRouterScoped();
    }

    public long registrationId() {
        return generator.nextRouterScoped();
    }

    public long publicationId() {
        return IdGenerator.global();
    }
}
