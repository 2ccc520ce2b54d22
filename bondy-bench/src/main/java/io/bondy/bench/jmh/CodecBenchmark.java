package io.bondy.bench.jmh;

import io.bondy.core.message.Call;
import io.bondy.core.message.Event;
import io.bondy.core.message.Payload;
import io.bondy.core.message.WampMessage;
import io.bondy.core.serialization.Serializer;
import io.bondy.core.serialization.SerializerKind;
import io.bondy.core.serialization.Serializers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode of a typical CALL and EVENT with each serializer. Run through
 * {@code bench/run.sh jmh}; warm-up and measurement counts come from its command line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    @Param({"JSON", "MSGPACK", "CBOR"})
    public SerializerKind serializer;

    @Param({"CALL", "EVENT"})
    public String message;

    private Serializer codec;
    private WampMessage value;
    private byte[] bytes;

    @Setup
    public void setUp() {
        codec = Serializers.of(serializer);
        Payload payload = Payload.of(List.of(42, "forty-two", 4.2, true),
                Map.of("user", "alice", "items", List.of(1, 2, 3)));
        value = message.equals("CALL")
                ? new Call(7_781_220L, Map.of("timeout", 1000), "com.example.inventory.reserve", payload)
                : new Event(5_512_341_234L, 8_801_233_118L, Map.of(), payload);
        bytes = codec.encode(value);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(value);
    }

    @Benchmark
    public WampMessage decode() {
        return codec.decode(bytes);
    }
}
