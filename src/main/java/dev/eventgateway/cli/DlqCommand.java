package dev.eventgateway.cli;

import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.worker.DeadLetterQueue;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code dlq list} and {@code dlq requeue}: lists a worker's dead letters with their error headers, and re-enqueues
 * them to their source topic. Blocking Kafka clients ({@link DeadLetterQueue}, shared with the console): a
 * command-line tool, not a verticle.
 */
@Command(name = "dlq", header = "list a worker's dead letters with their errors; re-enqueue them to their source topic",
        synopsisSubcommandLabel = "(list | requeue)",
        description = {"Dead letters are the records a worker gave up on: poison records and records that failed "
                + "every attempt. They are in <topicPrefix><worker>.dlq (e.g. wa.crm.dlq), with the source record's "
                + "key, value and headers, and eg_dlq_* headers saying where the record was, why it failed and the "
                + "error.",
            "",
            "The Kafka address and topic prefix come from the configuration, as for run (config/gateway.yaml, "
                + "GATEWAY_CONFIG, GATEWAY_* variables, kafka.* client settings included; in embedded mode the "
                + "embedded broker's port of a running gateway); --bootstrap-servers and --topic-prefix override "
                + "them. What was re-enqueued is remembered as the offsets of the consumer group "
                + "<workers.consumerGroupPrefix>dlq-<worker>."})
final class DlqCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** {@code dlq} alone. */
    @Override
    public Integer call() {
        throw ProviderNames.usage(spec, "dlq needs an action: list or requeue");
    }

    @Command(name = "list", header = "list a worker's dead letters",
            description = {"Prints each dead letter: its place in the DLQ, its source topic/partition/offset, the "
                    + "reason (poison or exhausted), the attempts, the error, and the event id and type. Only those "
                    + "not re-enqueued yet, unless --all."})
    static final class List implements Callable<Integer> {

        @Mixin
        HelpOption help;
        private final Supplier<GatewayConfig> config;

        @Mixin
        Target target;

        @Option(names = "--all", description = "also the dead letters re-enqueued already")
        boolean all;

        List(Supplier<GatewayConfig> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            return target.run("list", config, (queue, out) -> {
                java.util.List<DeadLetterQueue.Letter> letters = queue.list(all, target.limit);
                for (DeadLetterQueue.Letter letter : letters) {
                    out.println(describe(letter));
                }
                out.println(letters.size() + (all ? " dead letters in " : " dead letters not re-enqueued yet in ")
                        + queue.topic());
            });
        }
    }

    @Command(name = "requeue", header = "re-enqueue a worker's dead letters to their source topic",
            description = {"Sends the dead letters not re-enqueued yet back to their source topic (same key, value "
                    + "and headers, plus eg_requeued_from), then records them as done so that a second requeue does "
                    + "not send them again. Fix the cause first; a record that fails again returns to the DLQ."})
    static final class Requeue implements Callable<Integer> {

        @Mixin
        HelpOption help;
        private final Supplier<GatewayConfig> config;

        @Mixin
        Target target;

        @Option(names = "--dry-run", description = "lists what would be sent, sends nothing")
        boolean dryRun;

        Requeue(Supplier<GatewayConfig> config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            return target.run("requeue", config, (queue, out) -> {
                if (dryRun) {
                    java.util.List<DeadLetterQueue.Letter> letters = queue.list(false, target.limit);
                    for (DeadLetterQueue.Letter letter : letters) {
                        out.println("would re-enqueue to " + letter.sourceTopic() + ": " + describe(letter));
                    }
                    out.println("would re-enqueue " + letters.size() + " dead letters from " + queue.topic());
                    return;
                }
                DeadLetterQueue.Requeued done = queue.requeue(target.limit, false);
                done.skipped().forEach(place -> out.println("skipped (no source topic header): " + place));
                done.sent().forEach(place -> out.println("re-enqueued: " + place));
                out.println("re-enqueued " + done.sent().size() + " dead letters from " + queue.topic());
            });
        }
    }

    /** Which worker's dead letters, on which cluster: the options both actions take. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--worker", required = true, paramLabel = "<worker>", completionCandidates = Workers.class,
                description = "whose dead letters: ${COMPLETION-CANDIDATES}")
        String worker;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                description = "at most this many dead letters (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--bootstrap-servers", paramLabel = "<host:port,…>",
                description = "the Kafka cluster, instead of the configured one")
        String bootstrapServers;

        @Option(names = "--topic-prefix", paramLabel = "<prefix>",
                description = "the topic prefix, instead of the configured one")
        String topicPrefix;

        @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "5",
                description = "how long to wait for Kafka before giving up (default: ${DEFAULT-VALUE} s)")
        int timeoutSeconds;

        int run(String action, Supplier<GatewayConfig> configSource, Action body) {
            if (!Topics.WORKERS.contains(worker)) {
                throw ProviderNames.usage(spec, "unknown worker: " + worker + " (one of " + Topics.WORKERS + ")");
            }
            if (limit < 1) {
                throw ProviderNames.usage(spec, "--limit must be a positive whole number, got '" + limit + "'");
            }
            if (timeoutSeconds < 1) {
                throw ProviderNames.usage(spec, "--timeout must be a positive number of seconds, got '"
                        + timeoutSeconds + "'");
            }
            GatewayConfig config = configSource.get();
            String bootstrap = bootstrapServers != null ? bootstrapServers : KafkaAddress.of(spec, config);
            Topics topics = new Topics(topicPrefix != null ? topicPrefix : config.kafka().topicPrefix());
            // the same kafka.* settings as the gateway (security, SASL, TLS), only the address may be overridden
            DeadLetterQueue queue = new DeadLetterQueue(topics.deadLetters(worker),
                    config.workers().groupId("dlq-" + worker), config.kafka().withBootstrapServers(bootstrap),
                    Duration.ofSeconds(timeoutSeconds));
            PrintWriter out = spec.commandLine().getOut();
            try {
                body.run(queue, out);
                return 0;
            } catch (ExecutionException | TimeoutException | KafkaException | IllegalStateException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                spec.commandLine().getErr().println("dlq " + action + " failed against kafka at " + bootstrap + ": "
                        + cause.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    /** What an action does with the queue. */
    @FunctionalInterface
    interface Action {
        void run(DeadLetterQueue queue, PrintWriter out)
                throws ExecutionException, InterruptedException, TimeoutException;
    }

    /** The workers with a dead-letter topic, as completion candidates. */
    static final class Workers implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Topics.WORKERS.iterator();
        }
    }

    /**
     * A letter in one to three lines; a header the record lacks is left out rather than printed as {@code null} (a
     * record a worker did not write, e.g. one produced to the DLQ by hand, has none of them).
     */
    static String describe(DeadLetterQueue.Letter letter) {
        StringBuilder text = new StringBuilder(letter.place());
        if (letter.sourceTopic() != null) {
            text.append("  from ").append(letter.sourceTopic()).append('/').append(orUnknown(letter.sourcePartition()))
                    .append('/').append(orUnknown(letter.sourceOffset()));
        }
        field(text, "reason", letter.reason());
        // a poison record is refused before any attempt: its 0 says nothing
        field(text, "attempts", "0".equals(letter.attempts()) ? null : letter.attempts());
        field(text, "failedAt", letter.failedAt());
        if (letter.eventId() != null || letter.eventType() != null) {
            text.append(System.lineSeparator()).append("  event: ").append(orUnknown(letter.eventId()));
            if (letter.eventType() != null) {
                text.append(" (").append(letter.eventType()).append(')');
            }
        }
        if (letter.error() != null) {
            text.append(System.lineSeparator()).append("  error: ").append(letter.error());
        }
        if (letter.sourceTopic() == null && letter.reason() == null && letter.error() == null) {
            text.append("  (no eg_dlq_* headers: not written by a worker)");
        }
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append("  ").append(name).append(": ").append(value);
        }
    }

    private static String orUnknown(String value) {
        return value != null ? value : "?";
    }

}
