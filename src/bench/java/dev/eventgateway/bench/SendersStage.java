package dev.eventgateway.bench;

import dev.eventgateway.bench.load.PayloadFactory;
import dev.eventgateway.bench.load.Workload;
import dev.eventgateway.bench.report.PhaseResult;
import dev.eventgateway.bench.report.StageReport;
import dev.eventgateway.bench.target.Target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many senders: the everyday mix spread at random over {@link #WEBHOOKS} webhooks (half Whats91, half Meta, all
 * declared in the gateway's configuration), beside the same mix on two webhooks, in alternating rounds of the closed
 * model; then each gateway's RSS and its {@code /metrics} page: bytes, series and scrape time. A third gateway with
 * the per-webhook series uncapped ({@code management.webhookSeries} = all) gets one phase of the spread mix, to show
 * what the cap saves.
 */
final class SendersStage {

    static final String STAGE = "senders";
    static final int WEBHOOKS = 10_000;
    private static final String TWO = "gateway-2-webhooks";
    private static final String MANY = "gateway-10k-webhooks";
    private static final String UNCAPPED = "gateway-10k-uncapped";
    private static final int SCRAPES = 5;

    private final BenchRun run;
    private final BenchOptions options;

    SendersStage(BenchRun run, BenchOptions options) {
        this.run = run;
        this.options = options;
    }

    StageReport run(List<Map<String, Object>> described) {
        PayloadFactory spread = new PayloadFactory(run.runTag() + "S", run.env().whats91Secret(),
                run.env().metaSecret(), run.runTag().hashCode() + 1L).spread(WEBHOOKS / 2);
        Map<String, String> uncappedEnv = new LinkedHashMap<>(options.gatewayEnv());
        uncappedEnv.put("GATEWAY_MANAGEMENT_WEBHOOK_SERIES", Integer.toString(WEBHOOKS + 2));
        Map<String, Object> figures = new LinkedHashMap<>();
        try (Target two = Target.gateway(run.env(), TWO, "bench." + run.runTag() + ".two.", false,
                options.gatewayJvm(), options.gatewayEnv()).named(TWO);
             Target many = Target.gateway(run.env(), MANY, "bench." + run.runTag() + ".many.", false,
                     options.gatewayJvm(), options.gatewayEnv(), WEBHOOKS / 2).named(MANY);
             Target uncapped = Target.gateway(run.env(), UNCAPPED, "bench." + run.runTag() + ".uncapped.", false,
                     options.gatewayJvm(), uncappedEnv, WEBHOOKS / 2).named(UNCAPPED)) {
            described.add(BenchRun.describe(many, "ingress only, " + WEBHOOKS + " more webhooks declared, the mix "
                    + "spread over them"));
            described.add(BenchRun.describe(uncapped, "as " + MANY + ", every webhook its own /metrics series"));
            List<Target> pair = List.of(two, many);
            run.warmUp(pair);
            // every webhook once before the rounds: the first request of a webhook registers its meters
            run.measure(STAGE + "-warmup", 0, many, run.closed(Workload.MIX, options.costPhase()), false, spread);
            List<Double> twoRates = new ArrayList<>();
            List<Double> manyRates = new ArrayList<>();
            for (int round = 1; round <= options.maxRounds(); round++) {
                twoRates.add(run.measure(STAGE, round, two, run.closed(Workload.MIX, options.maxPhase()), false)
                        .requestsPerSecond());
                manyRates.add(run.measure(STAGE, round, many, run.closed(Workload.MIX, options.maxPhase()), false,
                        spread).requestsPerSecond());
            }
            run.measure(STAGE + "-uncapped", 1, uncapped, run.closed(Workload.MIX, options.costPhase()), false,
                    spread);
            double twoRate = BenchRun.medianOf(twoRates);
            double manyRate = BenchRun.medianOf(manyRates);
            figures.put("webhooks", WEBHOOKS);
            figures.put("twoWebhooksRequestsPerSecond", twoRate);
            figures.put("manyWebhooksRequestsPerSecond", manyRate);
            figures.put("ratio", twoRate == 0 ? 0 : manyRate / twoRate);
            Map<String, Object> servers = new LinkedHashMap<>();
            for (Target t : List.of(two, many, uncapped)) {
                Map<String, Object> s = new LinkedHashMap<>(scrape(t));
                ProcStats.Sample proc = ProcStats.of(t.pid());
                s.put("rssMb", proc.rssKb() / 1024.0);
                s.put("peakRssMb", proc.hwmKb() / 1024.0);
                servers.put(t.name(), s);
            }
            figures.put("servers", servers);
            run.log(String.format("senders: %.0f req/s over %d webhooks, %.0f over two (ratio %.2f); %s", manyRate,
                    WEBHOOKS, twoRate, twoRate == 0 ? 0 : manyRate / twoRate, servers));
        }
        return new StageReport(STAGE, figures, markdown(figures));
    }

    /** {@code /metrics} of the target {@link #SCRAPES} times: the median time, the bytes and the series. */
    private static Map<String, Object> scrape(Target target) {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + target.port() + "/metrics");
        List<Double> millis = new ArrayList<>();
        String body = "";
        try {
            for (int i = 0; i < SCRAPES; i++) {
                long t0 = System.nanoTime();
                body = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                millis.add((System.nanoTime() - t0) / 1e6);
            }
        } catch (IOException e) {
            return Map.of("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        long webhookSeries = body.lines().filter(l -> l.startsWith("gateway_ingress_")).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metricsBytes", body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        out.put("metricsSeries", series);
        out.put("gatewayIngressSeries", webhookSeries);
        out.put("scrapeMillisMedian", BenchRun.medianOf(millis));
        out.put("scrapeMillisMax", millis.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> f) {
        StringBuilder md = new StringBuilder("## Many senders\n\n");
        md.append(String.format("The everyday mix spread at random over %d webhooks: **%.0f req/s** against %.0f on two "
                        + "webhooks (**%.2f ×**; closed model, median of the rounds).%n%n", WEBHOOKS,
                (Double) f.get("manyWebhooksRequestsPerSecond"), (Double) f.get("twoWebhooksRequestsPerSecond"),
                (Double) f.get("ratio")));
        md.append("| gateway | RSS MB | /metrics KB | series | gateway_ingress_* series | scrape ms (median of 5) "
                + "| max ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        ((Map<String, Object>) f.get("servers")).forEach((name, v) -> {
            Map<String, Object> s = (Map<String, Object>) v;
            if (s.containsKey("error")) {
                md.append("| ").append(name).append(" | scrape failed: ").append(s.get("error")).append(" |\n");
                return;
            }
            md.append(String.format("| %s | %.0f | %.1f | %s | %s | %.1f | %.1f |%n", name, (Double) s.get("rssMb"),
                    ((Integer) s.get("metricsBytes")) / 1024.0, s.get("metricsSeries"), s.get("gatewayIngressSeries"),
                    (Double) s.get("scrapeMillisMedian"), (Double) s.get("scrapeMillisMax")));
        });
        return md.append('\n').toString();
    }

}
