package io.bondy.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the official WAMP test vectors on the test classpath: {@code wamp-testsuite/} from
 * {@code bondy-core/src/test/resources} (see its {@code SOURCE.md}). In bondy-core that is a
 * directory; in a module that depends on bondy-core's test-jar it is inside the jar, and the paths
 * returned belong to the jar's file system (read them with {@link Files}, not {@code Path.toFile()}).
 * Fails when the vectors are missing: they are not optional.
 */
public final class TestSuiteFiles {

    /** The vectors' directory on the classpath. */
    public static final String RESOURCE = "wamp-testsuite";
    private static final String MARKER = RESOURCE + "/SCHEMA.json";

    private TestSuiteFiles() {
    }

    public static Path root() {
        return root(TestSuiteFiles.class.getClassLoader());
    }

    /** The vectors' directory as {@code loader} sees it. */
    public static Path root(ClassLoader loader) {
        URL marker = loader.getResource(MARKER);
        if (marker == null) {
            throw new IllegalStateException("WAMP test vectors not on the test classpath: " + MARKER
                    + " (bondy-core/src/test/resources/" + RESOURCE + ")");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                openJar(uri);
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unusable location of the WAMP test vectors: " + marker, e);
        }
    }

    /** Every {@code .json} file under {@code root()/sub}, sorted. */
    public static List<Path> jsonFiles(String sub) {
        try (Stream<Path> files = Files.walk(root().resolve(sub))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the jar's file system once (it stays open for the test JVM), so {@link Path#of(URI)} resolves in it. */
    private static synchronized void openJar(URI uri) {
        try {
            FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
            // opened by an earlier call
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
