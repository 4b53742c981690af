package dev.eventgateway.console;

import dev.eventgateway.observability.GatewayMetrics;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficSamplerTest {

    @Test
    void ratesAreTheCountersDifferencesOverTheLastMinute() {
        GatewayMetrics metrics = GatewayMetrics.create();
        MovingClock clock = new MovingClock();
        TrafficSampler sampler = new TrafficSampler(metrics.registry(), clock);
        metrics.ingressRequest("wh_a", "meta", "accepted");
        sampler.sample();
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            metrics.ingressRequest("wh_a", "meta", "accepted");
        }
        for (int i = 0; i < 5; i++) {
            metrics.ingressRequest("wh_b", "whats91", "unauthorized");
        }
        metrics.publishLatency("acked", Duration.ofMillis(3));

        JsonObject view = sampler.view(1, 20);
        JsonObject busiest = view.getJsonArray("webhooks").getJsonObject(0);
        assertThat(busiest.getString("webhookUid")).isEqualTo("wh_a");
        assertThat(busiest.getJsonObject("perSecond").getDouble("accepted")).isCloseTo(2.0, within(0.01));
        assertThat(view.getJsonArray("webhooks").getJsonObject(1).getJsonObject("perSecond")
                .getDouble("unauthorized")).isCloseTo(0.5, within(0.01));
        assertThat(view.getJsonObject("publishLatency").getJsonObject("acked").getLong("count")).isEqualTo(1);
        assertThat(sampler.view(2, 1).getJsonArray("webhooks").getJsonObject(0).getString("webhookUid"))
                .isEqualTo("wh_b");
    }

    @Test
    void theP99IsTheBucketHoldingThe99thPercentileOfTheWindowOnly() {
        TrafficSampler.Histogram before = histogram(100, 90, 100, 100);
        // in the window: 100 more, of which 10 within 1 ms, 80 within 5 ms, 10 within 50 ms
        TrafficSampler.Histogram now = histogram(200, 100, 180, 200);
        assertThat(TrafficSampler.quantile(0.99, now, before)).isEqualTo(50.0);
        assertThat(TrafficSampler.quantile(0.5, now, before)).isEqualTo(5.0);
        assertThat(TrafficSampler.quantile(0.99, before, null)).isEqualTo(5.0);
    }

    private static TrafficSampler.Histogram histogram(double count, double upTo1, double upTo5, double upTo50) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        buckets.put(1.0, upTo1);
        buckets.put(5.0, upTo5);
        buckets.put(50.0, upTo50);
        return new TrafficSampler.Histogram(count, buckets);
    }

    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-06-05T10:00:00Z");

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
