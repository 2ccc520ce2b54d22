package io.bondy.core.message;

/**
 * The options of a PUBLISH the broker acts on, read once from the dict ({@link OptionRules} has
 * checked their types). The black and white lists stay in {@link Publish#options()} for the event
 * filter, which reads them only when present.
 *
 * @param acknowledge {@code acknowledge}: PUBLISHED or ERROR back (default false)
 * @param excludeMe   {@code exclude_me}: the publisher does not receive its own event (default true)
 * @param discloseMe  {@code disclose_me}: the publisher asks to be identified (default false)
 * @param retain      {@code retain}: keep the event for later subscribers asking for it (default false)
 */
public record PublishOptions(boolean acknowledge, boolean excludeMe, boolean discloseMe, boolean retain) {

    private static final PublishOptions NONE = new PublishOptions(false, true, false, false);

    /** Reads the options of {@code publish}. */
    public static PublishOptions of(Publish publish) {
        if (publish.options().isEmpty()) {
            return NONE;
        }
        return new PublishOptions(publish.acknowledge(), publish.excludeMe(), publish.discloseMe(), publish.retain());
    }
}
