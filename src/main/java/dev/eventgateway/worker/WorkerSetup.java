package dev.eventgateway.worker;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.config.PgConfig;
import dev.eventgateway.config.WorkersConfig;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Tracing;
import dev.eventgateway.publish.Topics;

import java.time.Clock;
import java.time.Duration;

/**
 * What every worker verticle of a process shares: where the servers are, the topics, the retry policy, the meters and
 * the readiness state. Immutable or thread-safe parts only.
 *
 * @param stopTimeout how long a stopping worker waits for the write in hand before it leaves it uncommitted
 * @param tracing     the spans around the PostgreSQL writes, continuing each record's trace (or off)
 * @param clock       the one clock of the process (freshness, dead-letter times)
 */
public record WorkerSetup(KafkaConfig kafka, PgConfig postgres, WorkersConfig workers, Topics topics,
                          RetryPolicy retry, GatewayMetrics metrics, WorkerHealth health, Duration stopTimeout,
                          Tracing tracing, Clock clock) {
}
