package dev.eventgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.GatewayRouter;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.ingress.IngressLimits;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.storage.webhooks.WebhookStore;
import dev.eventgateway.support.ApiContract;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.webhook.WebhookRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The admin routes on a real router, without servers: what answers before any database is asked (token checks, the
 * admin API switched off, the public OpenAPI and AsyncAPI documents), and that the OpenAPI document lists exactly the
 * mounted routes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AdminRoutesTest {


    private WebClient client;
    private Pool pool;

    private int serve(Vertx vertx, String adminToken) throws Exception {

        Router router = router(vertx, adminToken);
        client = WebClient.create(vertx);
        return vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    private Router router(Vertx vertx, String adminToken) {
        GatewayConfig config = ConfigLoader.load(Path.of("target"), adminToken == null ? Map.of()
                : Map.of("GATEWAY_ADMIN_TOKEN", adminToken));
        // never connects: every request here is answered before the database would be asked
        pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(9)).using(vertx)
                .build();
        WebhookStore store = new WebhookStore(pool, SecretCipher.of(Secret.ofNullable(SecretCipher.newKey())));
        AdminRoutes admin = new AdminRoutes(config, store, pool, Providers.standard(), Clock.systemUTC());
        return GatewayRouter.create(vertx, config, new WebhookRegistry(), Providers.standard(),
                batch -> Future.succeededFuture(), GatewayMetrics.create(), new Readiness(), new IngressLimits(),
                List.of(admin), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void noTokenIsMissingAndAnotherTokenIsInvalid(Vertx vertx) throws Exception {
        int port = serve(vertx, "the-admin-token");

        var missing = call(port, HttpMethod.GET, "/api/v2/webhooks", null);
        var notBearer = call(port, HttpMethod.GET, "/api/v2/webhooks", "Basic dGhlLWFkbWluLXRva2Vu");
        var wrong = call(port, HttpMethod.POST, "/api/v2/webhooks", "Bearer the-admin-tokeN");
        var longer = call(port, HttpMethod.GET, "/api/v2/templates", "Bearer the-admin-token-and-more");

        assertError(missing, 401, "MISSING_AUTH_TOKEN");
        assertThat(missing.bodyAsJsonObject().getString("message")).isEqualTo("Missing authorization token");
        assertError(notBearer, 401, "MISSING_AUTH_TOKEN");
        assertError(wrong, 401, "INVALID_AUTH_TOKEN");
        assertError(longer, 401, "INVALID_AUTH_TOKEN");
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsOffForEveryone(Vertx vertx) throws Exception {
        int port = serve(vertx, null);

        assertError(call(port, HttpMethod.GET, "/api/v2/webhooks", null), 403, "ADMIN_API_DISABLED");
        assertError(call(port, HttpMethod.GET, "/api/v2/messages/wamid.x", "Bearer anything"), 403,
                "ADMIN_API_DISABLED");
        assertThat(call(port, HttpMethod.GET, "/api/v2/openapi.json", null).statusCode()).isEqualTo(200);
    }

    @Test
    void onlyGetPostAndDeleteOfAWebhookAreRoutesAndUnknownPathsAre404(Vertx vertx) throws Exception {
        int port = serve(vertx, "t");

        assertError(call(port, HttpMethod.PUT, "/api/v2/webhooks/wh_x", "Bearer t"), 405, "METHOD_NOT_ALLOWED");
        assertError(call(port, HttpMethod.PATCH, "/api/v2/webhooks/wh_x", "Bearer t"), 405, "METHOD_NOT_ALLOWED");
        assertError(call(port, HttpMethod.DELETE, "/api/v2/webhooks", "Bearer t"), 405, "METHOD_NOT_ALLOWED");
        assertError(call(port, HttpMethod.GET, "/api/v2/nothing-here", "Bearer t"), 404, "NOT_FOUND");
    }

    @Test
    void aPathWithAnEmptySegmentNamesNothingAndIs404BeforeAnyDatabaseIsAsked(Vertx vertx) throws Exception {
        int port = serve(vertx, "t");

        // an empty shell variable in the uid: never a create, never an update of a webhook named "rotate-secret"
        for (String path : List.of("/api/v2/webhooks/", "/api/v2/webhooks//rotate-secret", "/api/v2/webhooks//",
                "/api/v2/templates/")) {
            assertError(call(port, HttpMethod.POST, path, "Bearer t"), 404, "NOT_FOUND");
            assertError(call(port, HttpMethod.DELETE, path, "Bearer t"), 404, "NOT_FOUND");
        }
        assertError(call(port, HttpMethod.GET, "/api/v2/webhooks/", "Bearer t"), 404, "NOT_FOUND");
        // the token is still checked first
        assertError(call(port, HttpMethod.POST, "/api/v2/webhooks/", null), 401, "MISSING_AUTH_TOKEN");
    }

    @Test
    void theOpenApiDocumentIsPublicAndIsTheBundledOne(Vertx vertx) throws Exception {
        int port = serve(vertx, "t");

        var answer = call(port, HttpMethod.GET, "/api/v2/openapi.json", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(answer.bodyAsJsonObject().getString("openapi")).isEqualTo("3.1.0");
        assertThat(answer.bodyAsJsonObject().getJsonObject("paths").fieldNames())
                .containsAll(ApiContract.get().document().path("paths")::fieldNames);
    }

    @Test
    void theAsyncApiDocumentIsPublicAndNamesTheConfiguredTopics(Vertx vertx) throws Exception {
        int port = serve(vertx, "t");

        var answer = call(port, HttpMethod.GET, "/api/v2/asyncapi.json", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(answer.bodyAsJsonObject().getString("asyncapi")).isEqualTo("3.0.0");
        assertThat(answer.bodyAsJsonObject().getJsonObject("channels").getJsonObject("messages.status")
                .getString("address")).isEqualTo("wa.messages.status");
        assertThat(Fixtures.parse(answer.bodyAsBuffer().getBytes())).isEqualTo(AsyncApiDocument.build("wa."));
    }

    @Test
    void theDocumentListsExactlyTheMountedRoutes(Vertx vertx) {
        Router router = router(vertx, "t");
        Set<String> mounted = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || path.endsWith("/") || route.methods() == null) {
                continue; // catch-all routes (request ids, auth, body) are steps, not operations
            }
            for (HttpMethod method : route.methods()) {
                mounted.add(method.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
            }
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = ApiContract.get().document().path("paths");
        paths.properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(mounted).isEqualTo(documented);
    }

    @Test
    void theContractCheckRejectsAnUndocumentedFieldOrStatus() {
        ApiContract contract = ApiContract.get();
        String valid = """
                {"success":false,"message":"Missing authorization token","error_code":"MISSING_AUTH_TOKEN",
                 "metadata":{"apiVersion":"v2","requestId":"r"}}""";

        contract.check("GET", "/api/v2/webhooks/wh_x", 401, "application/json", valid);
        assertThat(catchThrowable(() -> contract.check("GET",
                "/api/v2/webhooks/wh_x", 401, "application/json", valid.replace("}}", "},\"stack\":\"x\"}"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("stack");
        // an inline schema under a templated path, and one behind a $ref to the components
        assertThat(catchThrowable(() -> contract.check("GET", "/api/v2/webhooks/wh_x", 200, "application/json",
                "{\"success\":true}"))).isInstanceOf(AssertionError.class).hasMessageContaining("data");
        assertThat(catchThrowable(() -> contract.check("GET", "/api/v2/webhooks", 200, "application/json", """
                {"success":true,"message":"m","data":[{"webhookUid":"wh_x"}],
                 "pagination":{"page":1,"limit":1,"total":1,"totalPages":1,"hasMore":false},
                 "metadata":{"apiVersion":"v2","requestId":"r"}}""")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("endpointUrl");
        assertThat(catchThrowable(() -> contract.check("GET",
                "/api/v2/webhooks/wh_x", 418, "application/json", valid)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented status 418");
    }

    private HttpResponse<Buffer> call(int port, HttpMethod method, String path, String authorization) throws Exception {
        var request = client.request(method, port, "127.0.0.1", path);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.bodyAsJsonObject().getString("error_code")).isEqualTo(code);
        assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    }
}
