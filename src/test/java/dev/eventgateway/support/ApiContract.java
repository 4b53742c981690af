package dev.eventgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document the gateway serves ({@code src/main/resources/openapi.json}), used as a test oracle: a real
 * response must be documented (path, method, status, content type) and its JSON body must match the documented schema,
 * extra fields included (the schemas say {@code additionalProperties: false}). Shared by every IT that talks to the
 * API, so the document cannot drift from what the code answers.
 */
public final class ApiContract {

    public static final String RESOURCE = "openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiContract INSTANCE = new ApiContract();

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    /** Operations that a test saw answered, as {@code METHOD template status}. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private ApiContract() {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            document = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    }

    public static ApiContract get() {
        return INSTANCE;
    }

    public JsonNode document() {
        return document;
    }

    /**
     * Checks one real answer.
     *
     * @throws AssertionError naming what is undocumented or which schema rule the body broke
     */
    public void check(String method, String path, int status, String contentType, String body) {
        String template = template(path);
        if (template == null) {
            throw new AssertionError("undocumented path: " + path);
        }
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            throw new AssertionError("undocumented operation: " + method + " " + template);
        }
        String responsePointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/"
                + status;
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new AssertionError("undocumented status " + status + " of " + method + " " + template
                    + "; body: " + body);
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = document.at(responsePointer);
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode content = response.path("content").path(type);
        if (content.isMissingNode()) {
            throw new AssertionError("undocumented content type " + type + " for " + status + " of " + method + " "
                    + template);
        }
        seen.add(method.toUpperCase(Locale.ROOT) + " " + template + " " + status);
        if (!type.equals("application/json")) {
            return;
        }
        String schemaPointer = responsePointer + "/content/" + escape(type) + "/schema";
        JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
                pointer -> factory.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#" + pointer)));
        List<String> errors = new ArrayList<>();
        try {
            for (ValidationMessage message : schema.validate(JSON.readTree(body))) {
                errors.add(message.getMessage());
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(method + " " + path + " → " + status + " does not match " + schemaPointer
                    + ":\n  " + String.join("\n  ", errors) + "\nbody: " + body);
        }
    }

    /** The documented path template a concrete path falls under; literal segments win over parameters. */
    public String template(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        List<String> matches = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(template -> {
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (bare.matches(regex)) {
                matches.add(template);
            }
        });
        return matches.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()))
                .orElse(null);
    }

    /** {@code METHOD template status} of every answer checked so far in this JVM. */
    public Set<String> seen() {
        return Set.copyOf(seen);
    }

    /** A JSON pointer token, percent-encoded for a URI fragment. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
