package dev.eventgateway.support;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Blocking calls of a gateway's {@code /api/v2} API, bearer token included, for integration tests. Every answer is
 * checked against the OpenAPI document ({@link ApiContract}) before the test sees it.
 */
public final class AdminClient {

    private final Function<HttpRequest, HttpResponse<String>> send;
    private final Function<String, URI> uri;
    private final String token;

    public AdminClient(Function<HttpRequest, HttpResponse<String>> send, Function<String, URI> uri, String token) {
        this.send = send;
        this.uri = uri;
        this.token = token;
    }

    /** The same gateway with another token (null: no Authorization header at all). */
    public AdminClient withToken(String otherToken) {
        return new AdminClient(send, uri, otherToken);
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, JsonObject body) {
        return send("POST", path, body == null ? null : body.encode());
    }

    /** POSTs the text as it is (for bodies that are not JSON). */
    public Answer postRaw(String path, String body) {
        return send("POST", path, body);
    }

    public Answer send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.apply(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send.apply(request.build());
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        ApiContract.get().check(method, path, response.statusCode(), contentType, response.body());
        return new Answer(response.statusCode(), response.body(), response);
    }

    /** One answer: status and body, the body parsed on demand. */
    public record Answer(int status, String body, HttpResponse<String> response) {

        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonObject data() {
            return json().getJsonObject("data");
        }

        public String errorCode() {
            return json().getString("error_code");
        }

        /** {@code details.errors} of a VALIDATION_FAILED answer. */
        public List<String> errors() {
            return json().getJsonObject("details").getJsonArray("errors").stream().map(String::valueOf).toList();
        }
    }
}
