package dev.eventgateway.config;

/** Ports and heap of the embedded single-node servers. */
public record EmbeddedConfig(int kafkaPort, int postgresPort, String kafkaHeap) {
}
