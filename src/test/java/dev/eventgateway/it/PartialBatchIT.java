package dev.eventgateway.it;

import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.EventHeaders;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.support.GatewayIT;
import dev.eventgateway.support.GatewayStack;
import dev.eventgateway.support.KafkaProbe;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing a provider signed is dropped: a batch with an odd item keeps its good items and the odd one, unrouted. */
@GatewayIT
class PartialBatchIT {

    @Test
    void signedMetaBatchWithAMessageWithoutIdIs200WithTheGoodOnesPublishedAndTheOddOneUnrouted(GatewayStack stack)
            throws Exception {
        String run = UUID.randomUUID().toString();
        byte[] body = ("""
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                "phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena"},"wa_id":"16505551234"}],
                "messages":[
                {"from":"16505551234","id":"wamid.first-%1$s","timestamp":"1750857490","type":"text","text":{"body":"one %1$s"}},
                {"from":"16505551234","timestamp":"1750857491","type":"text","text":{"body":"no id %1$s"}},
                {"from":"16505551234","id":"wamid.third-%1$s","timestamp":"1750857492","type":"text","text":{"body":"three %1$s"}}
                ]}}]}]}""").formatted(run).getBytes(StandardCharsets.UTF_8);

        var response = stack.postFixture("meta", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getInteger("accepted")).isEqualTo(3);
        assertThat(answer.getInteger("unrouted")).isEqualTo(1);
        List<String> ids = answer.getJsonArray("eventIds").stream().map(String.class::cast).toList();

        // 200 means already in Kafka: read at once
        List<ConsumerRecord<String, byte[]>> inbound = stack.kafka().recordsContaining(stack.topic("messages.inbound"),
                run);
        assertThat(inbound).extracting(r -> WebhookEvent.fromJson(r.value()).dataText("messageId"))
                .containsExactlyInAnyOrder("wamid.first-" + run, "wamid.third-" + run);
        assertThat(inbound).extracting(r -> KafkaProbe.header(r, EventHeaders.CE_ID))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(2));

        List<ConsumerRecord<String, byte[]>> unrouted = stack.kafka().recordsContaining(
                stack.topic("events.unrouted"), run);
        assertThat(unrouted).singleElement().satisfies(record -> {
            WebhookEvent event = WebhookEvent.fromJson(record.value());
            assertThat(event.id()).isEqualTo(ids.get(1));
            assertThat(event.type()).isEqualTo(EventTypes.UNKNOWN);
            assertThat(event.dataText("reason")).isEqualTo("missing message.id");
            assertThat(event.raw().at("/text/body").asText()).isEqualTo("no id " + run);
            assertThat(record.key()).isEqualTo(Fixtures.uid("meta"));
        });

        assertThat(stack.kafka().recordsContaining(stack.topic("raw"), run)).singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo(body));
    }
}
