package dev.eventgateway.cli;

import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SampleBodiesTest {

    @Test
    void everySampleNormalizesToExactlyItsTypeWithFreshIds() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        SampleBodies.AVAILABLE.forEach((provider, types) -> {
            for (String type : types) {
                byte[] first = SampleBodies.fresh(provider, type, now).orElseThrow();
                byte[] second = SampleBodies.fresh(provider, type, now.plusSeconds(1)).orElseThrow();
                List<WebhookEvent> a = Fixtures.normalize(Fixtures.webhook(provider), first);
                List<WebhookEvent> b = Fixtures.normalize(Fixtures.webhook(provider), second);
                assertThat(a).as(provider + " " + type).singleElement()
                        .satisfies(e -> assertThat(e.type()).isEqualTo(type));
                assertThat(b.get(0).id()).as("a second send of " + provider + " " + type + " is a new event")
                        .isNotEqualTo(a.get(0).id());
            }
        });
    }

    @Test
    void listedSamplesAreExactlyTheShippedFiles() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("samples").toURI());
        List<String> shipped;
        try (Stream<Path> files = Files.walk(root)) {
            shipped = files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace(".json", "")).sorted().toList();
        }
        List<String> listed = SampleBodies.AVAILABLE.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(t -> e.getKey() + "/" + t)).sorted().toList();
        assertThat(shipped).isEqualTo(listed);
    }

    @Test
    void unknownTypeHasNoSample() {
        assertThat(SampleBodies.fresh("whats91", "message.inbound.video", Instant.now())).isEmpty();
        assertThat(SampleBodies.fresh("telegram", "message.inbound.text", Instant.now())).isEmpty();
    }
}
