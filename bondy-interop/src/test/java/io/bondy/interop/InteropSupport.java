package io.bondy.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Paths and a runner for the external (Python, Node) interop clients. */
final class InteropSupport {

    /** How to install the external clients: the CI script does it. */
    static final String INSTALL_HINT = "Run `bash .ci/run` from the repository root once (it installs the Debian"
            + " packages python3-autobahn python3-cbor2 python3-msgpack python3-nacl python3-argon2 python3-passlib and runs `npm ci` in"
            + " bondy-interop/src/test/js), or do those two steps by hand.";

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private InteropSupport() {
    }

    /** {@code bondy-interop/src/test}. */
    static Path testDir() {
        return Path.of(System.getProperty("bondy.interop.dir", "src/test")).toAbsolutePath().normalize();
    }

    /** {@code bondy-interop/target/interop-logs}, created on demand. */
    static Path logDir() {
        Path dir = testDir().getParent().getParent().resolve("target").resolve("interop-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** What an external client did: its exit code (or a timeout) and everything it printed. */
    record ClientRun(List<String> command, int exitCode, boolean timedOut, String output, Path log) {

        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + "\n  -> " + (timedOut ? "TIMED OUT after "
                    + CLIENT_TIMEOUT.toSeconds() + " s (killed)" : "exit code " + exitCode)
                    + "\n----- client output (" + log + ") -----\n" + output + "\n----- end of client output -----";
        }
    }

    /** Runs {@code command} in {@code workDir}, bounded by {@link #CLIENT_TIMEOUT}, output to {@code logName}. */
    static ClientRun run(List<String> command, Path workDir, String logName) {
        return run(command, workDir, logName, java.util.Map.of());
    }

    /** As {@link #run(List, Path, String)}, with extra environment variables for the client. */
    static ClientRun run(List<String> command, Path workDir, String logName, java.util.Map<String, String> env) {
        Path log = logDir().resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ClientRun(command, -1, false, "cannot start the client: " + e, log);
        }
        boolean timedOut = false;
        try {
            if (!process.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            timedOut = true;
        }
        String output;
        try {
            output = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            output = "(cannot read " + log + ": " + e + ")";
        }
        return new ClientRun(command, timedOut || process.isAlive() ? -1 : process.exitValue(), timedOut, output,
                log);
    }

    /** What a short probe command printed, and its exit code (-1: it could not run or timed out). */
    record Probe(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a short probe command (a version check, an import), bounded by 30 s. */
    static Probe probe(List<String> command, Path workDir) {
        Path out = null;
        try {
            out = Files.createTempFile(logDir(), "probe", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process p = builder.start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String text = Files.readString(out, StandardCharsets.UTF_8).strip();
            return done ? new Probe(p.exitValue(), text) : new Probe(-1, text + "\n(timed out after 30 s)");
        } catch (IOException e) {
            return new Probe(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(-1, e.toString());
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover file under target/ does no harm
                }
            }
        }
    }

    static List<String> list(String... items) {
        return new ArrayList<>(List.of(items));
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }
}
