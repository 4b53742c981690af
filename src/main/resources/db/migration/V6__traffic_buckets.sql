-- Live ingress traffic, shared by every gateway on this database so that the console of any of them shows the
-- traffic of all. Each gateway writes, every few seconds and off the request path, what its meters counted in that
-- interval: requests per webhook and outcome, and the Kafka publish latency histogram per outcome (observations per
-- bucket upper bound, so that instances and intervals add up). Bounded: each gateway prunes both tables by age.
CREATE TABLE traffic_requests (
    bucket_start TIMESTAMPTZ NOT NULL,
    instance_id  TEXT        NOT NULL,
    webhook_uid  TEXT        NOT NULL,
    provider     TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    requests     BIGINT      NOT NULL,
    PRIMARY KEY (bucket_start, instance_id, webhook_uid, outcome)
);

CREATE TABLE traffic_publish_latency (
    bucket_start   TIMESTAMPTZ      NOT NULL,
    instance_id    TEXT             NOT NULL,
    outcome        TEXT             NOT NULL,
    upper_bound_ms DOUBLE PRECISION NOT NULL,  -- 'Infinity' for the observations above the histogram's last bound
    observations   BIGINT           NOT NULL,
    PRIMARY KEY (bucket_start, instance_id, outcome, upper_bound_ms)
);
