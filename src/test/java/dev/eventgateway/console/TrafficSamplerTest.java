package dev.eventgateway.console;

import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.storage.traffic.TrafficTable;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TrafficSamplerTest {

    @Test
    void aSlotHoldsWhatTheMetersCountedSinceThePreviousOneAndNothingForIdleSeries() {
        GatewayMetrics metrics = GatewayMetrics.create();
        MovingClock clock = new MovingClock(Instant.parse("2026-06-05T10:00:05.250Z"));
        TrafficSampler sampler = new TrafficSampler(metrics, new TrafficTable(null), "gw-a", clock);
        for (int i = 0; i < 3; i++) {
            metrics.ingressRequest("wh_a", "meta", "accepted");
        }
        metrics.ingressRequest("wh_b", "whats91", "unauthorized");
        metrics.publishLatency("acked", Duration.ofMillis(3));

        TrafficSampler.Slot first = sampler.take();
        assertThat(first.counts()).extracting(TrafficTable.Count::slot, TrafficTable.Count::webhookUid,
                        TrafficTable.Count::outcome, TrafficTable.Count::requests)
                .containsExactlyInAnyOrder(
                        tuple(Instant.parse("2026-06-05T10:00:00Z"), "wh_a", "accepted", 3L),
                        tuple(Instant.parse("2026-06-05T10:00:00Z"), "wh_b", "unauthorized", 1L));
        assertThat(first.latencies()).singleElement().satisfies(l -> {
            assertThat(l.outcome()).isEqualTo("acked");
            assertThat(l.observations()).isEqualTo(1);
            assertThat(l.upperBoundMs()).isBetween(3.0, 10.0);
        });

        // a timer that fires a little early still names the slot that just ended
        clock.advance(Duration.ofMillis(4_900));
        metrics.ingressRequest("wh_a", "meta", "accepted");
        TrafficSampler.Slot second = sampler.take();
        assertThat(second.counts()).extracting(TrafficTable.Count::slot, TrafficTable.Count::webhookUid,
                        TrafficTable.Count::requests)
                .containsExactly(tuple(Instant.parse("2026-06-05T10:00:05Z"), "wh_a", 1L));
        assertThat(second.latencies()).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        assertThat(sampler.take().isEmpty()).isTrue();
    }

    @Test
    void theP99IsTheUpperBoundOfTheBucketHoldingIt() {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        buckets.put(1.0, 10L);
        buckets.put(5.0, 80L);
        buckets.put(50.0, 10L);
        assertThat(TrafficView.quantile(0.99, buckets)).isEqualTo(50.0);
        assertThat(TrafficView.quantile(0.5, buckets)).isEqualTo(5.0);
        buckets.put(Double.POSITIVE_INFINITY, 900L);
        assertThat(TrafficView.quantile(0.99, buckets)).isInfinite();
    }

    @Test
    void slotsAreAlignedToTheIntervalSoThatEveryGatewaysLineUp() {
        assertThat(TrafficSampler.slotOf(Instant.parse("2026-06-05T10:00:09.999Z")))
                .isEqualTo(Instant.parse("2026-06-05T10:00:05Z"));
        assertThat(TrafficSampler.slotOf(Instant.parse("2026-06-05T10:00:10Z")))
                .isEqualTo(Instant.parse("2026-06-05T10:00:10Z"));
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
