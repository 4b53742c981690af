-- State kept by the workers (DESIGN §5) and read by the query API (DESIGN §6) and downstream teams.
-- Every write is idempotent: redelivered Kafka records change nothing.

-- crm worker ------------------------------------------------------------------------------------------------------

CREATE TABLE conversations (
    sender_id                 text        NOT NULL,  -- the business number (DESIGN §4 senderId)
    phone                     text        NOT NULL,  -- the customer (inbound data.from)
    contact_name              text,
    last_message_id           text,
    last_message_type         text,
    last_message_text         text,
    last_message_at           timestamptz,           -- occurredAt of last_message_*: only a newer message replaces it
    message_count             bigint      NOT NULL DEFAULT 0,
    first_inbound_at          timestamptz,
    last_inbound_at           timestamptz,
    service_window_expires_at timestamptz,           -- last_inbound_at + 24 h: free-form replies allowed until then
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sender_id, phone)
);

CREATE TABLE messages (
    message_id   text        PRIMARY KEY,            -- the provider's message id (wamid…)
    event_id     text        NOT NULL UNIQUE,
    sender_id    text        NOT NULL,
    phone        text        NOT NULL,
    webhook_uid  text        NOT NULL,
    provider     text        NOT NULL,
    message_type text        NOT NULL,
    text         text,
    data         jsonb       NOT NULL,               -- the normalized event data (DESIGN §4)
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,               -- when the gateway received the request
    stored_at    timestamptz NOT NULL DEFAULT clock_timestamp()  -- when the worker wrote it (freshness)
);
CREATE INDEX messages_by_conversation ON messages (sender_id, phone, occurred_at);

-- timeline worker -------------------------------------------------------------------------------------------------

CREATE TABLE message_status_events (
    event_id      text        PRIMARY KEY,
    message_id    text        NOT NULL,
    sender_id     text,
    recipient     text,
    status        text        NOT NULL,              -- sent, delivered, read, played, failed
    error         jsonb,
    conversation  jsonb,
    pricing       jsonb,
    callback_data text,
    webhook_uid   text        NOT NULL,
    provider      text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_status_events_by_message ON message_status_events (message_id, occurred_at);

CREATE TABLE message_statuses (
    message_id    text        PRIMARY KEY,
    sender_id     text,
    recipient     text,
    status        text        NOT NULL,              -- the latest under sent < delivered < read < played; failed terminal
    status_rank   smallint    NOT NULL,
    error         jsonb,
    conversation  jsonb,
    pricing       jsonb,
    callback_data text,
    sent_at       timestamptz,
    delivered_at  timestamptz,
    read_at       timestamptz,
    played_at     timestamptz,
    failed_at     timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- template-ops worker ---------------------------------------------------------------------------------------------

CREATE TABLE templates (
    sender_id     text        NOT NULL,
    template_name text        NOT NULL,
    language      text        NOT NULL,
    template_id   text,
    category      text,
    status        text,                              -- APPROVED, REJECTED, PAUSED, …
    quality       text,                              -- from template.quality_update
    reason        text,
    last_event_at timestamptz NOT NULL,              -- occurredAt of the newest applied event
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- occurredAt of the event each value came from: an older event arriving late never overwrites a newer value
    status_at     timestamptz,
    quality_at    timestamptz,
    category_at   timestamptz,
    PRIMARY KEY (sender_id, template_name, language)
);

CREATE TABLE template_events (
    event_id      text        PRIMARY KEY,
    sender_id     text        NOT NULL,
    template_name text        NOT NULL,
    language      text        NOT NULL,
    type          text        NOT NULL,              -- template.status_update, .category_update, .quality_update
    status        text,
    previous      text,
    reason        text,
    details       jsonb,
    occurred_at   timestamptz NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX template_events_by_template ON template_events (sender_id, template_name, language, occurred_at);

CREATE TABLE notification_outbox (
    id                 bigserial   PRIMARY KEY,
    event_id           text        NOT NULL UNIQUE,  -- one notification per template event
    sender_id          text        NOT NULL,
    template_name      text        NOT NULL,
    language           text        NOT NULL,
    severity           text        NOT NULL,         -- info, warning, critical
    title              text        NOT NULL,
    text               text        NOT NULL,
    payload            jsonb       NOT NULL,         -- the record published on wa.notifications
    http_state         text        NOT NULL,         -- pending, delivered, failed, skipped (no URL configured)
    attempts           integer     NOT NULL DEFAULT 0,
    last_error         text,
    next_attempt_at    timestamptz,
    delivered_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at       timestamptz,                  -- when wa.notifications acknowledged it; null = not yet
    claimed_until      timestamptz                   -- a dispatcher's lease on the row while it delivers it
);
CREATE INDEX notification_outbox_pending ON notification_outbox (next_attempt_at) WHERE http_state = 'pending';
CREATE INDEX notification_outbox_unpublished ON notification_outbox (id) WHERE published_at IS NULL;
