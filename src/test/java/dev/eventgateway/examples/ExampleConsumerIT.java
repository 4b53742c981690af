package dev.eventgateway.examples;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example consumer of docs/consumers.md, against a real broker fed by a real gateway: it reads the status topic,
 * every record it reads follows the schema its {@code ce_dataschema} names, and a provider's retry is printed once.
 */
@GatewayIT
class ExampleConsumerIT {

    @Test
    void printsEveryStatusOnceAndFindsEveryRecordWithinItsSchema(GatewayStack stack) {
        byte[] failed = Fixtures.bytes("meta/status-failed.json");
        byte[] read = Fixtures.bytes("meta/status-read-free-customer-service.json");
        String failedLine = line(Fixtures.normalize(Fixtures.meta(), failed).get(0));
        String readLine = line(Fixtures.normalize(Fixtures.meta(), read).get(0));
        assertThat(stack.postFixture("meta", failed).statusCode()).isEqualTo(200);
        assertThat(stack.postFixture("meta", failed).statusCode()).as("the provider's retry").isEqualTo(200);
        assertThat(stack.postFixture("meta", read).statusCode()).isEqualTo(200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int printed = new StatusConsumer(new PrintStream(out, true, StandardCharsets.UTF_8)).run(
                stack.servers().kafkaBootstrap(), stack.topic("messages.status"), "example-" + UUID.randomUUID(),
                Integer.MAX_VALUE, true);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(printed).isGreaterThanOrEqualTo(2);
        assertThat(lines).filteredOn(line -> line.startsWith(failedLine))
                .as("printed once, with its error").hasSize(1).allMatch(line -> line.contains(" error={"));
        assertThat(lines).filteredOn(line -> line.startsWith(readLine)).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith("INVALID") && line.contains("https://"))
                .as("records that break the schema they name").isEmpty();
        assertThat(lines[lines.length - 1]).matches("printed \\d+, duplicates [1-9]\\d*, invalid \\d+");
    }

    /** How the example prints the status event: type, message id, status, key, time. */
    private static String line(WebhookEvent event) {
        String messageId = event.dataText("messageId");
        return event.type() + " " + messageId + " " + event.dataText("status") + " key=" + messageId + " at="
                + event.occurredAt();
    }
}
