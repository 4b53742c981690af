package dev.eventgateway.console;

import dev.eventgateway.http.ApiException;
import dev.eventgateway.http.Envelopes;
import dev.eventgateway.observability.RequestIds;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.worker.DeadLetterQueue;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Dead letters per worker: {@code GET /console/api/dead-letters/{worker}?page&limit} (the ones not re-enqueued yet,
 * with their error headers) and {@code POST …/{worker}/requeue} with {@code {"partition":p,"offset":o}} for one or
 * {@code {}} for all. The same {@link DeadLetterQueue} as the {@code dlq} command, on a worker thread (its Kafka
 * clients block).
 */
final class DeadLetterHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);
    /** At most this many letters per re-enqueue of all; the rest wait for the next one. */
    static final int MAX_REQUEUE = 1000;

    private final Function<String, DeadLetterQueue> queues;

    DeadLetterHandlers(Function<String, DeadLetterQueue> queues) {
        this.queues = queues;
    }

    void list(RoutingContext ctx) {
        DeadLetterQueue queue = queue(ctx);
        if (queue == null) {
            return;
        }
        Paging paging = Paging.of(ctx);
        ctx.vertx().executeBlocking(() -> queue.pending((paging.page() - 1) * paging.limit(), paging.limit()), false)
                .onSuccess(pending -> {
                    JsonArray items = new JsonArray();
                    pending.letters().forEach(letter -> items.add(JsonObject.mapFrom(letter)));
                    Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Dead letters retrieved", items)
                            .put("pagination", paging.json(pending.total()))
                            .put("topic", queue.topic()));
                })
                .onFailure(e -> failed(ctx, queue, e));
    }

    void requeue(RoutingContext ctx) {
        DeadLetterQueue queue = queue(ctx);
        if (queue == null) {
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            ctx.fail(ApiException.invalidPayload("the body must be a JSON object"));
            return;
        }
        Integer partition = body.getValue("partition") instanceof Number n ? n.intValue() : null;
        Long offset = body.getValue("offset") instanceof Number n ? n.longValue() : null;
        if ((partition == null) != (offset == null)) {
            ctx.fail(ApiException.validation("give partition and offset for one letter, neither for all", null));
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            if (partition == null) {
                DeadLetterQueue.Requeued done = queue.requeue(MAX_REQUEUE, false);
                return new JsonObject().put("requeued", new JsonArray(done.sent()))
                        .put("skipped", new JsonArray(done.skipped()));
            }
            return queue.requeueOne(partition, offset)
                    .map(letter -> new JsonObject().put("requeued", new JsonArray().add(letter.place()))
                            .put("skipped", new JsonArray()))
                    .orElseThrow(() -> ApiException.notFound("No pending dead letter at " + queue.topic() + "/"
                            + partition + "/" + offset));
        }, false).onSuccess(result -> {
            LOG.info("dead letters re-enqueued [requestId: {}, topic: {}, count: {}]", RequestIds.of(ctx),
                    queue.topic(), result.getJsonArray("requeued").size());
            Envelopes.reply(ctx, 200, Envelopes.success(ctx, "Dead letters re-enqueued", result));
        }).onFailure(e -> failed(ctx, queue, e));
    }

    private DeadLetterQueue queue(RoutingContext ctx) {
        String worker = ctx.pathParam("worker");
        if (!Topics.WORKERS.contains(worker)) {
            ctx.fail(ApiException.notFound("No such worker: " + worker + " (one of " + Topics.WORKERS + ")"));
            return null;
        }
        return queues.apply(worker);
    }

    private static void failed(RoutingContext ctx, DeadLetterQueue queue, Throwable e) {
        if (e instanceof ApiException) {
            ctx.fail(e);
            return;
        }
        LOG.warn("dead letters unavailable [requestId: {}, topic: {}, cause: {}]", RequestIds.of(ctx), queue.topic(),
                e.toString());
        ctx.fail(ApiException.unavailable("Kafka did not answer for " + queue.topic(), 5));
    }
}
