package dev.eventgateway.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of the benchmark; {@link #HELP} lists it. Durations and rounds have a full and a quick set. */
public record BenchOptions(boolean quick, Path out, Path work, Path jar, String kafka, String postgres,
                           String postgresUser, String postgresPassword, int concurrency, int connections,
                           int partitions, String heap, int warmupRounds, int maxRounds, int latencyRounds,
                           int costRounds,
                           Duration targetWarmup, Duration phaseWarmup, Duration maxPhase, Duration latencyPhase,
                           Duration costPhase, Duration freshnessPhase, Set<String> stages,
                           Map<String, String> gatewayEnv, Map<String, String> floorEnv, List<String> gatewayJvm,
                           Map<String, String> producer, boolean profile, Duration profilePhase) {

    public static final List<String> ALL_STAGES = List.of("max", "latency", "batches", "bodies", "tracing",
            "freshness", "senders");

    public static final String HELP = """
            usage: bash src/bench/run.sh [options]

            Starts Kafka and PostgreSQL (embedded, or --kafka/--postgres), the gateway jar and the floor server, and
            measures both in alternating rounds; writes benchmark.json, summary.md and latency.png to --out.

              --quick                 a smoke run of about 2 minutes (default: the full run, about 12 minutes)
              --out DIR               where the results go (default docs/bench)
              --work DIR              logs, configs, embedded servers' data (default target/bench-work)
              --jar FILE              the gateway jar (default target/event-gateway.jar)
              --kafka HOST:PORT       use this Kafka instead of starting one
              --postgres JDBC_URL     use this PostgreSQL (with --postgres-user, --postgres-password)
              --stages a,b            any of max,latency,batches,bodies,tracing,freshness,senders (default: all);
                          freshness: the maximum with the workers on, freshness per worker at half of
                          it, and each worker's own CPU per 1,000 events;
                          senders: the mix over 10,000 webhooks beside two (rate, RSS, /metrics size);
                                      tracing: the maximum rate of a third server, the gateway with tracing on
                                      (a 1% sample exported over OTLP/HTTP to an endpoint the benchmark serves)
              --concurrency N         requests in flight in the closed model (default 64)
              --connections N         connections of the open model (default 128)
              --partitions N          partitions of every topic (default 6, the gateway's default)
              --heap SIZE             -Xmx of both servers (default 512m)
              --gateway-env K=V       extra GATEWAY_* setting for the gateway (repeatable; for experiments)
              --floor-env K=V         extra FLOOR_* setting for the floor (repeatable)
              --gateway-jvm OPT       extra JVM option for the gateway (repeatable)
              --producer K=V          a Kafka producer setting for both servers, over the gateway's defaults
                                      (kafka.producer.* in the gateway's config file; repeatable)
              --profile               instead of the benchmark: a closed-model run of each server under JFR, and
                                      the hottest frames of each (written to --out as profile.txt)
            """;

    public static BenchOptions parse(String[] args) {
        boolean quick = false;
        boolean profile = false;
        Path out = Path.of("docs/bench");
        Path work = Path.of("target/bench-work");
        Path jar = Path.of("target/event-gateway.jar");
        String kafka = null;
        String postgres = null;
        String pgUser = "postgres";
        String pgPassword = "";
        int concurrency = 64;
        int connections = 128;
        int partitions = 6;
        String heap = "512m";
        Set<String> stages = new LinkedHashSet<>(ALL_STAGES);
        Map<String, String> gatewayEnv = new LinkedHashMap<>();
        Map<String, String> floorEnv = new LinkedHashMap<>();
        List<String> gatewayJvm = new ArrayList<>();
        Map<String, String> producer = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--work" -> work = Path.of(value(args, ++i, arg));
                case "--jar" -> jar = Path.of(value(args, ++i, arg));
                case "--kafka" -> kafka = value(args, ++i, arg);
                case "--postgres" -> postgres = value(args, ++i, arg);
                case "--postgres-user" -> pgUser = value(args, ++i, arg);
                case "--postgres-password" -> pgPassword = value(args, ++i, arg);
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, arg));
                case "--connections" -> connections = Integer.parseInt(value(args, ++i, arg));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, arg));
                case "--heap" -> heap = value(args, ++i, arg);
                case "--stages" -> {
                    stages = new LinkedHashSet<>(List.of(value(args, ++i, arg).split(",")));
                    if (!ALL_STAGES.containsAll(stages)) {
                        throw new IllegalArgumentException("stages are " + ALL_STAGES);
                    }
                }
                case "--gateway-env" -> put(gatewayEnv, value(args, ++i, arg));
                case "--floor-env" -> put(floorEnv, value(args, ++i, arg));
                case "--gateway-jvm" -> gatewayJvm.add(value(args, ++i, arg));
                case "--producer" -> put(producer, value(args, ++i, arg));
                case "--help", "-h" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (quick) {
            return new BenchOptions(true, out, work, jar, kafka, postgres, pgUser, pgPassword, concurrency,
                    connections, partitions, heap, 2, 1, 1, 1, Duration.ofSeconds(6), Duration.ofSeconds(1),
                    Duration.ofSeconds(6), Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(15),
                    stages, gatewayEnv, floorEnv, gatewayJvm, producer, profile, Duration.ofSeconds(20));
        }
        return new BenchOptions(false, out, work, jar, kafka, postgres, pgUser, pgPassword, concurrency, connections,
                partitions, heap, 10, 3, 2, 2, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(12),
                Duration.ofSeconds(12), Duration.ofSeconds(6), Duration.ofSeconds(60), stages, gatewayEnv, floorEnv,
                gatewayJvm, producer, profile, Duration.ofSeconds(45));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void put(Map<String, String> map, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected K=V: " + pair);
        }
        map.put(pair.substring(0, eq), pair.substring(eq + 1));
    }

    /** {@code --help}: print {@link #HELP} and stop. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help", null, false, false);
        }
    }
}
