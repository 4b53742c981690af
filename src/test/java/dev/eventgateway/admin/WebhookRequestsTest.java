package dev.eventgateway.admin;

import dev.eventgateway.crypto.Secret;
import dev.eventgateway.http.ApiException;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.webhook.Webhook;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookRequestsTest {

    private static final Instant NOW = Instant.parse("2026-06-05T10:30:00Z");
    private final WebhookRequests requests = new WebhookRequests(Providers.standard(), new WebhookCredentials());

    private final Webhook existing = Webhook.builder("wh_existing", "whats91").senderId("916268662275")
            .signingSecret(Secret.ofNullable("old-secret")).verificationToken(Secret.ofNullable("old-token")).build();

    @Test
    void createGeneratesUidAndSigningSecretAndDefaultsToWhats91() {
        Webhook created = requests.create(new JsonObject("""
                {"senderId":"916268662275","webhook":{"name":"CRM delivery hook",
                 "events":["message.inbound.text","message.status.delivered"]}}"""));

        assertThat(created.uid()).matches("wh_[a-z0-9]{24}");
        assertThat(created.provider()).isEqualTo("whats91");
        assertThat(created.senderId()).isEqualTo("916268662275");
        assertThat(created.signingSecret().reveal()).matches("[0-9a-f]{64}");
        assertThat(created.events()).containsExactlyInAnyOrder("message.inbound.text", "message.status.delivered");
        assertThat(created.status()).isEqualTo(Webhook.Status.ACTIVE);
        assertThat(requests.create(new JsonObject("{\"senderId\":\"1\"}")).uid()).isNotEqualTo(created.uid());
    }

    @Test
    void createKeepsAGivenSecretAndTheFlatShape() {
        Webhook created = requests.create(new JsonObject("""
                {"provider":"meta","senderId":"106540352242922","signingSecret":"app-secret","verificationToken":"v",
                 "allowedIps":["10.0.0.0/8"],"rateLimit":{"perSecond":5}}"""));

        assertThat(created.signingSecret().reveal()).isEqualTo("app-secret");
        assertThat(created.allowedIps()).extracting(Object::toString).containsExactly("10.0.0.0/8");
        assertThat(created.rateLimit().burst()).isEqualTo(5);
    }

    @Test
    void metaNeedsItsAppSecretAndVerifyTokenAndNeverGetsAGeneratedSecret() {
        ApiException bare = fails(() -> requests.create(new JsonObject("{\"provider\":\"meta\",\"senderId\":\"1\"}")));
        ApiException asked = fails(() -> requests.create(new JsonObject("""
                {"provider":"meta","senderId":"1","verificationToken":"v","generateSigningSecret":true}""")));
        ApiException none = fails(() -> requests.create(new JsonObject("""
                {"provider":"meta","senderId":"1","auth":"none"}""")));

        assertThat(errors(bare)).satisfiesExactly(
                p -> assertThat(p).startsWith("signingSecret is required for a meta webhook"),
                p -> assertThat(p).startsWith("verificationToken is required for a meta webhook")
                        .contains("hub.verify_token"));
        assertThat(errors(asked)).anySatisfy(p -> assertThat(p).startsWith("generateSigningSecret: a meta webhook's "
                + "signing secret is the provider's own key"));
        assertThat(errors(none)).anySatisfy(p -> assertThat(p).startsWith("verificationToken is required"));
    }

    @Test
    void connexeaseNeedsItsBearerTokenAndSignsNothingUnlessASecretIsGiven() {
        Webhook tokenOnly = requests.create(new JsonObject("""
                {"provider":"connexease","senderId":"1","verificationToken":"my_super_secret_token"}"""));
        Webhook signed = requests.create(new JsonObject("""
                {"provider":"connexease","senderId":"1","verificationToken":"t","signingSecret":"meta-app-secret"}"""));
        ApiException noToken = fails(() -> requests.create(new JsonObject("""
                {"provider":"connexease","senderId":"1","signingSecret":"meta-app-secret"}""")));
        ApiException clear = fails(() -> requests.update(new JsonObject("{\"webhook\":{\"clearVerificationToken\":true}}"))
                .apply(tokenOnly));
        ApiException rotate = fails(() -> requests.rotate(new JsonObject(), null, NOW, Duration.ofHours(24))
                .apply(tokenOnly));

        assertThat(tokenOnly.signingSecret()).isNull();
        assertThat(signed.signingSecret().reveal()).isEqualTo("meta-app-secret");
        assertThat(errors(noToken)).singleElement().asString()
                .startsWith("verificationToken is required for a connexease webhook").contains("Authorization: Bearer");
        assertThat(errors(clear)).singleElement().asString().startsWith("verificationToken is required");
        assertThat(rotate.getMessage()).contains("signing secret is the provider's own key");
    }

    @Test
    void whatsAbleNeedsItsTokenOrASecretAndGetsAGeneratedSecretOnlyWhenAsked() {
        Webhook tokenOnly = requests.create(new JsonObject("""
                {"provider":"whatsable","senderId":"1","verificationToken":"crm-token"}"""));
        Webhook asked = requests.create(new JsonObject("""
                {"provider":"whatsable","senderId":"1","generateSigningSecret":true}"""));
        ApiException nothing = fails(() -> requests.create(new JsonObject("{\"provider\":\"whatsable\",\"senderId\":\"1\"}")));

        assertThat(tokenOnly.signingSecret()).isNull();
        assertThat(asked.signingSecret().reveal()).matches("[0-9a-f]{64}");
        assertThat(errors(nothing)).singleElement().asString()
                .isEqualTo("a whatsable webhook needs a signingSecret or a verificationToken, or \"auth\": \"none\"");
    }

    @Test
    void whats91GetsAGeneratedSecretUnlessOneIsGivenOrItSaysNo() {
        Webhook given = requests.create(new JsonObject("{\"senderId\":\"1\",\"signingSecret\":\"mine\"}"));
        Webhook tokenOnly = requests.create(new JsonObject("""
                {"senderId":"1","verificationToken":"t","generateSigningSecret":false}"""));
        ApiException both = fails(() -> requests.create(new JsonObject("""
                {"senderId":"1","signingSecret":"mine","generateSigningSecret":true}""")));

        assertThat(given.signingSecret().reveal()).isEqualTo("mine");
        assertThat(tokenOnly.signingSecret()).isNull();
        assertThat(errors(both)).singleElement().asString().startsWith("generateSigningSecret:");
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheSeedMessageForABadEvent() {
        ApiException single = fails(() -> requests.create(new JsonObject("{\"events\":[\"message.invalid\"]}")));
        ApiException many = fails(() -> requests.create(new JsonObject("""
                {"provider":"telegram","events":"x","retryMaxAttempts":99,"allowedIps":["example.com"],
                 "rateLimit":{"perSecond":0},"colour":"blue"}""")));

        assertThat(single.status()).isEqualTo(400);
        assertThat(single.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(single.getMessage()).isEqualTo("Unsupported webhook event: message.invalid");
        assertThat(errors(many)).contains("Unknown field: colour", "events must be an array of strings",
                "rateLimit.perSecond must be > 0", "allowedIps: not an IP address or CIDR: example.com",
                "retryMaxAttempts must be between 1 and 20");
        assertThat(errors(many)).anySatisfy(p -> assertThat(p).startsWith("Unsupported provider: telegram"));
    }

    @Test
    void aClientCertificateRequirementIsSetOnCreateChangedOnUpdateAndRemovedWithNull() {
        Webhook created = requests.create(new JsonObject("""
                {"senderId":"1","signingSecret":"s","clientCertificate":" provider.example "}"""));
        Webhook untouched = requests.update(new JsonObject("{\"webhook\":{\"name\":\"renamed\"}}")).apply(created);
        Webhook any = requests.update(new JsonObject("{\"webhook\":{\"clientCertificate\":\"any\"}}"))
                .apply(created);
        Webhook removed = requests.update(new JsonObject("{\"webhook\":{\"clientCertificate\":null}}"))
                .apply(created);
        ApiException tooLong = fails(() -> requests.create(new JsonObject()
                .put("senderId", "1").put("signingSecret", "s").put("clientCertificate", "x".repeat(1000))));

        assertThat(created.clientCertificate()).isEqualTo("provider.example");
        assertThat(untouched.clientCertificate()).isEqualTo("provider.example");
        assertThat(any.clientCertificate()).isEqualTo(Webhook.ANY_CLIENT_CERTIFICATE);
        assertThat(removed.clientCertificate()).isNull();
        assertThat(errors(tooLong)).anySatisfy(p -> assertThat(p).startsWith("clientCertificate must be"));
        assertThat(new WebhookView("https://hooks.example.com").of(created, NOW).getString("clientCertificate"))
                .isEqualTo("provider.example");
    }

    @Test
    void updateChangesOnlyWhatIsGivenAndNeverTheSigningSecret() {
        Webhook updated = requests.update(new JsonObject("""
                {"senderId":"916268662275","webhook":{"status":"INACTIVE","retryEnabled":false}}""")).apply(existing);
        Webhook cleared = requests.update(new JsonObject("{\"webhook\":{\"clearVerificationToken\":true}}"))
                .apply(existing);
        Webhook retokened = requests.update(new JsonObject("""
                {"webhook":{"verificationToken":"new-shared-secret"}}""")).apply(existing);

        assertThat(updated.status()).isEqualTo(Webhook.Status.INACTIVE);
        assertThat(updated.retryEnabled()).isFalse();
        assertThat(updated.verificationToken()).isEqualTo(existing.verificationToken());
        assertThat(updated.signingSecret()).isEqualTo(existing.signingSecret());
        assertThat(cleared.verificationToken()).isNull();
        assertThat(retokened.verificationToken().reveal()).isEqualTo("new-shared-secret");
    }

    @Test
    void updateRefusesSecretsProvidersAndEmptyChanges() {
        assertThat(errors(fails(() -> requests.update(new JsonObject("{\"webhook\":{\"signingSecret\":\"x\"}}"))
                .apply(existing)))).singleElement().asString()
                .startsWith("signingSecret is never changed by an update");
        assertThat(errors(fails(() -> requests.update(new JsonObject("""
                {"webhook":{"verificationToken":"a","clearVerificationToken":true}}""")).apply(existing))))
                .containsExactly("give verificationToken or clearVerificationToken, not both");
        assertThat(errors(fails(() -> requests.update(new JsonObject("{\"webhook\":{}}")).apply(existing))))
                .singleElement().asString().startsWith("Nothing to update");
        assertThat(errors(fails(() -> requests.update(new JsonObject("{\"status\":\"INACTIVE\"}")).apply(existing))))
                .contains("Unknown field: status", "webhook must be an object with the fields to change");
    }

    @Test
    void clearingTheOnlyCredentialIsRefusedByTheRules() {
        Webhook tokenOnly = existing.toBuilder().signingSecret(null).build();

        assertThat(fails(() -> requests.update(new JsonObject("{\"webhook\":{\"clearVerificationToken\":true}}"))
                .apply(tokenOnly)).getMessage()).contains("needs a signingSecret or a verificationToken");
    }

    @Test
    void declaredWebhooksAreReadOnlyAndOtherSendersSeeNothing() {
        Webhook declared = existing.toBuilder().declared(true).build();

        ApiException readOnly = fails(() -> requests.update(new JsonObject("{\"webhook\":{\"status\":\"INACTIVE\"}}"))
                .apply(declared));
        ApiException scoped = fails(() -> requests.update(new JsonObject("""
                {"senderId":"999","webhook":{"status":"INACTIVE"}}""")).apply(existing));

        assertThat(readOnly.status()).isEqualTo(409);
        assertThat(readOnly.errorCode()).isEqualTo("WEBHOOK_READ_ONLY");
        assertThat(readOnly.getMessage()).contains("declared in the gateway configuration");
        assertThat(scoped.status()).isEqualTo(404);
    }

    @Test
    void rotationKeepsTheOldSecretForTheOverlap() {
        Webhook rotated = requests.rotate(new JsonObject(), null, NOW, Duration.ofHours(24)).apply(existing);

        assertThat(rotated.signingSecret()).isNotEqualTo(existing.signingSecret());
        assertThat(rotated.previousSigningSecret()).isEqualTo(existing.signingSecret());
        assertThat(rotated.previousSecretExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(rotated.previousSigningSecretAt(NOW.plusSeconds(3600))).isEqualTo(existing.signingSecret());
        assertThat(rotated.previousSigningSecretAt(NOW.plus(Duration.ofHours(25)))).isNull();
    }

    @Test
    void rotatingAMetaWebhookNeedsTheNewAppSecret() {
        Webhook meta = Webhook.builder("wh_meta", "meta").signingSecret(Secret.ofNullable("app-1"))
                .verificationToken(Secret.ofNullable("verify")).build();

        assertThat(fails(() -> requests.rotate(new JsonObject(), null, NOW, Duration.ofHours(1)).apply(meta))
                .getMessage()).contains("give the new one as signingSecret");
        assertThat(requests.rotate(new JsonObject("{\"signingSecret\":\"app-2\"}"), null, NOW, Duration.ofHours(1))
                .apply(meta).signingSecret().reveal()).isEqualTo("app-2");
    }

    private static ApiException fails(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run);
    }

    private static List<String> errors(ApiException e) {
        assertThat(e).as("expected a validation failure").isNotNull();
        return ((JsonObject) e.details()).getJsonArray("errors").stream().map(Object::toString).toList();
    }

}
