package io.bondy.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the official WAMP test vectors: the system property {@code bondy.testsuite.dir} (set by the
 * build to {@code ../shared/wamp-testsuite}), else the first {@code shared/wamp-testsuite} found
 * walking up from the working directory. Fails when neither exists: the vectors are not optional.
 */
public final class TestSuiteFiles {

    private TestSuiteFiles() {
    }

    public static Path root() {
        String property = System.getProperty("bondy.testsuite.dir");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/wamp-testsuite");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("WAMP test vectors not found: set -Dbondy.testsuite.dir or place them at ../shared/wamp-testsuite");
    }

    /** Every {@code .json} file under {@code root()/sub}, sorted. */
    public static List<Path> jsonFiles(String sub) {
        try (Stream<Path> files = Files.walk(root().resolve(sub))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
