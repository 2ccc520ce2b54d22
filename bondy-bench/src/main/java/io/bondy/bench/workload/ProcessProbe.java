package io.bondy.bench.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of a server process: resident set size from {@code /proc/PID/status}, CPU time used from
 * {@code /proc/PID/stat}, and for a JVM the heap in use after a full collection
 * ({@code jcmd PID GC.run}, then {@code GC.heap_info}).
 */
final class ProcessProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern THREADS = Pattern.compile("Threads:\\s+(\\d+)");

    /** Clock ticks per second of {@code /proc/PID/stat} times (USER_HZ, 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;
    private static final long NANOS_PER_TICK = 1_000_000_000L / TICKS_PER_SECOND;

    private final long pid;

    ProcessProbe(long pid) {
        this.pid = pid;
    }

    /** Resident set size in bytes, or empty if the process is gone. */
    OptionalLong rssBytes() {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
            Matcher m = RSS.matcher(status);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Open file descriptors ({@code /proc/PID/fd} entries), or empty if the process is gone. */
    OptionalLong openFiles() {
        try (var fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            long n = 0;
            for (Path ignored : fds) {
                n++;
            }
            return OptionalLong.of(n);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Threads of the process ({@code Threads:} of {@code /proc/PID/status}), or empty if it is gone. */
    OptionalLong threads() {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8);
            Matcher m = THREADS.matcher(status);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * CPU time (user + system, all threads) the process has used so far, in nanoseconds at 10 ms
     * resolution, or empty if the process is gone.
     */
    OptionalLong cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return OptionalLong.of(cpuTicks(stat) * NANOS_PER_TICK);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * CPU time (user + system) the JVM's JIT compiler threads ({@code C1/C2 CompilerThreadN}, from
     * {@code /proc/PID/task/TID/stat}) have used so far, in nanoseconds at 10 ms resolution; empty if
     * the process is gone or has no such thread (not a HotSpot JVM).
     */
    OptionalLong jitCpuNanos() {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        boolean found = false;
        try (var dirs = Files.newDirectoryStream(tasks)) {
            for (Path task : dirs) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    ticks += cpuTicks(stat);
                    found = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return found ? OptionalLong.of(ticks * NANOS_PER_TICK) : OptionalLong.empty();
    }

    /** utime + stime (fields 14 and 15) of a {@code stat} line of a process or a thread, in clock ticks. */
    private static long cpuTicks(String stat) {
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Runs a full GC and returns the heap in use afterwards, or empty if this is no JVM (or jcmd fails). */
    OptionalLong heapUsedAfterGc() {
        if (jcmd("GC.run") == null) {
            return OptionalLong.empty();
        }
        String info = jcmd("GC.heap_info");
        if (info == null) {
            return OptionalLong.empty();
        }
        Matcher m = USED.matcher(info);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    }

    /** {@code jcmd PID VM.flags}: the flags the JVM runs with (for the results), or null. */
    String vmFlags() {
        String out = jcmd("VM.flags");
        return out == null ? null : out.replaceFirst("(?s)^\\d+:\\s*", "").trim();
    }

    private String jcmd(String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String text = new String(out, StandardCharsets.UTF_8);
            return p.exitValue() == 0 && !text.contains("Exception") ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
