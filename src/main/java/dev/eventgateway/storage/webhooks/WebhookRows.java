package dev.eventgateway.storage.webhooks;

import dev.eventgateway.crypto.SecretCipher;
import dev.eventgateway.webhook.Cidr;
import dev.eventgateway.webhook.RateLimit;
import dev.eventgateway.webhook.Webhook;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * Maps {@link Webhook}s to rows of the {@code webhooks} table and back, encrypting secrets on the way in and
 * decrypting them on the way out. The one place that knows the columns.
 */
final class WebhookRows {

    /** Every written column, in the order of {@link #values}; {@code created_at}/{@code updated_at} are the DB's. */
    static final String COLUMNS = "webhook_uid, name, sender_id, provider, events, status, signing_secret, "
            + "previous_signing_secret, previous_secret_expires_at, verification_token, auth_none, retry_enabled, "
            + "retry_max_attempts, allowed_ips, rate_limit_per_second, rate_limit_burst, client_certificate, declared";
    static final String PLACEHOLDERS = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18";
    /** The columns after the uid, for {@code UPDATE … SET (…) = (…)}. */
    static final String MUTABLE_COLUMNS = COLUMNS.substring("webhook_uid, ".length());

    static final String SIGNING_SECRET = "signing_secret";
    static final String PREVIOUS_SIGNING_SECRET = "previous_signing_secret";
    static final String VERIFICATION_TOKEN = "verification_token";

    private final SecretCipher cipher;

    WebhookRows(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The values of {@link #COLUMNS} for a webhook, secrets encrypted. */
    Tuple values(Webhook w) {
        return Tuple.tuple()
                .addString(w.uid())
                .addString(w.name())
                .addString(w.senderId())
                .addString(w.provider())
                .addArrayOfString(w.events().stream().sorted().toArray(String[]::new))
                .addString(w.status().name())
                .addString(cipher.encrypt(w.signingSecret(), context(w.uid(), SIGNING_SECRET)))
                .addString(cipher.encrypt(w.previousSigningSecret(), context(w.uid(), PREVIOUS_SIGNING_SECRET)))
                .addOffsetDateTime(w.previousSecretExpiresAt() == null ? null
                        : w.previousSecretExpiresAt().atOffset(ZoneOffset.UTC))
                .addString(cipher.encrypt(w.verificationToken(), context(w.uid(), VERIFICATION_TOKEN)))
                .addBoolean(w.authNone())
                .addBoolean(w.retryEnabled())
                .addInteger(w.retryMaxAttempts())
                .addArrayOfString(w.allowedIps().stream().map(Cidr::text).toArray(String[]::new))
                .addDouble(w.rateLimit() == null ? null : w.rateLimit().perSecond())
                .addInteger(w.rateLimit() == null ? null : w.rateLimit().burst())
                .addString(w.clientCertificate())
                .addBoolean(w.declared());
    }

    /**
     * The webhook of a row, secrets decrypted.
     *
     * @throws SecretCipher.DecryptionException when a secret was encrypted under another key or altered
     */
    Webhook decode(Row row) {
        String uid = row.getString("webhook_uid");
        Double perSecond = row.getDouble("rate_limit_per_second");
        Integer burst = row.getInteger("rate_limit_burst");
        return Webhook.builder(uid, row.getString("provider"))
                .name(row.getString("name"))
                .senderId(row.getString("sender_id"))
                .events(new LinkedHashSet<>(Arrays.asList(row.getArrayOfStrings("events"))))
                .status(Webhook.Status.valueOf(row.getString("status")))
                .signingSecret(cipher.decrypt(row.getString(SIGNING_SECRET), context(uid, SIGNING_SECRET)))
                .previousSigningSecret(
                        cipher.decrypt(row.getString(PREVIOUS_SIGNING_SECRET), context(uid, PREVIOUS_SIGNING_SECRET)),
                        instant(row.getOffsetDateTime("previous_secret_expires_at")))
                .verificationToken(cipher.decrypt(row.getString(VERIFICATION_TOKEN), context(uid, VERIFICATION_TOKEN)))
                .authNone(row.getBoolean("auth_none"))
                .retryEnabled(row.getBoolean("retry_enabled"))
                .retryMaxAttempts(row.getInteger("retry_max_attempts"))
                .allowedIps(Arrays.stream(row.getArrayOfStrings("allowed_ips")).map(Cidr::parse).toList())
                .rateLimit(perSecond == null || burst == null ? null : new RateLimit(perSecond, burst))
                .clientCertificate(row.getString("client_certificate"))
                .declared(row.getBoolean("declared"))
                .createdAt(instant(row.getOffsetDateTime("created_at")))
                .updatedAt(instant(row.getOffsetDateTime("updated_at")))
                .build();
    }

    /** Whether two webhooks define the same endpoint, timestamps aside (an unchanged declaration is not rewritten). */
    static boolean sameDefinition(Webhook a, Webhook b) {
        return a.toBuilder().createdAt(null).updatedAt(null).build()
                .equals(b.toBuilder().createdAt(null).updatedAt(null).build());
    }

    /** The associated data of a secret: binds the ciphertext to its webhook and column. */
    private static String context(String uid, String column) {
        return uid + "/" + column;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
