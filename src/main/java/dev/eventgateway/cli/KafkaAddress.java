package dev.eventgateway.cli;

import dev.eventgateway.config.GatewayConfig;
import picocli.CommandLine.Model.CommandSpec;

/** Where a command finds Kafka when no {@code --bootstrap-servers} is given. */
final class KafkaAddress {

    private KafkaAddress() {
    }

    /** The configured brokers; in embedded mode the embedded broker of a gateway running with this config. */
    static String of(CommandSpec spec, GatewayConfig config) {
        if (!config.kafka().embedded()) {
            return config.kafka().bootstrapServers();
        }
        if (config.embedded().kafkaPort() == 0) {
            throw ProviderNames.usage(spec, "embedded Kafka runs on a random port here; pass --bootstrap-servers");
        }
        return "127.0.0.1:" + config.embedded().kafkaPort();
    }
}
