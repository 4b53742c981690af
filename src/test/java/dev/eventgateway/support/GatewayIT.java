package dev.eventgateway.support;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An integration test against a running gateway and real Kafka and PostgreSQL. Test methods may take a
 * {@link GatewayStack} parameter. Servers come, once per test JVM, from (in order): addresses in the environment
 * ({@code GATEWAY_IT_KAFKA_BOOTSTRAP_SERVERS} and {@code GATEWAY_IT_POSTGRES_URL}); Testcontainers when
 * {@code GATEWAY_IT_TESTCONTAINERS=true} and Docker answers; otherwise the embedded servers of the gateway's own
 * embedded mode.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
@ExtendWith(GatewayExtension.class)
@Timeout(120)
public @interface GatewayIT {
}
