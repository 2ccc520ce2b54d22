package io.bondy.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official vectors come with the repository (test resources), not from beside it, and are found
 * both from bondy-core's own test classes and from its test-jar, as a module depending on it sees them.
 */
class TestSuiteFilesTest {

    @Test
    void vectorsAreOnTheTestClasspathWithTheirAttribution() throws Exception {
        Path testClasses = Path.of(TestSuiteFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        Path root = TestSuiteFiles.root();

        assertThat(root).isEqualTo(testClasses.resolve(TestSuiteFiles.RESOURCE));
        assertThat(Files.readString(root.resolve("LEGAL.md"))).contains("typedef int GmbH");
        assertThat(Files.readString(root.resolve("SOURCE.md"))).contains("github.com/wamp-proto/wamp-proto");
        assertThat(TestSuiteFiles.jsonFiles("singlemessage")).extracting(p -> p.getFileName().toString())
                .contains("hello.json", "welcome.json", "call.json", "interrupt.json");
        assertThat(TestSuiteFiles.jsonFiles("multisession")).isNotEmpty();
    }

    @Test
    void vectorsInsideATestJarAreReadableThroughTheJarsFileSystem(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("bondy-core-tests.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, TestSuiteFiles.RESOURCE + "/SCHEMA.json", "{}");
            put(out, TestSuiteFiles.RESOURCE + "/singlemessage/basic/hello.json", "{\"samples\": []}");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path root = TestSuiteFiles.root(loader);

            assertThat(root.toUri().getScheme()).isEqualTo("jar");
            try (Stream<Path> files = Files.walk(root.resolve("singlemessage"))) {
                List<Path> json = files.filter(Files::isRegularFile).toList();
                assertThat(json).hasSize(1);
                assertThat(Files.readString(json.get(0))).isEqualTo("{\"samples\": []}");
            }
            assertThat(TestSuiteFiles.root(loader)).as("a second look reuses the open jar").isEqualTo(root);
        }
    }

    @Test
    void missingVectorsFailInsteadOfSkipping() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> TestSuiteFiles.root(empty)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("wamp-testsuite/SCHEMA.json");
        }
    }

    private static void put(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
