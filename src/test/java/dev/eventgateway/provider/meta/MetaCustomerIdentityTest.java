package dev.eventgateway.provider.meta;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.publish.Topics;
import dev.eventgateway.support.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Customers known by phone, by business-scoped user id (BSUID) or both; group chats; the keys they get. */
class MetaCustomerIdentityTest {

    private static final String BSUID = "US.13491208655302741918";
    private final TopicRouter router = new TopicRouter(new Topics("wa."));

    private static WebhookEvent only(String fixture) {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/" + fixture);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private String key(WebhookEvent event) {
        return router.keyFor(event, router.topics().of(event.category()));
    }

    @Test
    void aMessageWithoutAPhoneNumberIsTypedAndKeyedByTheBsuid() {
        WebhookEvent event = only("bsuid-message-without-phone.json");

        assertThat(event.type()).isEqualTo("message.inbound.text");
        assertThat(event.data().has("from")).as("from was \"\"").isFalse();
        assertThat(event.dataText("userId")).isEqualTo(BSUID);
        assertThat(event.dataText("username")).isEqualTo("@pablo.morales");
        assertThat(event.dataText("contactName")).isEqualTo("Pablo Morales");
        assertThat(key(event)).isEqualTo("106540352242922:" + BSUID);
    }

    @Test
    void aMessageWithBothIdsKeepsBothAndIsKeyedByThePhone() {
        WebhookEvent event = only("bsuid-message-with-phone.json");

        assertThat(event.dataText("from")).isEqualTo("16505551234");
        assertThat(event.dataText("userId")).isEqualTo(BSUID);
        assertThat(event.dataText("parentUserId")).isEqualTo("US.ENT.11815799212886844830");
        assertThat(key(event)).isEqualTo("106540352242922:16505551234");
    }

    @Test
    void theEventIdDoesNotDependOnWhichIdsMetaSent() {
        WebhookEvent first = only("bsuid-message-without-phone.json");
        WebhookEvent retried = only("bsuid-message-without-phone.json");

        assertThat(retried.id()).isEqualTo(first.id());
    }

    @Test
    void aGroupMessageNamesTheGroupAndTheParticipantAndIsKeyedByTheGroup() {
        WebhookEvent event = only("group-message.json");

        assertThat(event.dataText("groupId")).isEqualTo("120363025486748309@g.us");
        assertThat(event.dataText("participant")).isEqualTo("16505551234");
        assertThat(event.dataText("from")).isEqualTo("16505551234");
        assertThat(key(event)).isEqualTo("106540352242922:group:120363025486748309@g.us");
    }

    @Test
    void eachGroupsElementIsOneGroupEventOnTheGroupsTopic() {
        List<WebhookEvent> events = Fixtures.normalize(Fixtures.meta(), "meta/group-participants-update.json");

        assertThat(events).extracting(WebhookEvent::type)
                .containsExactly("group.participants_update", "group.participants_update");
        assertThat(events).allSatisfy(e -> assertThat(e.category()).isEqualTo(EventCategory.GROUP));
        assertThat(router.topics().of(EventCategory.GROUP)).isEqualTo("wa.groups.events");
        assertThat(events.get(0).dataText("event")).isEqualTo("group_participants_add");
        assertThat(events.get(0).data().at("/addedParticipants/0/phone").asText()).isEqualTo("16505559876");
        assertThat(events.get(1).data().at("/failedParticipants/0/errors/0/code").asText()).isEqualTo("131203");
        assertThat(key(events.get(0))).isEqualTo("106540352242922:120363025486748309@g.us");
    }

    @Test
    void aFailedGroupCreationWithoutAGroupIdIsKeyedByItsRequest() {
        WebhookEvent failed = Fixtures.normalize(Fixtures.meta(), "meta/group-lifecycle-update.json").get(1);

        assertThat(failed.type()).isEqualTo("group.lifecycle_update");
        assertThat(failed.data().has("groupId")).isFalse();
        assertThat(key(failed)).isEqualTo("106540352242922:7a2b3c4d-0000-4e8f-9a10-2b3c4d5e6f71");
    }

    @Test
    void aTemplateQualityChangeSentUnderTheStatusFieldIsAQualityUpdate() {
        WebhookEvent event = only("template-quality-under-status-field.json");

        assertThat(event.type()).isEqualTo("template.quality_update");
        assertThat(event.dataText("status")).isEqualTo("YELLOW");
        assertThat(event.dataText("previous")).isEqualTo("GREEN");
    }

    @Test
    void theKindsSeenInTheWildAreTyped() {
        assertThat(only("request-welcome-message.json").type()).isEqualTo("message.inbound.request_welcome");
        assertThat(only("revoke-message.json").dataText("contextMessageId")).startsWith("wamid.");
        assertThat(only("edit-message.json").type()).isEqualTo("message.inbound.edit");
        assertThat(only("interactive-call-permission-reply.json").data().at("/interactive/response").asText())
                .isEqualTo("accept");
        assertThat(only("interactive-payment-method.json").data().at("/interactive/id").asText())
                .isEqualTo("CRED_123456");
        assertThat(only("system-customer-identity-changed.json").data().at("/system/userId").asText())
                .isEqualTo("US.20934570193847562019");
        assertThat(only("account-settings-update.json").dataText("field")).isEqualTo("account_settings_update");
        assertThat(only("call-recording-available.json").type()).isEqualTo("call.recording_available");
        assertThat(only("call-transcription-available.json").dataText("callId"))
                .isEqualTo("wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh");
    }
}
