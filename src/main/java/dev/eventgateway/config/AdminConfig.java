package dev.eventgateway.config;

import dev.eventgateway.crypto.Secret;

import java.time.Duration;

/** The admin API: its bearer token (null disables it) and the signing-secret overlap after a rotation. */
public record AdminConfig(Secret token, Duration secretOverlap) {
}
