package io.bondy.core.message;

import java.util.Map;

/**
 * The options of a CALL the dealer acts on, read once from the dict ({@link OptionRules} has already
 * checked their types when the message was decoded). Options the router does not read (the
 * {@code ppt_*} attributes, anything unknown) stay in {@link Call#options()}.
 *
 * @param progress        {@code progress}: a progressive call invocation chunk follows (default false)
 * @param receiveProgress {@code receive_progress}: the caller accepts progressive results (default false)
 * @param discloseMe      {@code disclose_me}: the caller asks to be identified to the callee (default false)
 * @param timeoutMillis   {@code timeout} in milliseconds; 0 when absent or not positive (the realm's default applies)
 * @param rkey            {@code rkey}: the partition key of a sharded registration, or null
 * @param runmode         {@code runmode}: {@code "partition"}, something else to refuse, or null
 */
public record CallOptions(boolean progress, boolean receiveProgress, boolean discloseMe, long timeoutMillis,
                          String rkey, Object runmode) {

    /** Reads the options of {@code call}. */
    public static CallOptions of(Call call) {
        Map<String, Object> o = call.options();
        if (o.isEmpty()) {
            return NONE;
        }
        long timeout = o.get("timeout") instanceof Number n ? Math.max(0, n.longValue()) : 0;
        return new CallOptions(Dicts.bool(o, "progress", false), Dicts.bool(o, "receive_progress", false),
                Boolean.TRUE.equals(o.get("disclose_me")), timeout, Dicts.string(o, "rkey"), o.get("runmode"));
    }

    private static final CallOptions NONE = new CallOptions(false, false, false, 0, null, null);
}
