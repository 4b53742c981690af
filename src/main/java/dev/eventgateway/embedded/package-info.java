/**
 * The embedded single-node mode's servers (DESIGN §7): a real Kafka broker (KRaft, in a child JVM) and a real
 * PostgreSQL, with their data under the gateway's data directory, kept across restarts, listening on 127.0.0.1.
 *
 * <p>{@link dev.eventgateway.embedded.EmbeddedServers} starts what is asked for; its handles
 * {@link dev.eventgateway.embedded.EmbeddedKafka} and {@link dev.eventgateway.embedded.EmbeddedPostgres} give the
 * addresses. Everything here blocks and is meant for {@code main} before any traffic, or for test set-up; failures
 * are {@link dev.eventgateway.embedded.EmbeddedServerException}s with the end of the server's log in the message.
 *
 * <p>The servers never outlive the gateway for long: a clean stop stops them; after a {@code kill -9} of the gateway
 * the broker stops itself (its stdin pipe from the gateway reaches end-of-file) and a shell watchdog stops
 * PostgreSQL the same way; and the next start replaces any server still found on its data directory. A data
 * directory whose owning gateway is alive is refused rather than taken over.
 */
package dev.eventgateway.embedded;
