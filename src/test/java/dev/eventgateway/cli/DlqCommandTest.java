package dev.eventgateway.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code dlq}; the Kafka side is covered by DeadLetterRequeueIT. */
class DlqCommandTest {

    private static int run(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return DlqCommand.run(new CliArgs(args, 0), sink, sink);
    }

    @Test
    void needsAnActionAndAKnownWorker() {
        assertThatThrownBy(() -> run("--worker", "crm")).isInstanceOf(CliArgs.UsageException.class)
                .hasMessageStartingWith("dlq needs an action: list or requeue");
        assertThatThrownBy(() -> run("purge", "--worker", "crm")).isInstanceOf(CliArgs.UsageException.class);
        assertThatThrownBy(() -> run("list")).isInstanceOf(CliArgs.UsageException.class)
                .hasMessage("missing --worker");
        assertThatThrownBy(() -> run("list", "--worker", "billing")).isInstanceOf(CliArgs.UsageException.class)
                .hasMessage("unknown worker: billing (one of [crm, timeline, template-ops])");
        assertThatThrownBy(() -> run("requeue", "--worker", "crm", "--limit", "0"))
                .isInstanceOf(CliArgs.UsageException.class)
                .hasMessage("--limit must be a positive whole number, got '0'");
    }

    @Test
    void helpNamesBothActionsAndTheHeaders() {
        assertThat(DlqCommand.HELP).contains("dlq list").contains("dlq requeue").contains("eg_requeued_from")
                .contains("--bootstrap-servers");
    }
}
