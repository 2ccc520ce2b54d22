package io.bondy.bench.jmh;

import io.bondy.core.uri.UriValidator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link UriValidator} on a typical procedure URI and a wildcard pattern, loose and strict. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UriValidationBenchmark {

    @Param({"LOOSE", "STRICT"})
    public UriValidator validator;

    public String uri = "com.example.inventory.reserve_item";
    public String pattern = "com.example..reserve_item";

    @Benchmark
    public boolean validUri() {
        return validator.isValid(uri);
    }

    @Benchmark
    public boolean validPattern() {
        return validator.isValidPattern(pattern);
    }
}
