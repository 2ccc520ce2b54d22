package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct MessagePack writer against the Jackson MessagePack generator it replaced (kept as a
 * test oracle in {@link JacksonMsgPackReference}): the same bytes for every value, at every size
 * boundary of every form, and for random messages; and {@link MsgPackReader} reads them back as the
 * Jackson parser does.
 */
class MsgPackWriterTest {

    private static final JacksonSerializer JACKSON = JacksonMsgPackReference.INSTANCE;

    @Test
    void integersAtEveryFormBoundaryMatchTheJacksonGenerator() {
        List<Object> values = new ArrayList<>();
        long[] edges = {0, 1, 31, 32, 33, 127, 128, 255, 256, 65_535, 65_536, 0xFFFF_FFFFL, 0x1_0000_0000L,
            Long.MAX_VALUE, -1, -31, -32, -33, -127, -128, -129, -32_768, -32_769, Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L, Long.MIN_VALUE};
        for (long v : edges) {
            values.add(v);
        }
        values.add(7);
        values.add((short) -300);
        values.add((byte) -5);
        values.add(BigInteger.valueOf(42));
        values.add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)); // the largest unsigned 64-bit
        assertSameBytes(values);
        assertThat(HexFormat.of().formatHex(MsgPackWriter.write(List.of(255L, -33L, 1L << 32))))
                .isEqualTo("93" + "ccff" + "d0df" + "cf0000000100000000");
    }

    @Test
    void stringsBinariesArraysAndMapsAtEveryFormBoundaryMatchTheJacksonGenerator() {
        for (int n : new int[] {0, 1, 15, 16, 31, 32, 255, 256, 65_535, 65_536}) {
            assertSameBytes(List.of("x".repeat(n), "é".repeat(n / 2 + 1), new byte[n],
                    new ArrayList<>(java.util.Collections.nCopies(n, 1L)), mapOfSize(n)));
        }
        assertSameBytes(List.of("naïve ☃ 𝄞 text", "", "\u0000nul", 1.5, -0.0, Double.NaN, 3.25f, true, false,
                new LinkedHashMap<>()));
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        assertSameBytes(withNull);
    }

    @Test
    void randomMessagesMatchTheJacksonGenerator() {
        Random random = new Random(20261205L);
        for (int i = 0; i < 2_000; i++) {
            List<Object> message = new ArrayList<>();
            message.add((long) random.nextInt(70));
            for (int j = random.nextInt(6); j >= 0; j--) {
                message.add(randomValue(random, 0));
            }
            assertSameBytes(message);
        }
    }

    @Test
    void refusesWhatTheGeneratorRefuses() {
        assertThatThrownBy(() -> MsgPackWriter.write(List.of(new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> MsgPackWriter.write(List.of(Map.of(1, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dict keys must be strings");
        assertThatThrownBy(() -> MsgPackWriter.write(List.of(BigInteger.ONE.shiftLeft(64))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond 64 bits");
        Object nested = List.of();
        for (int i = 0; i < ValueReader.MAX_DEPTH; i++) {
            nested = List.of(nested);
        }
        Object tooDeep = nested;
        assertThatThrownBy(() -> MsgPackWriter.write(List.of(tooDeep)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
    }

    private static void assertSameBytes(List<?> wire) {
        byte[] ours = MsgPackWriter.write(wire);
        byte[] jackson = JACKSON.encodeWire(wire);
        assertThat(HexFormat.of().formatHex(ours)).as("%s", wire).isEqualTo(HexFormat.of().formatHex(jackson));
        assertThat(JACKSON.decodeWire(ours, 0, ours.length)).hasSize(wire.size());
        assertThat(PlainValues.normalize(Serializers.unpack(ours)))
                .isEqualTo(PlainValues.normalize(JACKSON.decodeWire(ours, 0, ours.length)));
    }

    private static Map<String, Object> mapOfSize(int n) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(n, 20_000); i++) {
            map.put("k" + i, i);
        }
        return map;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 8 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong() >> random.nextInt(64);
            case 3 -> (long) random.nextInt(300) - 150;
            case 4 -> random.nextDouble() * 1e6;
            case 5 -> randomString(random);
            case 6 -> {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                yield b;
            }
            case 7 -> random.nextInt(100_000);
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(20); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(5) == 0 ? random.nextInt(400) : random.nextInt(40);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(10);
            sb.append(pick < 7 ? (char) ('a' + random.nextInt(26)) : pick < 9 ? (char) (0xa0 + random.nextInt(0x700))
                    : (char) (0x4e00 + random.nextInt(0x1000)));
        }
        return sb.toString();
    }
}
