package io.bondy.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table of normal cases and one of error cases, covering every operator. */
class OperatorsTest {

    private static Map<String, Object> context() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", 2L);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("s", " 42 ");
        ctx.put("f", "3.5");
        ctx.put("n", 7L);
        ctx.put("i", 7); // an Integer, as a JSON decoder may give
        ctx.put("neg", -3L);
        ctx.put("d", -2.75);
        ctx.put("t", "TRUE");
        ctx.put("bool", true);
        ctx.put("l", List.of(3L, 1L, 2L));
        ctx.put("mixed", List.of(1L, 2.5));
        ctx.put("empty", List.of());
        ctx.put("strs", List.of("b", "a", "c"));
        ctx.put("m", m);
        ctx.put("other", Map.of("b", 20L));
        ctx.put("k", "a");
        ctx.put("keys", List.of("a", "zz"));
        ctx.put("txt", "héllo");
        ctx.put("bin", new byte[] {(byte) 0xff, 0, 1});
        ctx.put("nul", null);
        return ctx;
    }

    static Stream<Arguments> normal() {
        return Stream.of(
                arguments("{{s |> integer}}", 42L),
                arguments("{{n |> integer}}", 7L),
                arguments("{{i |> integer}}", 7L),
                arguments("{{d |> integer}}", -2L),
                arguments("{{f |> float}}", 3.5),
                arguments("{{s |> float}}", 42.0),
                arguments("{{n |> float}}", 7.0),
                arguments("{{t |> boolean}}", true),
                arguments("{{bool |> boolean}}", true),
                arguments("{{'false' |> boolean}}", false),
                arguments("{{n |> string}}", "7"),
                arguments("{{bool |> string}}", "true"),
                arguments("{{l |> string}}", "[3,1,2]"),
                arguments("{{m |> string}}", "{\"a\":1,\"b\":2}"),
                arguments("{{nul |> string}}", "null"),
                arguments("{{neg |> abs}}", 3L),
                arguments("{{d |> abs}}", 2.75),
                arguments("{{l |> head}}", 3L),
                arguments("{{empty |> head}}", null),
                arguments("{{l |> tail}}", List.of(1L, 2L)),
                arguments("{{empty |> tail}}", List.of()),
                arguments("{{l |> last}}", 2L),
                arguments("{{empty |> last}}", null),
                arguments("{{l |> nth(1)}}", 3L),
                arguments("{{l |> nth(3)}}", 2L),
                arguments("{{keys |> max}}", "zz"),
                arguments("{{l |> min}}", 1L),
                arguments("{{l |> max}}", 3L),
                arguments("{{mixed |> max}}", 2.5),
                arguments("{{strs |> min}}", "a"),
                arguments("{{strs |> max}}", "c"),
                arguments("{{l |> length}}", 3L),
                arguments("{{txt |> length}}", 5L),
                arguments("{{m |> length}}", 2L),
                arguments("{{txt |> size}}", 6L),
                arguments("{{bin |> size}}", 3L),
                arguments("{{l |> size}}", 3L),
                arguments("{{m |> get('a')}}", 1L),
                arguments("{{m |> get(\"b\")}}", 2L),
                arguments("{{m |> get(k)}}", 1L),
                arguments("{{m |> get('x', 0)}}", 0L),
                arguments("{{m |> get('x', 'none')}}", "none"),
                arguments("{{m |> get('x', n)}}", 7L),
                arguments("{{m |> get('x', null)}}", null),
                arguments("{{m |> put('c', 3)}}", Map.of("a", 1L, "b", 2L, "c", 3L)),
                arguments("{{m |> put(k, l)}}", Map.of("a", List.of(3L, 1L, 2L), "b", 2L)),
                arguments("{{m |> merge(other)}}", Map.of("a", 1L, "b", 20L)),
                arguments("{{m |> merge(_, other)}}", Map.of("a", 1L, "b", 20L)),
                arguments("{{m |> merge(other, _)}}", Map.of("a", 1L, "b", 2L)),
                arguments("{{m |> with(['a'])}}", Map.of("a", 1L)),
                arguments("{{m |> with([k, 'zz'])}}", Map.of("a", 1L)),
                arguments("{{m |> with(keys)}}", Map.of("a", 1L)),
                arguments("{{m |> with('b')}}", Map.of("b", 2L)),
                arguments("{{m |> with([])}}", Map.of()),
                arguments("{{m |> without(['a'])}}", Map.of("b", 2L)),
                arguments("{{m |> without(keys)}}", Map.of("b", 2L)),
                arguments("{{txt |> base64:encode}}", "aMOpbGxv"),
                arguments("{{bin |> base64:encode}}", "/wAB"),
                arguments("{{'aMOpbGxv' |> base64:decode}}", "héllo"),
                arguments("{{'aMOp bGxv' |> base64:decode}}", "héllo"),
                arguments("{{txt |> base64:encode |> base64:decode |> length}}", 5L),
                arguments("{{m |> put('c', 3) |> without(['a']) |> length}}", 2L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normal")
    void operatorGivesItsResult(String expression, Object expected) {
        assertThat(Mops.eval(expression, context())).isEqualTo(expected);
    }

    @Test
    void base64DecodeOfBytesThatAreNotTextGivesABinary() {
        Object out = Mops.eval("{{'/wAB' |> base64:decode}}", context());
        assertThat(out).isInstanceOf(byte[].class);
        assertThat((byte[]) out).containsExactly((byte) 0xff, 0, 1);
        assertThat(Mops.eval("{{'_-8' |> base64:decode}}", context())).isInstanceOf(byte[].class);
    }

    @Test
    void operatorsNeverChangeTheirInput() {
        Map<String, Object> ctx = context();
        Map<String, Object> m = new LinkedHashMap<>(Map.of("a", 1L));
        List<Object> l = new ArrayList<>(Arrays.asList(1L, 2L));
        ctx.put("mm", m);
        ctx.put("ll", l);
        Mops.eval(List.of("{{mm |> put('b', 2)}}", "{{mm |> merge(other)}}", "{{mm |> without(['a'])}}",
                "{{ll |> tail}}"), ctx);
        assertThat(m).containsExactly(Map.entry("a", 1L));
        assertThat(l).containsExactly(1L, 2L);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("{{txt |> integer}}", "integer: \"héllo\" is not an integer"),
                arguments("{{'1.5' |> integer}}", "is not an integer"),
                arguments("{{l |> integer}}", "integer: expected a number or a string, got a list of 3 elements"),
                arguments("{{'99999999999999999999' |> integer}}", "is not an integer"),
                arguments("{{txt |> float}}", "float: \"héllo\" is not a number"),
                arguments("{{'NaN' |> float}}", "is not a number"),
                arguments("{{bool |> float}}", "float: expected a number or a string"),
                arguments("{{'yes' |> boolean}}", "is neither true nor false"),
                arguments("{{n |> boolean}}", "boolean: expected a boolean or a string, got the number 7"),
                arguments("{{txt |> abs}}", "abs: expected a number"),
                arguments("{{m |> head}}", "head: expected a list, got a map of 2 entries"),
                arguments("{{txt |> tail}}", "tail: expected a list"),
                arguments("{{nul |> last}}", "last: expected a list, got null"),
                arguments("{{l |> nth(0)}}", "position 0 is outside the list of 3 elements"),
                arguments("{{l |> nth(4)}}", "position 4 is outside"),
                arguments("{{l |> nth('1')}}", "nth: expected an integer position"),
                arguments("{{m |> nth(1)}}", "nth: expected a list"),
                arguments("{{empty |> min}}", "min: the list is empty"),
                arguments("{{['a'] |> max}}", "unexpected character '['"),
                arguments("{{txt |> max}}", "max: expected a list"),
                arguments("{{n |> length}}", "length: expected a list, map, string or binary"),
                arguments("{{bool |> size}}", "size: expected a list, map, string or binary"),
                arguments("{{m |> get('x')}}", "get: no key 'x' in the map (keys: a, b)"),
                arguments("{{l |> get('a')}}", "get: expected a map, got a list"),
                arguments("{{m |> get(l)}}", "get: expected a string key, got a list"),
                arguments("{{l |> put('a', 1)}}", "put: expected a map"),
                arguments("{{m |> merge(l)}}", "merge: expected a map, got a list"),
                arguments("{{m |> with([l])}}", "with: expected a string key"),
                arguments("{{l |> without(['a'])}}", "without: expected a map"),
                arguments("{{n |> base64:encode}}", "base64:encode: expected a string or a binary"),
                arguments("{{'not base64!' |> base64:decode}}", "base64:decode: the value is not base64"),
                arguments("{{n |> nope}}", "unknown operator 'nope'"),
                arguments("{{n |> integer(1)}}", "operator 'integer' takes 0 arguments, got 1"),
                arguments("{{m |> get()}}", "operator 'get' takes 1 or 2 arguments, got 0"),
                arguments("{{m |> get(1, 2, 3)}}", "operator 'get' takes 1 or 2 arguments, got 3"),
                arguments("{{m |> put('a')}}", "operator 'put' takes 2 arguments, got 1"),
                arguments("{{l |> nth}}", "operator 'nth' takes 1 argument, got 0"),
                arguments("{{m |> get(_)}}", "'_' is only allowed as one of the two arguments of merge"),
                arguments("{{m |> merge(_, _)}}", "'_' is only allowed"),
                arguments("{{m |> with([_])}}", "'_' is only allowed as an operator argument"),
                arguments("{{m |> with([['a']])}}", "unexpected character '['"),
                arguments("{{l |> nth(n |> integer)}}", "expected ',' or ')' in the arguments of 'nth'"),
                arguments("{{m |> get('a'}}", "expected ',' or ')' in the arguments of 'get'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void operatorRefusesWhatItCannotHandle(String expression, String message) {
        assertThatThrownBy(() -> Mops.eval(expression, context()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void base64RoundTripsArbitraryBytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Map<String, Object> ctx = Map.of("x", all);
        Object back = Mops.eval("{{x |> base64:encode |> base64:decode}}", ctx);
        assertThat((byte[]) back).isEqualTo(all);
        assertThat(new String(all, 0, 10, StandardCharsets.ISO_8859_1)).hasSize(10);
    }
}
