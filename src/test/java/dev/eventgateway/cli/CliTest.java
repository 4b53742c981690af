package dev.eventgateway.cli;

import dev.eventgateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line of every command, without servers: what is refused (exit 2, naming the option), help and
 * completion. Neither the gateway nor the configuration is reached by a refused command line; the commands' work
 * against Kafka and PostgreSQL is covered by CliIT, DeadLetterRequeueIT and KafkaSaslIT.
 */
class CliTest {

    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger configReads = new AtomicInteger();

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Supplier<GatewayConfig> config = () -> {
            configReads.incrementAndGet();
            throw new IllegalStateException("no configuration in this test");
        };
        int code = Cli.execute(args, () -> {
            runs.incrementAndGet();
            return 0;
        }, config, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }

    /** Each command with a valid command line, so that only the unknown option appended is wrong. */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "run",
        "sign --provider whats91 --secret s --file body.json",
        "send-sample --webhook wh --provider whats91 --secret s",
        "replay --from 2026-06-05T10:30:00Z",
        "dlq",
        "dlq list --worker crm",
        "dlq requeue --worker crm",
        "events --topic messages.inbound",
        "completion"})
    void everyCommandRefusesAnUnknownOptionWithExit2NamingIt(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--frobnicate");

        Result result = run(args.toArray(String[]::new));

        assertThat(result.code()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'");
        assertThat(runs).hasValue(0);
        assertThat(configReads).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sign --provider whats91 --file body.json --secret",
        "send-sample --webhook wh --provider",
        "replay --from",
        "dlq list --worker",
        "dlq requeue --worker crm --limit",
        "events --topic"})
    void aMissingValueIsRefusedNamingTheOption(String command) {
        String[] args = command.split(" ");
        Result result = run(args);

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter for option '" + args[args.length - 1] + "'");
        assertThat(configReads).hasValue(0);
    }

    @Test
    void anOptionIsNotTakenForTheValueOfAnother() {
        Result result = run("sign", "--provider", "--secret", "s", "--file", "body.json");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--provider");
    }

    @Test
    void missingRequiredOptionsAndBadValuesAreNamed() {
        assertThat(run("sign", "--provider", "meta").err()).contains("Missing required option: '--file=<body>'");
        assertThat(run("sign", "--provider", "meta", "--file", "body.json").err())
                .contains("Missing required argument").contains("--secret=<secret>").contains("--secret-env=NAME");
        assertThat(run("replay").err()).contains("Missing required option: '--from=<ISO-8601>'");
        Result badInstant = run("replay", "--from", "yesterday");
        assertThat(badInstant.code()).isEqualTo(2);
        assertThat(badInstant.err()).contains("--from").contains("'yesterday' is not an ISO-8601 instant");
        Result badLimit = run("dlq", "list", "--worker", "crm", "--limit", "many");
        assertThat(badLimit.code()).isEqualTo(2);
        assertThat(badLimit.err()).contains("--limit").contains("many");
        assertThat(run("send-sample", "--provider", "whats91", "--secret", "s").err())
                .contains("Missing required option: '--webhook'");
    }

    @Test
    void valuesCheckedAfterParsingAreRefusedBeforeAnythingIsReached() {
        assertThat(run("dlq").err()).contains("dlq needs an action: list or requeue");
        assertThat(run("dlq", "purge", "--worker", "crm").code()).isEqualTo(2);
        Result unknownWorker = run("dlq", "list", "--worker", "billing");
        assertThat(unknownWorker.code()).isEqualTo(2);
        assertThat(unknownWorker.err()).contains("unknown worker: billing (one of [crm, timeline, template-ops])");
        assertThat(run("dlq", "requeue", "--worker", "crm", "--limit", "0").err())
                .contains("--limit must be a positive whole number, got '0'");
        Result unknownProvider = run("sign", "--provider", "acme", "--secret", "s", "--file", "body.json");
        assertThat(unknownProvider.code()).isEqualTo(2);
        assertThat(unknownProvider.err()).contains("unknown provider: acme");
        assertThat(run("send-sample", "--webhook", "wh", "--provider", "meta").err())
                .contains("give --secret and/or --token");
        assertThat(configReads).hasValue(0);
    }

    @Test
    void anUnknownCommandIsRefused() {
        Result result = run("frobnicate");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("frobnicate");
        assertThat(runs).hasValue(0);
    }

    @Test
    void noCommandAndRunStartTheGateway() {
        assertThat(run().code()).isZero();
        assertThat(run("run").code()).isZero();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aConfigurationThatCannotBeReadIsAFailureAtRunTime() {
        Result result = run("dlq", "list", "--worker", "crm");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no configuration in this test");
    }

    @Test
    void everyCommandHasHelp() {
        Result top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("Usage: event-gateway").contains("run").contains("sign")
                .contains("send-sample").contains("replay").contains("dlq").contains("completion");
        for (String command : List.of("run", "sign", "send-sample", "replay", "dlq", "dlq list", "dlq requeue",
                "events", "completion")) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            Result help = run(args.toArray(String[]::new));
            assertThat(help.code()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: event-gateway " + command);
        }
        assertThat(run("dlq", "requeue", "--help").out()).contains("eg_requeued_from").contains("--bootstrap-servers")
                .contains("--dry-run");
        assertThat(runs).hasValue(0);
    }

    @Test
    void completionIsABashScriptForEveryCommandAndOption() {
        Result result = run("completion");

        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_event-gateway")
                .contains("send-sample").contains("requeue").contains("--bootstrap-servers")
                .contains("template-ops").contains("whats91");
    }

    @Test
    void signPrintsTheHeaderOfTheFileAsItIs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"a\": 1}");

        Result result = run("sign", "--provider", "meta", "--secret", "s", "--file", body.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("X-Hub-Signature-256: sha256=");
        Result missing = run("sign", "--provider", "meta", "--secret", "s", "--file", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file: ");
    }

    @Test
    void sendSampleToAPortNobodyListensOnSaysConnectionRefusedToThatAddress() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        Result result = run("send-sample", "--webhook", "wh", "--provider", "whats91", "--secret", "s",
                "--url", "http://127.0.0.1:" + port);

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines().toList())
                .containsExactly("send-sample failed: connection refused to 127.0.0.1:" + port);
    }

    @Test
    void sendSampleHelpHasOneUsageHeadingAndShowsTheDefaultUrlWhole() {
        Result result = run("send-sample", "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).doesNotContain("Usage: Usage:").doesNotContain("http: //")
                .contains("(default: http://localhost:8080)");
        assertThat(result.out().split("Usage:", -1)).hasSize(2);
        assertThat(result.out().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }

    @Test
    void anUnknownOptionIsNamedEvenWhenRequiredOnesAreMissingToo() {
        Result result = run("sign", "--bogus");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("Unknown option: '--bogus'");
    }

    @Test
    void deadLetterWithoutHeadersIsPrintedWithoutNullsOrAZeroAttemptCount() {
        var bare = new dev.eventgateway.worker.DeadLetterQueue.Letter("wa.crm.dlq/0/7", 0, 7, null, null, null, null,
                null, null, null, null, null);
        var poison = new dev.eventgateway.worker.DeadLetterQueue.Letter("wa.crm.dlq/0/8", 0, 8, "wa.events.message",
                "2", "41", "poison", "0", "2026-06-05T10:30:00Z", null, null, "not JSON");

        assertThat(DlqCommand.describe(bare)).isEqualTo("wa.crm.dlq/0/7  (no eg_dlq_* headers: not written by a worker)");
        assertThat(DlqCommand.describe(poison)).doesNotContain("null").doesNotContain("attempts").doesNotContain("event:")
                .contains("from wa.events.message/2/41  reason: poison  failedAt: 2026-06-05T10:30:00Z")
                .contains("error: not JSON");
    }

    @Test
    void dlqListAgainstAnAbsentBrokerFailsWithinItsTimeoutInOneLineWithTheKafkaClientQuiet(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        GatewayConfig config = dev.eventgateway.config.ConfigLoader.load(dir, java.util.Map.of());

        int code = Cli.execute(new String[]{"dlq", "list", "--worker", "crm", "--timeout", "1",
                "--bootstrap-servers", "127.0.0.1:" + port}, () -> 0, () -> config,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("dlq list failed against kafka at 127.0.0.1:" + port + ": ");
        assertThat(org.slf4j.LoggerFactory.getLogger("org.apache.kafka").isWarnEnabled())
                .as("the client's reconnect warnings are not printed").isFalse();
    }
}
