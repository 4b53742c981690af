package dev.eventgateway.cli;

import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.worker.DeadLetterQueue;
import org.apache.kafka.common.KafkaException;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code dlq}: lists a worker's dead letters with their error headers, and re-enqueues them to their source topic.
 * Blocking Kafka clients ({@link DeadLetterQueue}, shared with the console): a command-line tool, not a verticle.
 */
public final class DlqCommand {

    public static final String HELP = """
            usage: event-gateway dlq list    --worker <crm|timeline|template-ops> [--all] [--limit N]
                   event-gateway dlq requeue --worker <crm|timeline|template-ops> [--limit N] [--dry-run]

            Dead letters are the records a worker gave up on: poison records and records that failed every attempt.
            They are in <topicPrefix><worker>.dlq (e.g. wa.crm.dlq), with the source record's key, value and headers,
            and eg_dlq_* headers saying where the record was, why it failed and the error.

              list      prints each dead letter: its place in the DLQ, its source topic/partition/offset, the reason
                        (poison or exhausted), the attempts, the error, and the event id and type. Only those not
                        re-enqueued yet, unless --all.
              requeue   sends the dead letters not re-enqueued yet back to their source topic (same key, value and
                        headers, plus eg_requeued_from), then records them as done so that a second requeue does not
                        send them again. Fix the cause first; a record that fails again returns to the DLQ.
                        --dry-run lists what would be sent.

            The Kafka address and topic prefix come from the configuration, as for run (config/gateway.yaml,
            GATEWAY_CONFIG, GATEWAY_* variables; in embedded mode the embedded broker's port of a running gateway);
            --bootstrap-servers and --topic-prefix override them. What was re-enqueued is remembered as the offsets of
            the consumer group <workers.consumerGroupPrefix>dlq-<worker>.
            """;

    private DlqCommand() {
    }

    /** @return the exit code: 0 done, 1 Kafka failed (the reason goes to {@code err}) */
    public static int run(CliArgs args, PrintStream out, PrintStream err) {
        String action = args.positional().isEmpty() ? "" : args.positional().get(0);
        if (!action.equals("list") && !action.equals("requeue")) {
            throw new CliArgs.UsageException("dlq needs an action: list or requeue\n\n" + HELP);
        }
        String worker = args.require("worker");
        if (!Topics.WORKERS.contains(worker)) {
            throw new CliArgs.UsageException("unknown worker: " + worker + " (one of " + Topics.WORKERS + ")");
        }
        int limit = limit(args);
        GatewayConfig config = ConfigLoader.load();
        String bootstrap = args.get("bootstrap-servers", kafkaAddress(config));
        Topics topics = new Topics(args.get("topic-prefix", config.kafka().topicPrefix()));
        // the same kafka.* settings as the gateway (security, SASL, TLS), only the address may be overridden
        DeadLetterQueue queue = new DeadLetterQueue(topics.deadLetters(worker),
                config.workers().groupId("dlq-" + worker), config.kafka().withBootstrapServers(bootstrap));
        try {
            if (action.equals("list")) {
                return list(queue, args.has("all"), limit, out);
            }
            return requeue(queue, limit, args.has("dry-run"), out);
        } catch (ExecutionException | TimeoutException | KafkaException | IllegalStateException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("dlq " + action + " failed against kafka at " + bootstrap + ": " + cause.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int list(DeadLetterQueue queue, boolean all, int limit, PrintStream out) {
        List<DeadLetterQueue.Letter> letters = queue.list(all, limit);
        for (DeadLetterQueue.Letter letter : letters) {
            out.println(describe(letter));
        }
        out.println(letters.size() + (all ? " dead letters in " : " dead letters not re-enqueued yet in ")
                + queue.topic());
        return 0;
    }

    private static int requeue(DeadLetterQueue queue, int limit, boolean dryRun, PrintStream out)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (dryRun) {
            List<DeadLetterQueue.Letter> letters = queue.list(false, limit);
            for (DeadLetterQueue.Letter letter : letters) {
                out.println("would re-enqueue to " + letter.sourceTopic() + ": " + describe(letter));
            }
            out.println("would re-enqueue " + letters.size() + " dead letters from " + queue.topic());
            return 0;
        }
        DeadLetterQueue.Requeued done = queue.requeue(limit, false);
        done.skipped().forEach(place -> out.println("skipped (no source topic header): " + place));
        done.sent().forEach(place -> out.println("re-enqueued: " + place));
        out.println("re-enqueued " + done.sent().size() + " dead letters from " + queue.topic());
        return 0;
    }

    private static String describe(DeadLetterQueue.Letter letter) {
        return letter.place()
                + "  from " + letter.sourceTopic() + "/" + letter.sourcePartition() + "/" + letter.sourceOffset()
                + "  reason: " + letter.reason()
                + "  attempts: " + letter.attempts()
                + "  failedAt: " + letter.failedAt()
                + System.lineSeparator() + "  event: " + letter.eventId() + " (" + letter.eventType() + ")"
                + System.lineSeparator() + "  error: " + letter.error();
    }

    private static int limit(CliArgs args) {
        String text = args.get("limit", "1000");
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new CliArgs.UsageException("--limit must be a positive whole number, got '" + text + "'");
        }
    }

    /** The configured brokers; in embedded mode the embedded broker of a gateway running with this configuration. */
    private static String kafkaAddress(GatewayConfig config) {
        if (!config.kafka().embedded()) {
            return config.kafka().bootstrapServers();
        }
        if (config.embedded().kafkaPort() == 0) {
            throw new CliArgs.UsageException("embedded Kafka runs on a random port here; pass --bootstrap-servers");
        }
        return "127.0.0.1:" + config.embedded().kafkaPort();
    }
}
