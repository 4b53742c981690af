-- The recent ingress requests the gateway refused, shared by every gateway on this database so that the console of
-- any of them shows the refusals of all. Never a secret, a header or a body: time, webhook, client address, the
-- answer's status and code, and the reason category. Bounded: each gateway prunes it by age and by row count.
CREATE TABLE refused_requests (
    id             BIGSERIAL PRIMARY KEY,
    refused_at     TIMESTAMPTZ NOT NULL,
    webhook_uid    TEXT        NOT NULL,
    provider       TEXT,
    client_address TEXT,
    status         SMALLINT    NOT NULL,
    error_code     TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    request_id     TEXT
);

CREATE INDEX refused_requests_by_time ON refused_requests (refused_at DESC, id DESC);
CREATE INDEX refused_requests_by_webhook ON refused_requests (webhook_uid, refused_at DESC, id DESC);
