package io.bondy.core.message;

/**
 * The options of a SUBSCRIBE the broker acts on, read once from the dict.
 *
 * @param match       {@code match}: exact (default), prefix or wildcard
 * @param getRetained {@code get_retained}: the subscriber wants the retained event(s) at once (default false)
 */
public record SubscribeOptions(MatchPolicy match, boolean getRetained) {

    /** Reads the options of {@code subscribe}. */
    public static SubscribeOptions of(Subscribe subscribe) {
        return new SubscribeOptions(subscribe.match(), subscribe.getRetained());
    }
}
