package dev.eventgateway.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"gateway\" password=\"s3cr3t-pw\";";

    @Test
    void theLoggedFormHidesEveryPasswordTheClientsKnowAndKeepsTheRest() {
        KafkaConfig config = new KafkaConfig("broker:9093", "", 6, (short) 3,
                Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS, "ssl.truststore.password", "ts-pw"),
                Map.of("sasl.jaas.config", JAAS, "ssl.key.password", "key-pw", "my.custom.secret", "custom-pw",
                        "group.instance.id", "a"),
                1024);

        String logged = config.toString();

        assertThat(logged).doesNotContain("s3cr3t-pw", "ts-pw", "key-pw", "custom-pw")
                .contains("sasl.jaas.config=[hidden]", "security.protocol=SASL_SSL", "group.instance.id=a",
                        "bootstrapServers=broker:9093");
        assertThat(config.producer()).containsEntry("sasl.jaas.config", JAAS);
    }
}
