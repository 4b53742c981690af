-- The ingress spool: verified requests whose records Kafka could not acknowledge, kept here until a drainer has
-- published them. One row per request, holding every record of it (the raw record and each event record, with topic,
-- key, headers and value) in the gateway's own binary encoding. The id orders the rows: the drainer publishes them in
-- id order and deletes each once Kafka acknowledged it. A row is never updated.
CREATE TABLE ingress_spool (
    id          BIGSERIAL   PRIMARY KEY,
    spooled_at  TIMESTAMPTZ NOT NULL,
    request_id  TEXT        NOT NULL,
    webhook_uid TEXT        NOT NULL,
    records     INTEGER     NOT NULL,
    bytes       BIGINT      NOT NULL,   -- the size of batch, counted against ingress.spool.maxBytes
    batch       BYTEA       NOT NULL
);
