package dev.eventgateway.admin;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.storage.query.ConversationQueries;
import dev.eventgateway.storage.query.MessageQueries;
import dev.eventgateway.storage.query.TemplateQueries;
import dev.eventgateway.storage.webhooks.WebhookStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * Mounts the admin and query API (DESIGN §6) under {@code /api/v2}: the bearer token check, then the routes; the
 * OpenAPI and AsyncAPI documents go to the management listener. GET and POST, as in Whats91's API, and DELETE of a
 * webhook; another method on a known path is a 405. The handlers are shared by every HTTP verticle: they hold no per-request state, and the store and
 * queries are non-blocking.
 */
public final class AdminRoutes implements RouteMounter {

    /** Admin bodies are small JSON objects; anything bigger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final BearerTokenHandler auth;
    private final OpenApiHandler openApi = new OpenApiHandler();
    private final AsyncApiHandler asyncApi;
    private final WebhookHandlers webhooks;
    private final QueryHandlers queries;

    public AdminRoutes(GatewayConfig config, WebhookStore store, Pool pool, Providers providers, Clock clock) {
        this(config, store, pool, providers, clock, ctx -> false);
    }

    /**
     * @param consoleSession lets a request without a bearer token through when it carries another credential: the
     *                       console's session with its CSRF header
     */
    public AdminRoutes(GatewayConfig config, WebhookStore store, Pool pool, Providers providers, Clock clock,
                       Predicate<RoutingContext> consoleSession) {
        this.auth = new BearerTokenHandler(config.admin().token(), consoleSession);
        this.asyncApi = new AsyncApiHandler(config.kafka().topicPrefix());
        this.webhooks = new WebhookHandlers(store, new WebhookRequests(providers, new WebhookCredentials()),
                new WebhookView(config.http().publicBaseUrl()), config.admin().secretOverlap(), clock);
        this.queries = new QueryHandlers(new MessageQueries(pool), new ConversationQueries(pool, clock),
                new TemplateQueries(pool));
    }

    @Override
    public void mount(Router router, Vertx vertx) {
        router.route("/api/v2/*").handler(auth);
        router.route("/api/v2/*").handler(AdminRoutes::refuseEmptySegments);

        router.get("/api/v2/webhooks").handler(webhooks::list);
        router.post("/api/v2/webhooks").handler(body()).handler(webhooks::create);
        router.get("/api/v2/webhooks/:webhookUid").handler(webhooks::get);
        router.post("/api/v2/webhooks/:webhookUid").handler(body()).handler(webhooks::update);
        router.delete("/api/v2/webhooks/:webhookUid").handler(webhooks::delete);
        router.post("/api/v2/webhooks/:webhookUid/rotate-secret").handler(body()).handler(webhooks::rotateSecret);

        router.get("/api/v2/messages/:messageId").handler(queries::message);
        router.get("/api/v2/conversations").handler(queries::conversations);
        router.get("/api/v2/conversations/:senderId/:phone").handler(queries::conversation);
        router.get("/api/v2/templates").handler(queries::templates);

        // the documents live on the management listener; on a listener of its own this one says where to look
        // (with one listener for both, the management routes come first and serve them)
        router.get("/api/v2/openapi.json").handler(AdminRoutes::servedByManagement);
        router.get("/api/v2/asyncapi.json").handler(AdminRoutes::servedByManagement);
    }

    /** The API documents are served by the management listener (DESIGN §7), without a token: they hold no secret. */
    @Override
    public void mountManagement(Router router, Vertx vertx) {
        router.get("/api/v2/openapi.json").handler(openApi);
        router.get("/api/v2/asyncapi.json").handler(asyncApi);
    }

    private static void servedByManagement(RoutingContext ctx) {
        ctx.fail(ApiException.notFound(ctx.request().path() + " is served by the management listener "
                + "(management.host:management.port, 127.0.0.1:8081 by default), without a token"));
    }

    /**
     * A path with an empty segment ({@code /api/v2/webhooks/}, {@code …/webhooks//rotate-secret}: typically an empty
     * shell variable) names nothing: 404, never the route the router would match once it dropped the trailing slash
     * or merged the slashes (a create, or an update of a webhook called "rotate-secret"). Read from the raw path,
     * since routing uses the normalized one.
     */
    private static void refuseEmptySegments(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.endsWith("/") || path.contains("//")) {
            ctx.fail(ApiException.notFound("No such route: the path " + path + " has an empty segment"));
            return;
        }
        ctx.next();
    }

    /** On each POST route itself: a catch-all POST route would turn a GET of an unknown path into a 405. */
    private static BodyHandler body() {
        return BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    }
}
