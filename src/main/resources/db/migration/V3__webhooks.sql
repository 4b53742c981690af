-- Webhooks (DESIGN §2), written by the admin API and by the start-up upsert of config-declared webhooks, read into
-- every gateway process's in-memory registry. Secrets are AES-GCM ciphertexts (SecretCipher), never plain text.

CREATE TABLE webhooks (
    webhook_uid                text        PRIMARY KEY,
    name                       text,
    sender_id                  text,
    provider                   text        NOT NULL,
    events                     text[]      NOT NULL DEFAULT '{}',   -- empty: every event type
    status                     text        NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    signing_secret             text,                                -- ciphertext
    previous_signing_secret    text,                                -- ciphertext, valid until the expiry below
    previous_secret_expires_at timestamptz,
    verification_token         text,                                -- ciphertext
    auth_none                  boolean     NOT NULL DEFAULT false,  -- created without any secret, on purpose
    retry_enabled              boolean     NOT NULL DEFAULT true,
    retry_max_attempts         integer     NOT NULL DEFAULT 3,
    allowed_ips                text[]      NOT NULL DEFAULT '{}',   -- CIDRs; empty: any address
    rate_limit_per_second      double precision,
    rate_limit_burst           integer,
    declared                   boolean     NOT NULL DEFAULT false,  -- from the config file: read-only in the admin API
    created_at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at                 timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX webhooks_by_sender ON webhooks (sender_id, created_at);

-- Every committed change of a row is announced on the webhook_changes channel with the uid as payload, whoever made
-- it (admin API, start-up upsert, or an operator's psql). Each gateway process LISTENs and reloads that row into its
-- registry; after a reconnect it reloads everything, since notifications sent while it was away are lost.
CREATE FUNCTION notify_webhook_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('webhook_changes', CASE WHEN TG_OP = 'DELETE' THEN OLD.webhook_uid ELSE NEW.webhook_uid END);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER webhooks_notify
    AFTER INSERT OR UPDATE OR DELETE ON webhooks
    FOR EACH ROW EXECUTE FUNCTION notify_webhook_change();
