package dev.eventgateway.console;

import dev.eventgateway.cli.SignedSample;
import dev.eventgateway.http.ClientAddresses;
import dev.eventgateway.http.Envelopes;
import dev.eventgateway.http.RouteMounter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.storage.query.NotificationQueries;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import dev.eventgateway.webhook.WebhookRegistry;
import dev.eventgateway.worker.DeadLetterQueue;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.time.Clock;
import java.util.function.Function;

/**
 * Mounts the console under {@code /console}: the static client (plain ES modules and CSS from the jar's
 * {@code console/} folder) behind a strict Content-Security-Policy, and the console's own API under
 * {@code /console/api}. The pages read and change webhooks, messages, conversations and templates through the admin
 * API itself ({@code /api/v2}), which takes the console's session in place of the bearer token.
 */
final class ConsoleRoutes implements RouteMounter {

    /** No inline script or style, nothing from elsewhere, no framing, forms post only here. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final ConsoleSessions sessions;
    private final ClientAddresses addresses;
    /** One per process, so that every HTTP verticle counts into the same failures. */
    private final SignInLimiter signIns = new SignInLimiter();
    private final WebhookRegistry registry;
    private final Providers providers;
    private final TrafficView traffic;
    private final RefusedRequestTable refusals;
    private final Function<String, DeadLetterQueue> deadLetters;
    private final NotificationQueries notifications;
    private final Clock clock;

    ConsoleRoutes(ConsoleSessions sessions, ClientAddresses addresses, WebhookRegistry registry, Providers providers,
                  TrafficView traffic, RefusedRequestTable refusals, Function<String, DeadLetterQueue> deadLetters,
                  NotificationQueries notifications, Clock clock) {
        this.sessions = sessions;
        this.addresses = addresses;
        this.registry = registry;
        this.providers = providers;
        this.traffic = traffic;
        this.refusals = refusals;
        this.deadLetters = deadLetters;
        this.notifications = notifications;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Vertx vertx) {
        ConsoleGuard guard = new ConsoleGuard(sessions);
        SessionHandlers session = new SessionHandlers(sessions, addresses, signIns);
        // the test event goes to this gateway's own socket: with TLS its certificate names the public host, not
        // the local address, hence no host check on this one loopback call
        TestEventHandler testEvent = new TestEventHandler(registry, providers,
                WebClient.create(vertx, new WebClientOptions().setTrustAll(true).setVerifyHost(false)), clock);
        DeadLetterHandlers letters = new DeadLetterHandlers(deadLetters);
        TrafficHandlers trafficApi = new TrafficHandlers(traffic, refusals);

        router.route("/console*").handler(ConsoleRoutes::securityHeaders);
        router.get("/console").handler(ctx -> {
            // the route matches "/console/" too: only the bare path is sent on to the one with the slash
            if (ctx.request().path().equals("/console")) {
                ctx.redirect("/console/");
            } else {
                ctx.next();
            }
        });

        router.route("/console/api/*").handler(ConsoleGuard::sameOrigin);
        router.post("/console/api/session").handler(body()).handler(session::signIn);
        router.get("/console/api/session").handler(session::current);
        router.route("/console/api/*").handler(guard::session);
        router.post("/console/api/sign-out").handler(session::signOut);
        router.get("/console/api/providers").handler(this::providers);
        router.post("/console/api/webhooks/:webhookUid/test-event").handler(body()).handler(testEvent::handle);
        router.get("/console/api/traffic").handler(trafficApi::traffic);
        router.get("/console/api/refused").handler(trafficApi::refused);
        router.get("/console/api/notifications").handler(this::notifications);
        router.get("/console/api/dead-letters/:worker").handler(letters::list);
        router.post("/console/api/dead-letters/:worker/requeue").handler(body()).handler(letters::requeue);

        router.get("/console/*").handler(StaticHandler.create("console")
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8")
                .setCachingEnabled(false));
    }

    /** {@code GET /console/api/providers}: the providers, the sample types each can send as a test event. */
    private void providers(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        providers.names().stream().sorted().forEach(name -> out.add(new JsonObject().put("name", name)
                .put("sampleTypes", new JsonArray(SignedSample.types(name)))));
        Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Providers", new JsonObject().put("providers", out)
                .put("workers", new JsonArray(Topics.WORKERS))));
    }

    /** {@code GET /console/api/notifications?senderId&page&limit}: the template notifications, newest first. */
    private void notifications(RoutingContext ctx) {
        Paging paging = Paging.of(ctx);
        String senderId = ctx.request().getParam("senderId");
        notifications.list(senderId == null || senderId.isBlank() ? null : senderId.trim(), paging.request())
                .onSuccess(page -> Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Notifications",
                        new JsonArray(page.items())).put("pagination", paging.json(page.total()))))
                .onFailure(ctx::fail);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private static BodyHandler body() {
        return BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    }
}
