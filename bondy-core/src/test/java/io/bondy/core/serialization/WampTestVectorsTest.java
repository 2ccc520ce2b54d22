package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.core.message.ProtocolViolationException;
import io.bondy.core.message.WampMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests against the official WAMP test vectors ({@code wamp-testsuite/singlemessage} in the test
 * resources), read at run time: every file, every sample, every JSON, MessagePack and CBOR representation.
 *
 * <p>Serialization samples: each listed representation decodes to the expected attributes, and the
 * decoded message re-encodes to bytes that decode to an equal message and that equal one of the
 * listed representations of that serializer (the vectors' "at least one must match" rule).
 * Validation samples: the {@code wmsg} array is rejected with a protocol violation naming
 * {@code expected_error.contains}, or accepted when no error is expected.
 */
class WampTestVectorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, SerializerKind> SERIALIZERS = Map.of(
            "json", SerializerKind.JSON, "msgpack", SerializerKind.MSGPACK, "cbor", SerializerKind.CBOR);
    private static final List<String> SERIALIZER_ORDER = List.of("json", "msgpack", "cbor");

    @TestFactory
    Stream<DynamicNode> singleMessageVectors() throws IOException {
        Path root = io.bondy.core.testing.TestSuiteFiles.root().resolve("singlemessage");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("vector files under %s", root).isNotEmpty();
        return files.stream().map(file -> fileTests(root.relativize(file).toString(), file));
    }

    private static DynamicNode fileTests(String name, Path file) {
        Map<String, Object> vector = readJson(file);
        List<Map<String, Object>> samples = list(vector.get("samples"));
        List<DynamicNode> nodes = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Map<String, Object> sample = samples.get(i);
            String sampleName = "#" + (i + 1) + " " + sample.get("description");
            if (sample.containsKey("wmsg")) {
                nodes.add(dynamicContainer(sampleName, validationTests(sample)));
            } else {
                nodes.add(dynamicContainer(sampleName, serializationTests(sample)));
            }
        }
        return dynamicContainer(name, nodes);
    }

    // ---- serialization samples ----

    private static Stream<DynamicNode> serializationTests(Map<String, Object> sample) {
        Map<String, Object> serializers = map(sample.get("serializers"));
        Map<String, Object> expected = map(sample.get("expected_attributes"));
        List<DynamicNode> tests = new ArrayList<>();
        for (String id : SERIALIZER_ORDER) {
            if (!serializers.containsKey(id)) {
                continue;
            }
            Serializer serializer = Serializers.of(SERIALIZERS.get(id));
            List<Map<String, Object>> representations = list(serializers.get(id));
            List<byte[]> listed = representations.stream().map(WampTestVectorsTest::bytesOf).toList();
            for (int i = 0; i < representations.size(); i++) {
                Object note = representations.get(i).get("note");
                String label = id + " #" + (i + 1) + (note == null ? "" : " (" + note + ")");
                byte[] bytes = listed.get(i);
                tests.add(dynamicTest(label + " decodes to the expected attributes",
                        () -> assertAttributes(serializer.decode(bytes), expected)));
                tests.add(dynamicTest(label + " re-encodes to an equal message and to listed bytes",
                        () -> assertRoundTrip(serializer, serializer.decode(bytes), listed)));
            }
        }
        assertThat(tests).as("a serialization sample with JSON, MessagePack or CBOR bytes").isNotEmpty();
        return tests.stream();
    }

    private static void assertAttributes(WampMessage message, Map<String, Object> expected) {
        Map<String, Object> actual = VectorAttributes.of(message);
        expected.forEach((name, value) -> {
            if (!actual.containsKey(name)) {
                fail("attribute '" + name + "' is not mapped for " + message.type());
            }
            Object got = actual.get(name);
            if (name.equals("args") || name.equals("kwargs")) {
                if (PlainValues.isAbsent(value)) {
                    assertThat(PlainValues.isAbsent(got)).as("%s absent, got %s", name, got).isTrue();
                    return;
                }
            }
            assertThat(PlainValues.normalize(got)).as("attribute '%s'", name).isEqualTo(PlainValues.normalize(value));
        });
    }

    private static void assertRoundTrip(Serializer serializer, WampMessage decoded, List<byte[]> listed) {
        byte[] encoded = serializer.encode(decoded);
        assertThat(serializer.decode(encoded)).isEqualTo(decoded);
        boolean matches = listed.stream().anyMatch(bytes -> Arrays.equals(bytes, encoded));
        assertThat(matches)
                .as("encoded %s matches one of %s", hex(encoded), listed.stream().map(WampTestVectorsTest::hex).toList())
                .isTrue();
    }

    /** The sample's bytes: {@code bytes_hex} preferred, else {@code bytes} (UTF-8 text), else Base64. */
    private static byte[] bytesOf(Map<String, Object> representation) {
        if (representation.get("bytes_hex") instanceof String hex) {
            return HexFormat.of().parseHex(hex);
        }
        if (representation.get("bytes") instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (representation.get("bytes_base64") instanceof String base64) {
            return Base64.getDecoder().decode(base64);
        }
        throw new IllegalArgumentException("representation without bytes: " + representation);
    }

    // ---- validation samples ----

    private static Stream<DynamicNode> validationTests(Map<String, Object> sample) {
        byte[] json = writeJson(sample.get("wmsg"));
        Map<String, Object> expectedError = map(sample.get("expected_error"));
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(validationTest("json (wmsg as JSON text)", Serializers.of(SerializerKind.JSON), json, expectedError));
        // The rule does not depend on the serialization: check the same array in the binary formats.
        List<Object> wire = ((WireSerializer) Serializers.of(SerializerKind.JSON)).decodeWire(json, 0, json.length);
        for (SerializerKind kind : List.of(SerializerKind.MSGPACK, SerializerKind.CBOR)) {
            WireSerializer serializer = (WireSerializer) Serializers.of(kind);
            tests.add(validationTest(kind.name().toLowerCase(), serializer, serializer.encodeWire(wire), expectedError));
        }
        return tests.stream();
    }

    private static DynamicNode validationTest(String label, Serializer serializer, byte[] bytes,
                                              Map<String, Object> expectedError) {
        if (expectedError == null) {
            return dynamicTest(label + " is accepted", () -> assertThatCode(() -> serializer.decode(bytes))
                    .doesNotThrowAnyException());
        }
        String contains = (String) expectedError.get("contains");
        return dynamicTest(label + " is a protocol violation naming '" + contains + "'",
                () -> assertThatThrownBy(() -> serializer.decode(bytes))
                        .isInstanceOf(ProtocolViolationException.class)
                        .hasMessageContaining(contains));
    }

    // ---- helpers ----

    private static Map<String, Object> readJson(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] writeJson(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
