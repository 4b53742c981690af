package dev.eventgateway.console;

import dev.eventgateway.storage.refusals.RefusedRequest;
import dev.eventgateway.storage.refusals.RefusedRequestTable;
import dev.eventgateway.webhook.WebhookRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalRecorderTest {

    @Test
    void theErrorCodeNamesTheCategoryUnlessAHandlerGaveAFinerOne() {
        assertThat(RefusalRecorder.category(null, "UNAUTHORIZED", 401)).isEqualTo("unauthorized");
        assertThat(RefusalRecorder.category(null, "RATE_LIMITED", 429)).isEqualTo("rate limited");
        assertThat(RefusalRecorder.category(null, "PAYLOAD_TOO_LARGE", 413)).isEqualTo("too large");
        assertThat(RefusalRecorder.category(null, "NOT_FOUND", 404)).isEqualTo("not found");
        assertThat(RefusalRecorder.category(null, "FORBIDDEN", 403)).isEqualTo("ip not allowed");
        assertThat(RefusalRecorder.category(null, "SOMETHING_NEW", 400)).isEqualTo("something new");
        assertThat(RefusalRecorder.category(null, null, 502)).isEqualTo("http 502");
        assertThat(RefusalRecorder.category("signature mismatch", "UNAUTHORIZED", 401))
                .isEqualTo("signature mismatch");
    }

    @Test
    void aFloodBeyondTheQueueIsCountedAsDroppedNotKept() {
        RefusalRecorder recorder = new RefusalRecorder(new WebhookRegistry(), new RefusedRequestTable(null),
                Clock.systemUTC(), Duration.ofDays(1), 100);
        for (int i = 0; i < RefusalRecorder.MAX_PENDING + 25; i++) {
            recorder.add(new RefusedRequest(Instant.now(), "wh_x", null, "203.0.113.9", 401, "UNAUTHORIZED",
                    "unauthorized", "r" + i));
        }
        assertThat(recorder.dropped()).isEqualTo(25);
    }
}
