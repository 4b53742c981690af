package dev.eventgateway.bench.target;

import java.nio.file.Path;
import java.util.Map;

/**
 * What both targets share: the servers they write to, the webhooks' secrets, the partition count of their topics,
 * their heap cap, and where their files go.
 *
 * @param jar           the gateway's jar, run as users run it
 * @param benchClasspath the floor's classpath (the bench classes and the gateway jar, for Vert.x and kafka-clients)
 * @param workDir       logs, config files and the gateway's data dir (its generated secret key)
 * @param partitions    partitions of every topic either target writes
 * @param heap          {@code -Xmx} of both JVMs
 * @param producer      producer settings over the gateway's defaults, for both (the floor applies them too)
 */
public record TargetEnvironment(Path jar, String benchClasspath, Path workDir, String kafkaBootstrap,
                                String postgresUrl, String postgresUser, String postgresPassword,
                                String whats91Secret, String metaSecret, int partitions, String heap,
                                Map<String, String> producer) {

    String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
