package io.bondy.bench.report;

import java.util.Locale;

/** Number formatting for the tables. */
public final class Fmt {

    private Fmt() {
    }

    /** Nanoseconds as microseconds, e.g. {@code 85.3 µs}, or milliseconds past 10 ms. */
    public static String micros(long nanos) {
        if (nanos >= 10_000_000L) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    /** A rate with thousands separators, e.g. {@code 41,200}. */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** A ratio such as {@code 1.84x}. */
    public static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    /** Bytes as {@code 12.3 KiB} / {@code 4.5 MiB}. */
    public static String bytes(double bytes) {
        if (Math.abs(bytes) >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
        }
        if (Math.abs(bytes) >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", bytes);
    }
}
