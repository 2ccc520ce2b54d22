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

    /**
     * The id of the registration of {@code procedure} with match policy {@code match} in {@code realm}:
     * derived from them (64-bit FNV-1a, 52 bits kept) into (2^52, 2^53], so every node of a cluster
     * gives the same registration the same id without asking the others, and it never meets the
     * counted ids (lower half). A registration deleted and made again gets the same id.
     */
    public static long registrationId(String realm, String procedure, String match) {
        return derived(realm, match, procedure);
    }

    /**
     * The id of the subscription to {@code topic} with match policy {@code match} in {@code realm},
     * derived as {@link #registrationId} is (with the policy marked as a subscription's, so a
     * registration and a subscription of one URI do not share an id): every node of a cluster gives
     * the same subscription the same id, so the meta API and clients agree whichever node they ask.
     */
    public static long subscriptionId(String realm, String topic, String match) {
        return derived(realm, "subscription:" + match, topic);
    }

    private static long derived(String realm, String kind, String uri) {
        long h = 0xcbf29ce484222325L;
        for (String part : new String[] {realm, kind, uri}) {
            for (byte b : part.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return (IdGenerator.MAX_ID >>> 1) + ((h >>> 12) & ((IdGenerator.MAX_ID >>> 1) - 1)) + 1;
    }

    public long publicationId() {
        return IdGenerator.global();
    }
}
