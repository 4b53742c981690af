package dev.eventgateway.storage.refusals;

import dev.eventgateway.storage.PgPools;
import dev.eventgateway.storage.query.Page;
import dev.eventgateway.storage.query.PageRequest;
import dev.eventgateway.support.Db;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared refused-requests table on the real PostgreSQL: batches in, newest first, pruned by age and size. */
@GatewayIT
class RefusedRequestTableIT {

    @Test
    void keepsTheNewestFirstAndPrunesByAgeAndBySize(GatewayStack stack) throws Exception {
        Pool pool = PgPools.shared(stack.gateway().vertx(), stack.gateway().config().postgres(), "it-refusals");
        try {
            RefusedRequestTable table = new RefusedRequestTable(pool);
            String uid = "wh_it_refused_" + UUID.randomUUID().toString().substring(0, 8);
            Instant now = Instant.now();
            List<RefusedRequest> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(new RefusedRequest(now.minusSeconds(30 - i), uid, "meta", "203.0.113." + i, 401,
                        "UNAUTHORIZED", "unauthorized", "req-" + i));
            }
            batch.add(new RefusedRequest(now.minus(Duration.ofDays(9)), uid, null, "203.0.113.99", 404, "NOT_FOUND",
                    "not found", "req-old"));
            await(table.append(batch));

            Page<RefusedRequest> first = await(table.list(uid, new PageRequest(1, 10)));
            assertThat(first.total()).isEqualTo(31);
            assertThat(first.items()).hasSize(10).first().satisfies(r -> {
                assertThat(r.requestId()).isEqualTo("req-29");
                assertThat(r.clientAddress()).isEqualTo("203.0.113.29");
                assertThat(r.reason()).isEqualTo("unauthorized");
            });
            assertThat(await(table.list(uid, new PageRequest(4, 10))).items()).singleElement()
                    .satisfies(r -> assertThat(r.requestId()).isEqualTo("req-old"));

            await(table.prune(Duration.ofDays(7), 1_000_000));
            assertThat(await(table.list(uid, new PageRequest(1, 100))).total()).isEqualTo(30);
            await(table.prune(Duration.ofDays(7), 5));
            Db db = stack.db();
            assertThat(db.count("SELECT count(*) FROM refused_requests")).isLessThanOrEqualTo(5);
            assertThat(await(table.list(uid, new PageRequest(1, 100))).items())
                    .extracting(RefusedRequest::requestId).containsExactly("req-29", "req-28", "req-27", "req-26",
                            "req-25");
        } finally {
            pool.close();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
