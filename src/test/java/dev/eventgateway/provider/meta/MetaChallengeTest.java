package dev.eventgateway.provider.meta;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.support.Fixtures;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetaChallengeTest {

    private final Webhook webhook = Fixtures.meta();
    private final String token = Fixtures.verificationToken("meta");

    @Test
    void echoesTheChallengeForSubscribeWithTheRightToken() {
        assertThat(MetaChallenge.answer(webhook, "subscribe", token, "1158201444")).contains("1158201444");
    }

    @Test
    void readsTheHubQueryParameters() {
        MultiMap query = MultiMap.caseInsensitiveMultiMap()
                .add("hub.mode", "subscribe").add("hub.verify_token", token).add("hub.challenge", "42");

        assertThat(MetaChallenge.answer(webhook, query)).contains("42");
        assertThat(MetaChallenge.answer(webhook, query.set("hub.verify_token", "nope"))).isEmpty();
        assertThat(MetaChallenge.answer(webhook, MultiMap.caseInsensitiveMultiMap())).isEmpty();
    }

    @Test
    void refusesAWrongOrMissingToken() {
        assertThat(MetaChallenge.answer(webhook, "subscribe", "wrong", "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "subscribe", token + "x", "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "subscribe", token.substring(1), "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "subscribe", "", "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "subscribe", null, "1158201444")).isEmpty();
    }

    @Test
    void refusesAnotherMode() {
        assertThat(MetaChallenge.answer(webhook, "unsubscribe", token, "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "SUBSCRIBE", token, "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(webhook, null, token, "1158201444")).isEmpty();
    }

    @Test
    void refusesAMissingChallenge() {
        assertThat(MetaChallenge.answer(webhook, "subscribe", token, null)).isEmpty();
        assertThat(MetaChallenge.answer(webhook, "subscribe", token, "")).isEmpty();
    }

    @Test
    void refusesEveryTokenWhenTheWebhookHasNone() {
        Webhook noToken = Fixtures.webhookBuilder("meta").verificationToken(null).build();

        assertThat(MetaChallenge.answer(noToken, "subscribe", "", "1")).isEmpty();
        assertThat(MetaChallenge.answer(noToken, "subscribe", null, "1")).isEmpty();
        assertThat(MetaChallenge.answer(null, "subscribe", token, "1")).isEmpty();
    }

    @Test
    void anotherWebhooksTokenDoesNotAnswer() {
        Webhook other = Fixtures.webhookBuilder("meta").verificationToken(Secret.ofNullable("someone-else")).build();

        assertThat(MetaChallenge.answer(other, "subscribe", token, "1158201444")).isEmpty();
        assertThat(MetaChallenge.answer(other, "subscribe", "someone-else", "1158201444")).contains("1158201444");
    }
}
