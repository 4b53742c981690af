package dev.eventgateway.admin;

import dev.eventgateway.config.GatewayConfig;
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
 * OpenAPI and AsyncAPI documents go to the management listener. Only GET and POST, as in Whats91's API; another method on a known
 * path is a 405. The handlers are shared by every HTTP verticle: they hold no per-request state, and the store and
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

        router.get("/api/v2/webhooks").handler(webhooks::list);
        router.post("/api/v2/webhooks").handler(body()).handler(webhooks::create);
        router.get("/api/v2/webhooks/:webhookUid").handler(webhooks::get);
        router.post("/api/v2/webhooks/:webhookUid").handler(body()).handler(webhooks::update);
        router.post("/api/v2/webhooks/:webhookUid/rotate-secret").handler(body()).handler(webhooks::rotateSecret);

        router.get("/api/v2/messages/:messageId").handler(queries::message);
        router.get("/api/v2/conversations").handler(queries::conversations);
        router.get("/api/v2/conversations/:senderId/:phone").handler(queries::conversation);
        router.get("/api/v2/templates").handler(queries::templates);
    }

    /** The API documents are served by the management listener (DESIGN §7), without a token: they hold no secret. */
    @Override
    public void mountManagement(Router router, Vertx vertx) {
        router.get("/api/v2/openapi.json").handler(openApi);
        router.get("/api/v2/asyncapi.json").handler(asyncApi);
    }

    /** On each POST route itself: a catch-all POST route would turn a GET of an unknown path into a 405. */
    private static BodyHandler body() {
        return BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    }
}
