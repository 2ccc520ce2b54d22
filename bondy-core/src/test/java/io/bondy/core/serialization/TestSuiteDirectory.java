package io.bondy.core.serialization;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the official WAMP test vectors: the {@code bondy.testsuite.dir} system property (set by
 * surefire), else a {@code shared/wamp-testsuite} directory next to the working directory or one of
 * its ancestors. Not finding them fails the test run: the golden tests must never be silently skipped.
 */
final class TestSuiteDirectory {

    static final String PROPERTY = "bondy.testsuite.dir";
    private static final String RELATIVE = "shared/wamp-testsuite";

    private TestSuiteDirectory() {
    }

    static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("WAMP test vectors not found: set -D" + PROPERTY + " (was '"
                + configured + "') or run below a directory containing " + RELATIVE);
    }
}
