package dev.eventgateway.cli;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.EventContract;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sample {@code send-sample} posts becomes events of the sample's type that follow their schemas. */
class SampleContractTest {

    @Test
    void everySampleNormalizesToItsTypeWithinTheSchema() {
        int checked = 0;
        for (var provider : SampleBodies.AVAILABLE.entrySet()) {
            for (String type : provider.getValue()) {
                byte[] body = SampleBodies.fresh(provider.getKey(), type, Instant.parse("2026-06-05T10:30:00Z"))
                        .orElseThrow();
                List<WebhookEvent> events = Fixtures.normalize(Fixtures.webhook(provider.getKey()), body);
                assertThat(events).as(provider.getKey() + " " + type).isNotEmpty()
                        .allSatisfy(event -> assertThat(event.type()).isEqualTo(type));
                events.forEach(EventContract.get()::check);
                checked += events.size();
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(SampleBodies.AVAILABLE.values().stream().mapToInt(List::size).sum());
    }
}
