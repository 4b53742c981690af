package dev.eventgateway.observability;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSeriesTest {

    private static final int WEBHOOKS = 10_000;

    @Test
    void tenThousandWebhooksKeepTheScrapeToTheConfiguredSeriesPlusOneAggregate() {
        GatewayMetrics metrics = GatewayMetrics.create(50);
        for (int i = 0; i < WEBHOOKS; i++) {
            String uid = "wh_" + i;
            metrics.ingressRequest(uid, "meta", "accepted");
            metrics.ingressRequest(uid, "meta", "unauthorized");
            metrics.ingressRefused(uid, "meta", "signature_mismatch");
            metrics.ingressEvents(uid, "meta", 2);
        }

        String scrape = metrics.registry().scrape();
        assertThat(webhookLabels(scrape, "gateway_ingress_requests_total")).hasSize(51)
                .contains("wh_0", "wh_49", GatewayMetrics.OTHER_WEBHOOKS).doesNotContain("wh_50");
        assertThat(webhookLabels(scrape, "gateway_ingress_refused_total")).hasSize(51);
        assertThat(webhookLabels(scrape, "gateway_ingress_events_total")).hasSize(51);
        // the aggregate counts every webhook past the first 50
        assertThat(metrics.registry().get("gateway_ingress_requests").tag("webhook", GatewayMetrics.OTHER_WEBHOOKS)
                .tag("outcome", "accepted").counter().count()).isEqualTo(WEBHOOKS - 50);
        assertThat(metrics.registry().get("gateway_ingress_events").tag("webhook", GatewayMetrics.OTHER_WEBHOOKS)
                .counter().count()).isEqualTo(2.0 * (WEBHOOKS - 50));
    }

    @Test
    void everyWebhookKeepsItsOwnRequestCountsForTheConsole() {
        GatewayMetrics metrics = GatewayMetrics.create(10);
        for (int i = 0; i < WEBHOOKS; i++) {
            metrics.ingressRequest("wh_" + i, "whats91", "accepted");
        }
        metrics.ingressRequest("wh_9999", "whats91", "accepted");

        assertThat(metrics.webhookTraffic().find("gateway_ingress_requests").counters()).hasSize(WEBHOOKS);
        assertThat(metrics.webhookTraffic().get("gateway_ingress_requests").tag("webhook", "wh_9999").counter()
                .count()).isEqualTo(2.0);
        assertThat(metrics.registry().scrape()).doesNotContain("wh_9999");
    }

    @Test
    void zeroSeriesAggregatesEveryWebhook() {
        GatewayMetrics metrics = GatewayMetrics.create(0);
        metrics.ingressRequest("wh_a", "meta", "accepted");
        metrics.ingressRequest("wh_b", "meta", "accepted");

        assertThat(metrics.registry().find("gateway_ingress_requests").counters()).extracting(Counter::count)
                .containsExactly(2.0);
        assertThat(webhookLabels(metrics.registry().scrape(), "gateway_ingress_requests_total"))
                .containsExactly(GatewayMetrics.OTHER_WEBHOOKS);
    }

    /** The distinct webhook labels of one metric's lines in a Prometheus text scrape. */
    private static Set<String> webhookLabels(String scrape, String metric) {
        return scrape.lines().filter(line -> line.startsWith(metric + "{"))
                .map(line -> line.replaceAll(".*webhook=\"([^\"]*)\".*", "$1"))
                .collect(Collectors.toSet());
    }
}
