package dev.eventgateway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one gateway process runs ({@code role}, {@code GATEWAY_ROLE}): one jar, so that ingress, scaled by request
 * rate, and the workers, scaled by consumer lag and bounded by the partitions, can run as processes of their own.
 * Every role keeps the management listener (health, metrics).
 */
public enum Role {
    /** Ingress and workers in one process: the default, and the simplest deployment. */
    ALL,
    /** The public listener (webhooks, admin API, console); no workers. */
    INGRESS,
    /** The Kafka-to-PostgreSQL workers; no public listener. */
    WORKERS;

    /** Whether this role serves the public listener and publishes to Kafka. */
    public boolean runsIngress() {
        return this != WORKERS;
    }

    /** Whether this role consumes the topics into PostgreSQL. */
    public boolean runsWorkers() {
        return this != INGRESS;
    }

    /** As written in the configuration: {@code all}, {@code ingress}, {@code workers}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The values {@code role} takes, for messages: {@code all, ingress, workers}. */
    public static String values(String separator) {
        return Arrays.stream(values()).map(Role::value).collect(Collectors.joining(separator));
    }

    /** @return the role written as {@code text} (any case), or null when there is none */
    static Role parse(String text) {
        for (Role role : values()) {
            if (role.value().equalsIgnoreCase(text.trim())) {
                return role;
            }
        }
        return null;
    }
}
