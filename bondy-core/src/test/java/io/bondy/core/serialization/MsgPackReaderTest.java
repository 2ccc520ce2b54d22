package io.bondy.core.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bondy.core.message.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct MessagePack reader against the decoder it replaced (the frame check, then the Jackson
 * MessagePack parser walked by {@link ValueReader}, see {@link JacksonMsgPackReference}): the same
 * Java values of the same classes, or the same exception with the same message, for every wire form
 * of every type, for random nested values written in random (also non-shortest) forms, and for
 * truncated, corrupted and hostile frames.
 */
class MsgPackReaderTest {

    // ---- what the values are ----

    @Test
    void integersDecodeByValueNotByWireWidthExceptUint64() {
        assertThat(read("99" + "05" + "cc05" + "cd0005" + "ce00000005"
                + "d005" + "d10005" + "d200000005" + "d30000000000000005" + "fb"))
                .containsExactly(5, 5, 5, 5, 5, 5, 5, 5, -5)
                .allSatisfy(v -> assertThat(v).isInstanceOf(Integer.class));
        // as the Jackson parser read it: a uint 64 is a Long however small
        assertThat(read("91cf0000000000000005")).containsExactly(5L);
        assertSameAsOld(hex("93cf0000000000000005cf7fffffffffffffffcf8000000000000000"));
        assertThat(read("95" + "ceffffffff" + "cf0000000100000000" + "d3ffffffff7fffffff" + "d280000000"
                + "cf7fffffffffffffff"))
                .containsExactly(0xFFFF_FFFFL, 1L << 32, (long) Integer.MIN_VALUE - 1, Integer.MIN_VALUE,
                        Long.MAX_VALUE);
        List<Object> beyondLong = read("92" + "cf8000000000000000" + "cfffffffffffffffff");
        assertThat(beyondLong).containsExactly(BigInteger.ONE.shiftLeft(63),
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(read("91d38000000000000000")).containsExactly(Long.MIN_VALUE);
    }

    @Test
    void floatsAreDoublesStringsAreStringsAndBinIsBytes() {
        List<Object> values = read("97" + "ca3fc00000" + "cb3ff8000000000000" + "a3616263" + "d903616263"
                + "c403010203" + "c0" + "c3");
        assertThat(values.get(0)).isEqualTo(1.5);
        assertThat(values.get(1)).isEqualTo(1.5);
        assertThat(values.get(2)).isEqualTo("abc");
        assertThat(values.get(3)).isEqualTo("abc");
        assertThat(values.get(4)).isEqualTo(new byte[] {1, 2, 3});
        assertThat(values.get(5)).isNull();
        assertThat(values.get(6)).isEqualTo(true);
        assertThat(read("91ca3dcccccd").get(0)).isEqualTo((double) 0.1f);
    }

    @Test
    void containersAreArrayListsAndInsertionOrderedMaps() {
        List<Object> values = read("92" + "82a162c2a161c3" + "dc0000");
        assertThat(values).isInstanceOf(ArrayList.class);
        assertThat(values.get(0)).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<Object>(((Map<?, ?>) values.get(0)).keySet())).containsExactly("b", "a");
        assertThat(values.get(1)).isEqualTo(List.of()).isInstanceOf(ArrayList.class);
    }

    @Test
    void refusesWhatTheOldDecoderRefusedWithTheSameMessages() {
        assertRefused("", "empty MessagePack frame");
        assertRefused("9381a161c1", "malformed MessagePack frame: invalid type byte 0xc1");
        assertRefused("9281c001c0", "malformed MessagePack frame: map keys must be strings, got type byte 0xc0");
        assertRefused("9281c403616263c0", "map keys must be strings, got type byte 0xc4");
        assertRefused("9230d40100", "malformed MessagePack frame: extension types are not supported");
        assertRefused("91db7fffffff", "malformed MessagePack frame: frame is truncated");
        assertRefused("df7fffffff", "malformed MessagePack frame: frame is truncated");
        assertRefused("9130c0", "malformed MessagePack frame: trailing data after the message");
        assertRefused("81a161c3", "a WAMP message must be an array, got a dict");
        assertRefused("c403010203", "a WAMP message must be an array, got binary");
        assertRefused("ca3fc00000", "a WAMP message must be an array, got a number");
        assertRefused("92" + "82a161c3a161c2" + "82a162c3a162c2", "duplicate key 'a' in a dict");
        // a structural fault anywhere comes first, then a root that is not an array, then duplicates
        assertRefused("92" + "82a161c3a161c2" + "d4", "extension types are not supported");
        assertRefused("82a161c3a161c2", "a WAMP message must be an array, got a dict");
        assertRefused("82a161c3a161c2c0", "trailing data");
    }

    @Test
    void nestingIsCappedAt64Containers() {
        assertThat(read("91".repeat(ValueReader.MAX_DEPTH - 1) + "90")).hasSize(1);
        assertThat(read("91".repeat(ValueReader.MAX_DEPTH - 1) + "80")).hasSize(1);
        assertRefused("91".repeat(ValueReader.MAX_DEPTH) + "90", "message is nested deeper than 64 levels");
        assertRefused("91".repeat(ValueReader.MAX_DEPTH - 1) + "81a16180", "message is nested deeper than 64 levels");
    }

    // ---- the same as the old decoder, value for value and message for message ----

    @Test
    void everyHeaderByteInEveryPositionMatchesTheOldDecoder() {
        for (int head = 0; head < 0x100; head++) {
            String h = String.format("%02x", head);
            for (String tail : List.of("", "00", "01", "0102", "00000000", "0000000000000000", "c0c0c0c0c0c0c0c0c0")) {
                assertSameAsOld(hex(h + tail));
                assertSameAsOld(hex("92" + h + tail));
                assertSameAsOld(hex("9281" + h + tail));
                assertSameAsOld(hex("9281a161" + h + tail));
            }
        }
    }

    @Test
    void randomValuesInRandomWireFormsMatchTheOldDecoder() {
        Random random = new Random(20261206L);
        for (int i = 0; i < 20_000; i++) {
            Packer packer = new Packer(random);
            packer.arrayHeader(1 + random.nextInt(6), 1);
            int elements = packer.lastSize;
            for (int j = 0; j < elements; j++) {
                packer.value(1);
            }
            if (random.nextInt(20) == 0) {
                packer.value(1); // trailing data
            }
            byte[] frame = packer.bytes();
            assertSameAsOld(frame);
            assertSameAsOldInsideALargerBuffer(frame, random);
        }
    }

    @Test
    void corruptedAndTruncatedFramesMatchTheOldDecoder() {
        Random random = new Random(6122026L);
        for (int i = 0; i < 20_000; i++) {
            Packer packer = new Packer(random);
            packer.arrayHeader(1 + random.nextInt(6), 1);
            int elements = packer.lastSize;
            for (int j = 0; j < elements; j++) {
                packer.value(1);
            }
            byte[] frame = packer.bytes();
            for (int cut = 0; cut < frame.length && cut < 40; cut++) {
                assertSameAsOld(Arrays.copyOf(frame, cut));
            }
            for (int m = 0; m < 5; m++) {
                byte[] mutated = frame.clone();
                switch (random.nextInt(3)) {
                    case 0 -> mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                    case 1 -> mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
                    default -> {
                        int at = random.nextInt(mutated.length + 1);
                        byte[] grown = new byte[mutated.length + 1];
                        System.arraycopy(mutated, 0, grown, 0, at);
                        grown[at] = (byte) random.nextInt(256);
                        System.arraycopy(mutated, at, grown, at + 1, mutated.length - at);
                        mutated = grown;
                    }
                }
                assertSameAsOld(mutated);
            }
        }
    }

    @Test
    void randomBytesMatchTheOldDecoder() {
        Random random = new Random(42L);
        for (int i = 0; i < 50_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(24)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                bytes[0] = (byte) (0x90 | random.nextInt(16));
            }
            assertSameAsOld(bytes);
        }
    }

    @Test
    void deepAndHostileNestingMatchesTheOldDecoder() {
        for (int levels = 60; levels <= 70; levels++) {
            assertSameAsOld(hex("91".repeat(levels) + "90"));
            assertSameAsOld(hex("91".repeat(levels) + "80"));
            assertSameAsOld(hex("91".repeat(levels)));
            assertSameAsOld(hex("9181a161".repeat(levels / 2) + "c0"));
            assertSameAsOld(hex("91".repeat(levels) + "dcffff"));
        }
        assertSameAsOld(hex("dd00010000" + "91".repeat(65)));
    }

    @Test
    void stringsAreUtf8WithMalformedSequencesReplacedAsBefore() {
        for (String payload : List.of("c3", "e282", "ff", "80", "f09f9982", "f09f99", "eda080", "c0af", "61ff62",
                "e282ac".repeat(30), "ff".repeat(70), "c3a9".repeat(40))) {
            int n = payload.length() / 2;
            String header = n < 32 ? String.format("%02x", 0xa0 | n) : String.format("d9%02x", n);
            assertSameAsOld(hex("91" + header + payload));
            assertSameAsOld(hex("9181" + header + payload + "c0"));
        }
    }

    // ---- helpers ----

    private static List<Object> read(String hex) {
        byte[] bytes = hex(hex);
        return MsgPackReader.readMessage(bytes, 0, bytes.length);
    }

    private static void assertRefused(String hex, String message) {
        byte[] bytes = hex(hex);
        assertThatThrownBy(() -> Serializers.unpack(bytes))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining(message);
        assertSameAsOld(bytes);
    }

    private static void assertSameAsOld(byte[] frame) {
        String expected = outcome(() -> JacksonMsgPackReference.INSTANCE.decodeWire(frame, 0, frame.length));
        String actual = outcome(() -> Serializers.unpack(frame));
        assertThat(actual).as("frame %s", HexFormat.of().formatHex(frame)).isEqualTo(expected);
    }

    private static void assertSameAsOldInsideALargerBuffer(byte[] frame, Random random) {
        int offset = random.nextInt(5);
        byte[] buffer = new byte[offset + frame.length + random.nextInt(5)];
        Arrays.fill(buffer, (byte) 0xc1);
        System.arraycopy(frame, 0, buffer, offset, frame.length);
        String expected = outcome(() -> JacksonMsgPackReference.INSTANCE.decodeWire(buffer, offset, frame.length));
        String actual = outcome(() -> ((WireSerializer) Serializers.of(SerializerKind.MSGPACK))
                .decodeWire(buffer, offset, frame.length));
        assertThat(actual).as("frame %s at %d", HexFormat.of().formatHex(frame), offset).isEqualTo(expected);
    }

    private static String outcome(java.util.function.Supplier<List<Object>> decode) {
        try {
            return typed(decode.get());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The value with every Java class spelled out: equal strings mean equal values of equal classes. */
    private static String typed(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return "Double(" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
        }
        if (value instanceof byte[] bytes) {
            return "byte[](" + HexFormat.of().formatHex(bytes) + ")";
        }
        if (value instanceof String s) {
            return "String(" + s.codePoints().mapToObj(Integer::toHexString).toList() + ")";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder(value.getClass().getSimpleName()).append('[');
            list.forEach(element -> sb.append(typed(element)).append(", "));
            return sb.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder(value.getClass().getSimpleName()).append('{');
            map.forEach((k, v) -> sb.append(typed(k)).append('=').append(typed(v)).append(", "));
            return sb.append('}').toString();
        }
        return value.getClass().getSimpleName() + "(" + value + ")";
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /**
     * Writes random MessagePack in any of the forms a peer may use, not only the shortest: every
     * integer width, float 32 and 64, str 8/16/32 and bin 8/16/32 for short payloads, array and map
     * 16/32 for few items; now and then a non-string or duplicate key, an extension, invalid UTF-8.
     */
    private static final class Packer {

        private final Random random;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int lastSize;

        Packer(Random random) {
            this.random = random;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        void value(int depth) {
            int kind = random.nextInt(depth > 5 ? 9 : 12);
            switch (kind) {
                case 0 -> out.write(random.nextInt(4) == 0 ? 0xc2 + random.nextInt(2) : 0xc0);
                case 1, 2 -> integer();
                case 3 -> floating();
                case 4, 5 -> string();
                case 6 -> binary();
                case 7 -> {
                    if (random.nextInt(200) == 0) {
                        extension();
                    } else if (random.nextInt(300) == 0) {
                        out.write(0xc1);
                    } else {
                        integer();
                    }
                }
                case 8 -> deepArray(depth);
                case 9 -> {
                    arrayHeader(random.nextInt(random.nextInt(8) == 0 ? 40 : 6), depth + 1);
                    int n = lastSize;
                    for (int i = 0; i < n; i++) {
                        value(depth + 1);
                    }
                }
                default -> {
                    int n = random.nextInt(random.nextInt(8) == 0 ? 30 : 5);
                    header(n, 0x80, 0xde, 0xdf);
                    List<byte[]> keys = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        key(keys);
                        value(depth + 1);
                    }
                }
            }
        }

        /** Now and then a chain of single-element arrays reaching past the nesting cap. */
        private void deepArray(int depth) {
            if (random.nextInt(50) != 0) {
                out.write(0xc3);
                return;
            }
            int levels = 55 + random.nextInt(15) - depth;
            for (int i = 0; i < levels; i++) {
                out.write(0x91);
            }
            out.write(random.nextBoolean() ? 0x90 : 0x80);
        }

        void arrayHeader(int n, int depth) {
            lastSize = n;
            header(n, 0x90, 0xdc, 0xdd);
        }

        private void header(int n, int fix, int sixteen, int thirtyTwo) {
            int form = random.nextInt(6);
            if (n < 16 && form < 4) {
                out.write(fix | n);
            } else if (form < 5) {
                out.write(sixteen);
                put(n, 2);
            } else {
                out.write(thirtyTwo);
                put(n, 4);
            }
        }

        private void key(List<byte[]> keys) {
            int pick = random.nextInt(60);
            if (pick == 0) {
                integer();
            } else if (pick == 1) {
                binary();
            } else if (pick == 2) {
                out.write(0xc0 + random.nextInt(4)); // nil, 0xc1, false, true
            } else if (pick == 3 && !keys.isEmpty()) {
                byte[] again = keys.get(random.nextInt(keys.size()));
                out.write(again, 0, again.length); // a duplicate key
            } else {
                int start = out.size();
                string();
                byte[] all = out.toByteArray();
                keys.add(Arrays.copyOfRange(all, start, all.length));
            }
        }

        private void integer() {
            long v = switch (random.nextInt(6)) {
                case 0 -> random.nextInt(256) - 128;
                case 1 -> random.nextInt(70_000) - 35_000;
                case 2 -> random.nextInt();
                case 3 -> random.nextLong();
                case 4 -> random.nextLong() >> random.nextInt(64);
                default -> (random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE) + random.nextInt(3) - 1;
            };
            int form = random.nextInt(10);
            if (form == 0) {
                out.write(0xcf); // uint 64 with any bit pattern, also beyond Long.MAX_VALUE
                put(v, 8);
            } else if (form == 1) {
                out.write(0xd3);
                put(v, 8);
            } else if (v >= 0 && v < 0x80 && form < 5) {
                out.write((int) v);
            } else if (v >= -32 && v < 0 && form < 5) {
                out.write((int) v & 0xff);
            } else if (v >= 0 && v < 0x100 && form < 6) {
                out.write(0xcc);
                put(v, 1);
            } else if (v >= 0 && v < 0x10000 && form < 7) {
                out.write(0xcd);
                put(v, 2);
            } else if (v >= 0 && v < 0x1_0000_0000L && form < 8) {
                out.write(0xce);
                put(v, 4);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE && form < 8) {
                out.write(0xd0);
                put(v, 1);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE && form < 9) {
                out.write(0xd1);
                put(v, 2);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write(0xd2);
                put(v, 4);
            } else {
                out.write(v >= 0 ? 0xcf : 0xd3);
                put(v, 8);
            }
        }

        private void floating() {
            if (random.nextBoolean()) {
                out.write(0xca);
                int bits = switch (random.nextInt(4)) {
                    case 0 -> Float.floatToRawIntBits((float) random.nextGaussian() * 1e3f);
                    case 1 -> random.nextInt(); // any pattern: NaNs, infinities, subnormals
                    case 2 -> 0x7fc00000 | random.nextInt(0x400000); // NaN with a payload
                    default -> Float.floatToRawIntBits(-0.0f);
                };
                put(bits, 4);
            } else {
                out.write(0xcb);
                long bits = switch (random.nextInt(4)) {
                    case 0 -> Double.doubleToRawLongBits(random.nextGaussian() * 1e6);
                    case 1 -> random.nextLong();
                    case 2 -> 0x7ff8000000000000L | random.nextLong() >>> 13;
                    default -> Double.doubleToRawLongBits(-0.0);
                };
                put(bits, 8);
            }
        }

        private void string() {
            byte[] utf8 = randomText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (random.nextInt(30) == 0 && utf8.length > 0) {
                utf8[random.nextInt(utf8.length)] = (byte) (0x80 + random.nextInt(0x80)); // malformed UTF-8
            }
            int n = utf8.length;
            int form = random.nextInt(8);
            if (n < 32 && form < 5) {
                out.write(0xa0 | n);
            } else if (n < 0x100 && form < 6) {
                out.write(0xd9);
                put(n, 1);
            } else if (n < 0x10000 && form < 7) {
                out.write(0xda);
                put(n, 2);
            } else {
                out.write(0xdb);
                put(n, 4);
            }
            out.write(utf8, 0, n);
        }

        private String randomText() {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(10) == 0 ? random.nextInt(300) : random.nextInt(20);
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(12);
                if (pick < 8) {
                    sb.append((char) ('a' + random.nextInt(26)));
                } else if (pick < 10) {
                    sb.append((char) (0xa0 + random.nextInt(0x700)));
                } else if (pick < 11) {
                    sb.append((char) (0x4e00 + random.nextInt(0x1000)));
                } else {
                    sb.appendCodePoint(0x1F300 + random.nextInt(0x300));
                }
            }
            return sb.toString();
        }

        private void binary() {
            byte[] b = new byte[random.nextInt(10) == 0 ? random.nextInt(400) : random.nextInt(12)];
            random.nextBytes(b);
            int form = random.nextInt(6);
            if (b.length < 0x100 && form < 4) {
                out.write(0xc4);
                put(b.length, 1);
            } else if (form < 5) {
                out.write(0xc5);
                put(b.length, 2);
            } else {
                out.write(0xc6);
                put(b.length, 4);
            }
            out.write(b, 0, b.length);
        }

        private void extension() {
            int[] heads = {0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xc7, 0xc8, 0xc9};
            out.write(heads[random.nextInt(heads.length)]);
            put(random.nextLong(), 3);
        }

        private void put(long v, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }
}
