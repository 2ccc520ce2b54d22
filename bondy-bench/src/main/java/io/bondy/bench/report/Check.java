package io.bondy.bench.report;

/**
 * One target checked against a figure of this run.
 *
 * @param target   the target as stated in the issue, e.g. {@code call RTT p50 <= 2.5x echo p50}
 * @param where    the configuration it was checked on, e.g. {@code ws/json}
 * @param measured the figure, formatted
 * @param bound    the bound it was compared with, formatted
 * @param verdict  PASS, FAIL or n/a
 */
public record Check(String target, String where, String measured, String bound, String verdict) {

    public static Check of(String target, String where, String measured, String bound, boolean pass) {
        return new Check(target, where, measured, bound, pass ? "PASS" : "FAIL");
    }

    public static Check notApplicable(String target, String where, String why) {
        return new Check(target, where, why, "", "n/a");
    }
}
