-- crm worker: messages of both directions (echoes of what the business sent from the WhatsApp Business app, the
-- coexistence history sync) and a per-contact marketing preference (DESIGN §5).

ALTER TABLE messages ADD COLUMN direction text NOT NULL DEFAULT 'inbound';  -- inbound (the customer) or outbound

ALTER TABLE conversations ADD COLUMN last_message_direction text;
UPDATE conversations SET last_message_direction = 'inbound' WHERE last_message_id IS NOT NULL;

CREATE TABLE contacts (
    sender_id               text        NOT NULL,  -- the business number
    wa_id                   text        NOT NULL,  -- the customer (a conversation's phone)
    marketing               text,                  -- user_preferences marketing_messages: stop or resume
    marketing_detail        text,
    marketing_at            timestamptz,           -- occurredAt of marketing: only a newer update replaces it
    marketing_event_id      text,
    address_book_name       text,                  -- smb_app_state_sync: the name in the business's address book
    address_book_action     text,                  -- add (added or edited) or remove
    address_book_at         timestamptz,           -- occurredAt of address_book_*: only a newer sync replaces it
    created_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (sender_id, wa_id)
);
-- campaign suppression: who has stopped marketing messages
CREATE INDEX contacts_marketing_stopped ON contacts (sender_id) WHERE marketing = 'stop';
