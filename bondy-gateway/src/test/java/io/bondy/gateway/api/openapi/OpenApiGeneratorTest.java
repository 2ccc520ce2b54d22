package io.bondy.gateway.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bondy.gateway.api.spec.ApiSpec;
import io.bondy.gateway.api.spec.ApiSpecParser;
import io.bondy.gateway.api.spec.ApiVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated documents are valid OpenAPI 3.1 to a real parser (swagger-parser). */
class OpenApiGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiSpecParser parser = new ApiSpecParser(Set.of("/ws"));

    private static SwaggerParseResult validate(Map<String, Object> doc) throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(JSON.writeValueAsString(doc), null, options);
    }

    @Test
    void bondysExampleSpecGivesAValidDocument() throws Exception {
        Object example;
        try (InputStream in = getClass().getResourceAsStream("/api/bondy_format_api_spec.json")) {
            example = JSON.readValue(in, Object.class);
        }
        ApiSpec spec = parser.parse(example);
        ApiVersion v = spec.versions().get(0);
        SwaggerParseResult result = validate(OpenApiGenerator.generate(spec, v, "/api/v1.0"));
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getServers().get(0).getUrl()).isEqualTo("/api/v1.0");
        PathItem call = api.getPaths().get("/inventory/call");
        assertThat(call.getPost().getRequestBody().getContent()).containsKeys("application/json",
                "application/msgpack");
        assertThat(call.getOptions()).isNotNull();
    }

    @Test
    void bindingsSecurityAndDeprecationAreDescribed() throws Exception {
        ApiSpec spec = parser.parse(JSON.readValue("""
                {"id": "a", "name": "A", "host": "_", "realm_uri": "com.example",
                 "versions": {"2": {"base_path": "/v2", "is_deprecated": true,
                   "info": {"title": "Things", "description": "All the things"},
                   "paths": {
                     "/things/:id": {"security": {"type": "oauth2", "flow": "client_credentials"},
                       "get": {"action": {"type": "wamp_call", "procedure": "com.example.get"}},
                       "delete": {"action": {"type": "wamp_call", "procedure": "com.example.delete"}}},
                     "/login": {"security": {"type": "basic"},
                       "post": {"action": {"type": "static", "body": "ok"}}},
                     "/keyed": {"security": {"type": "api_key", "header_name": "x-key"},
                       "get": {"action": {"type": "forward", "host": "http://example.com"}}}}}}}""",
                Object.class));
        SwaggerParseResult result = validate(OpenApiGenerator.generate(spec, spec.versions().get(0), "/v2"));
        assertThat(result.getMessages()).isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getInfo().getTitle()).isEqualTo("Things");
        PathItem things = api.getPaths().get("/things/{id}");
        assertThat(things.getParameters()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("id");
            assertThat(p.getIn()).isEqualTo("path");
            assertThat(p.getRequired()).isTrue();
        });
        assertThat(things.getGet().getDeprecated()).isTrue();
        assertThat(things.getGet().getSecurity()).singleElement().satisfies(r -> assertThat(r).containsKey("oauth2"));
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("oauth2", "basic", "api_key");
        assertThat(api.getComponents().getSecuritySchemes().get("api_key").getName()).isEqualTo("x-key");
    }
}
