package io.bondy.gateway.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bondy.core.expression.Mops;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BondySyntaxTest {

    @Test
    void nestedExpressionsBecomeReferencesAndBareWordsLiterals() {
        assertThat(BondySyntax.string("{{status_codes |> get({{action.error.error_uri}}, 500) |> integer}}"))
                .isEqualTo("{{status_codes |> get(action.error.error_uri, 500) |> integer}}");
        assertThat(BondySyntax.string("{{action.error.kwargs |> put(code, {{action.error.error_uri}})}}"))
                .isEqualTo("{{action.error.kwargs |> put('code', action.error.error_uri)}}");
        assertThat(BondySyntax.string("a {{x |> get('k', \"d,e\")}} b {{y}}"))
                .isEqualTo("a {{x |> get('k', \"d,e\")}} b {{y}}");
        assertThat(BondySyntax.string("{{request.body |> with([a, 'b'])}}"))
                .isEqualTo("{{request.body |> with([a, 'b'])}}");
    }

    @Test
    void theRewrittenExpressionsEvaluateAsInBondy() {
        Map<String, Object> ctx = Map.of("status_codes", Map.of("com.x.not_found", 404),
                "action", Map.of("error", Map.of("error_uri", "com.x.not_found", "kwargs", Map.of("a", 1))));
        assertThat(Mops.evalStrict(BondySyntax.normalize(
                "{{status_codes |> get({{action.error.error_uri}}, 500) |> integer}}"), ctx)).isEqualTo(404L);
        assertThat(Mops.evalStrict(BondySyntax.normalize(
                "{{action.error.kwargs |> put(code, {{action.error.error_uri}})}}"), ctx))
                .isEqualTo(Map.of("a", 1, "code", "com.x.not_found"));
    }
}
