package io.bondy.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MopsTest {

    private static final Map<String, Object> REQUEST = Map.of(
            "method", "post",
            "body", Map.of("id", 12L, "tags", List.of("a", "b"), "name", "Ann"),
            "path_params", Map.of("id", "12"),
            "headers", Map.of("x-count", "3"));

    private static Map<String, Object> requestContext() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("request", REQUEST);
        return ctx;
    }

    // ---- typed results and templates

    @Test
    void aLoneExpressionYieldsTheTypedValue() {
        Map<String, Object> ctx = requestContext();
        assertThat(Mops.eval("{{request.body}}", ctx)).isEqualTo(REQUEST.get("body"));
        assertThat(Mops.eval("{{request.body.id}}", ctx)).isEqualTo(12L);
        assertThat(Mops.eval("{{request.body.tags}}", ctx)).isEqualTo(List.of("a", "b"));
        assertThat(Mops.eval("  {{ request.headers.x-count |> integer }}\n", ctx)).isEqualTo(3L);
    }

    @Test
    void aCompiledTermEvaluatesAsTheTermItself() {
        Map<String, Object> ctx = requestContext();
        List<Object> terms = List.of("plain", "{{request.body}}", "{{ request.headers.x-count |> integer }}",
                "Hello {{request.body.name}}, #{{request.body.id}}", Map.of("a", "{{request.method}}", "b", 1),
                List.of("{{request.path_params.id}}", "x"), 42L);
        for (Object term : terms) {
            assertThat(Mops.compile(term).evalStrict(ctx)).as("%s", term).isEqualTo(Mops.evalStrict(term, ctx));
        }
        // the same errors: an unresolved root; a bad expression fails at compile time; no context
        Mops.Compiled unresolved = Mops.compile("{{nobody.name}}");
        assertThatThrownBy(() -> unresolved.evalStrict(ctx)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("unresolved reference 'nobody.name'");
        assertThatThrownBy(() -> Mops.evalStrict("{{nobody.name}}", ctx)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("unresolved reference 'nobody.name'");
        assertThatThrownBy(() -> Mops.compile("{{request.body |> nosuchop}}"))
                .isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> Mops.compile("plain").evalStrict(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedTemplatesAreReusedAndABadOneFailsEveryTime() {
        Map<String, Object> ctx = requestContext();
        // more distinct templates than the parse cache holds: each still evaluates to its own value
        for (int i = 0; i < 3_000; i++) {
            assertThat(Mops.eval("n" + i + "-{{request.body.name}}", ctx)).isEqualTo("n" + i + "-Ann");
        }
        assertThat(Mops.eval("n7-{{request.body.name}}", ctx)).isEqualTo("n7-Ann");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Mops.eval("{{request.body.name |> }}", ctx)).isInstanceOf(ExpressionException.class);
        }
    }

    @Test
    void textAroundExpressionsMakesAStringTemplate() {
        Map<String, Object> ctx = requestContext();
        assertThat(Mops.eval("Hello {{request.body.name}}!", ctx)).isEqualTo("Hello Ann!");
        assertThat(Mops.eval("com.example.user.{{request.path_params.id}}.get", ctx))
                .isEqualTo("com.example.user.12.get");
        assertThat(Mops.eval("{{request.body.id}}{{request.body.name}}", ctx)).isEqualTo("12Ann");
        assertThat(Mops.eval("tags={{request.body.tags}} n={{request.body.id |> float}}", ctx))
                .isEqualTo("tags=[\"a\",\"b\"] n=12.0");
        assertThat(Mops.eval(" {{request.body.id}} and more", ctx)).isEqualTo(" 12 and more");
    }

    @Test
    void aDoubleQuotedStringIsAlwaysAStringAsInMops() {
        Map<String, Object> ctx = requestContext();
        assertThat(Mops.eval("\"{{request.body.id}}\"", ctx)).isEqualTo("12");
        assertThat(Mops.eval("\"Hi {{request.body.name}}\"", ctx)).isEqualTo("Hi Ann");
    }

    @Test
    void quotedArgumentsMayHoldTheSyntaxOwnCharacters() {
        Map<String, Object> ctx = Map.of("m", Map.of("}}", 1L, "a|>b", 2L, "it's", 3L));
        assertThat(Mops.eval("{{m |> get('}}')}}", ctx)).isEqualTo(1L);
        assertThat(Mops.eval("{{m |> get(\"a|>b\")}}", ctx)).isEqualTo(2L);
        assertThat(Mops.eval("{{m |> get('it\\'s')}}", ctx)).isEqualTo(3L);
        assertThat(Mops.eval("{{'literal' |> length}}", ctx)).isEqualTo(7L);
        assertThat(Mops.eval("{{-1.5e1 |> abs}}", ctx)).isEqualTo(15.0);
    }

    @Test
    void stringsWithoutExpressionsAndOtherValuesAreReturnedAsTheyAre() {
        Map<String, Object> ctx = requestContext();
        assertThat(Mops.eval("plain } text {", ctx)).isEqualTo("plain } text {");
        assertThat(Mops.eval("", ctx)).isEqualTo("");
        assertThat(Mops.eval(42L, ctx)).isEqualTo(42L);
        assertThat(Mops.eval(null, ctx)).isNull();
        assertThat(Mops.eval(true, ctx)).isEqualTo(true);
    }

    @Test
    void mapsAndListsAreEvaluatedAtAnyDepthAndKeysAreNot() {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "wamp_call");
        action.put("procedure", "com.example.{{request.method}}");
        action.put("args", List.of("{{request.body.id}}", List.of("{{request.body.tags |> head}}", 1L)));
        action.put("{{request.method}}", "{{request.body.name}}");
        Object out = Mops.eval(Map.of("action", action), requestContext());
        assertThat(out).isEqualTo(Map.of("action", Map.of(
                "type", "wamp_call",
                "procedure", "com.example.post",
                "args", List.of(12L, List.of("a", 1L)),
                "{{request.method}}", "Ann")));
        assertThat(action.get("procedure")).isEqualTo("com.example.{{request.method}}"); // input unchanged
    }

    @Test
    void valuesReadFromTheContextAreNotEvaluatedAgain() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("request", Map.of("body", "{{secret}}"));
        ctx.put("secret", "s3cr3t");
        assertThat(Mops.eval("{{request.body}}", ctx)).isEqualTo("{{secret}}");
        assertThat(Mops.eval("x {{request.body}}", ctx)).isEqualTo("x {{secret}}");
    }

    // ---- two-stage evaluation and strict mode

    @Test
    void aReferenceToAnAbsentRootIsLeftForTheNextStage() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("timeout", "{{variables.timeout}}");
        spec.put("procedure", "{{variables.prefix}}.{{request.path_params.id}}");
        spec.put("args", List.of("{{request.body}}"));
        spec.put("retries", "{{defaults.retries |> integer}}");
        spec.put("headers", "{{variables.headers |> merge(request.headers)}}");

        Map<String, Object> loadTime = new HashMap<>();
        loadTime.put("variables", Map.of("timeout", 5000L, "prefix", "com.example",
                "headers", Map.of("x-a", "1")));
        loadTime.put("defaults", Map.of("retries", "2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> stage1 = (Map<String, Object>) Mops.eval(spec, loadTime);
        assertThat(stage1).containsEntry("timeout", 5000L)
                .containsEntry("retries", 2L)
                .containsEntry("args", List.of("{{request.body}}"))
                // a template is left whole when any of its references is unresolved
                .containsEntry("procedure", "{{variables.prefix}}.{{request.path_params.id}}")
                // so is an expression whose argument is unresolved
                .containsEntry("headers", "{{variables.headers |> merge(request.headers)}}");
        assertThat(Mops.hasExpressions(stage1)).isTrue();

        Map<String, Object> perRequest = new HashMap<>(loadTime);
        perRequest.put("request", REQUEST);
        Object stage2 = Mops.evalStrict(stage1, perRequest);
        assertThat(stage2).isEqualTo(Map.of(
                "timeout", 5000L,
                "retries", 2L,
                "procedure", "com.example.12",
                "args", List.of(REQUEST.get("body")),
                "headers", Map.of("x-a", "1", "x-count", "3")));
        assertThat(Mops.hasExpressions(stage2)).isFalse();
    }

    @Test
    void aMissingKeyUnderAPresentRootIsAnError() {
        Map<String, Object> ctx = requestContext();
        assertThatThrownBy(() -> Mops.eval("{{request.body.nope}}", ctx))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("no key 'nope' in 'request.body'");
        assertThatThrownBy(() -> Mops.eval("{{request.body.tags.0}}", ctx))
                .hasMessageContaining("'request.body.tags' is a list of 2 elements, not a map")
                .hasMessageContaining("nth(n)");
        assertThatThrownBy(() -> Mops.eval("{{request.method.x}}", ctx))
                .hasMessageContaining("'request.method' is the string \"post\", not a map");
    }

    @Test
    void aPresentRootWithANullValueIsResolved() {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("x", null);
        assertThat(Mops.eval("{{x}}", ctx)).isNull();
        assertThat(Mops.evalStrict("v={{x}}", ctx)).isEqualTo("v=null");
        assertThatThrownBy(() -> Mops.eval("{{x.y}}", ctx)).hasMessageContaining("'x' is null, not a map");
    }

    @Test
    void strictModeRefusesUnresolvedReferences() {
        Map<String, Object> ctx = Map.of("variables", Map.of("a", 1L));
        assertThat(Mops.evalStrict("{{variables.a}}", ctx)).isEqualTo(1L);
        ExpressionException e = catchThrowableOfType(
                () -> Mops.evalStrict(Map.of("call", List.of("ok", "{{request.body}}")), ctx),
                ExpressionException.class);
        assertThat(e.path()).isEqualTo("call.1");
        assertThat(e.reason()).contains("unresolved reference 'request.body' (no 'request' in the context)");
        assertThatThrownBy(() -> Mops.evalStrict("{{variables.a |> merge(request.x)}}", ctx))
                .hasMessageContaining("unresolved reference 'request.x'");
        assertThatThrownBy(() -> Mops.evalStrict("{{variables.a |> with([request.x])}}", ctx))
                .hasMessageContaining("unresolved reference 'request.x'");
    }

    @Test
    void evaluationErrorsNameTheExpressionAndThePath() {
        Map<String, Object> spec = Map.of("a", List.of("x", Map.of("b", "{{request.body.name |> integer}}")));
        ExpressionException e = catchThrowableOfType(() -> Mops.eval(spec, requestContext()),
                ExpressionException.class);
        assertThat(e.path()).isEqualTo("a.1.b");
        assertThat(e.getMessage()).isEqualTo("at 'a.1.b': integer: \"Ann\" is not an integer"
                + " in \"{{request.body.name |> integer}}\"");
    }

    // ---- validate and hasExpressions

    @Test
    void validateReportsTheDottedPathOfTheFirstBadExpression() {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("action", Map.of("type", "wamp_call",
                "procedure", "{{request.body |> frobnicate}}"));
        Map<String, Object> spec = Map.of("versions", Map.of("1.0",
                Map.of("paths", Map.of("/x", Map.of("post", post)))));
        ExpressionException e = catchThrowableOfType(() -> Mops.validate(spec), ExpressionException.class);
        assertThat(e.path()).isEqualTo("versions.1.0.paths./x.post.action.procedure");
        assertThat(e.reason()).contains("unknown operator 'frobnicate'");
        assertThat(e.getMessage()).startsWith("at 'versions.1.0.paths./x.post.action.procedure': ");
    }

    @Test
    void validateReportsListIndexes() {
        ExpressionException e = catchThrowableOfType(
                () -> Mops.validate(Map.of("action", Map.of("args", List.of("{{ok}}", 1L, "{{bad")))),
                ExpressionException.class);
        assertThat(e.path()).isEqualTo("action.args.2");
        assertThat(e.reason()).contains("'{{' is never closed by '}}'");
    }

    @Test
    void validateAcceptsGoodExpressionsWithoutAContext() {
        Mops.validate(Map.of("a", List.of("{{request.body |> get('x', 1) |> integer}}", "Hi {{who}}", 3L,
                "{{m |> merge(_, other) |> with(['a', b.c])}}", "no expression", "{{'x' |> base64:encode}}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{}}", "{{  }}", "{{a |> }}", "{{a |>}}", "{{a b}}", "{{a |> get('x' 'y')}}", "{{a..b}}", "{{.a}}",
        "{{a.}}", "{{a |> get('x)}}", "{{a |> 1x}}", "{{'unterminated}}", "{{a ||> integer}}", "{{12abc}}",
        "{{a |> get(1.)}}", "{{a |> nth(99999999999999999999)}}", "x {{a} y", "{{ {{a}} }}", "{{a |> with([a b])}}",
        "{{_}}", "{{a |> integer |> }}"})
    void validateRefusesBadSyntax(String bad) {
        assertThatThrownBy(() -> Mops.validate(bad))
                .isInstanceOf(ExpressionException.class)
                .satisfies(t -> assertThat(((ExpressionException) t).path()).isEmpty());
    }

    @Test
    void hasExpressionsLooksAtEveryDepth() {
        assertThat(Mops.hasExpressions("{{a}}")).isTrue();
        assertThat(Mops.hasExpressions("a {{ b")).isTrue();
        assertThat(Mops.hasExpressions("{ {a} }")).isFalse();
        assertThat(Mops.hasExpressions(Map.of("a", List.of(1L, Map.of("b", "x{{y}}"))))).isTrue();
        assertThat(Mops.hasExpressions(Map.of("{{key}}", "value"))).isFalse();
        assertThat(Mops.hasExpressions(Arrays.asList(null, 1L, "x"))).isFalse();
        assertThat(Mops.hasExpressions(null)).isFalse();
    }

    @Test
    void resultsAreFreshMutableCollections() {
        Object out = Mops.eval(new ArrayList<>(List.of(Map.of("a", "{{x}}"))), Map.of("x", 1L));
        assertThat(out).isEqualTo(List.of(Map.of("a", 1L)));
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) out;
        list.add("more"); // a caller may add to what it gets
        assertThat(list).hasSize(2);
    }
}
