package dev.eventgateway.embedded;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker child's command line and the settings of its optional SASL listener, without starting a broker. */
class KafkaBrokerMainTest {

    private static KafkaBrokerMain.Options parse(String... args) {
        KafkaBrokerMain.Options options = new KafkaBrokerMain.Options();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void parsesWhatEmbeddedKafkaPasses() {
        KafkaBrokerMain.Options options = parse("--data-dir", "/d", "--port", "9092", "--controller-port", "9093",
                "--parent-pid", "42", "--sasl-port", "9094", "--sasl-users", "/d/users");

        assertThat(options.dataDir).isEqualTo(Path.of("/d"));
        assertThat(options.port).isEqualTo(9092);
        assertThat(options.controllerPort).isEqualTo(9093);
        assertThat(options.parentPid).isEqualTo(42L);
        assertThat(options.sasl.port).isEqualTo(9094);
        assertThat(parse("--data-dir", "/d", "--port", "1", "--controller-port", "2").sasl).isNull();
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndHalfASaslListener() {
        assertThatThrownBy(() -> parse("--data-dir", "/d", "--port", "1", "--controller-port", "2", "--bogus"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> parse("--data-dir", "/d", "--port"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse("--data-dir", "/d", "--port", "1", "--controller-port", "2",
                "--sasl-port", "3")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--sasl-users");
    }

    @Test
    void theSaslListenerIsAddedBesideThePlaintextOne() {
        Properties props = KafkaBrokerMain.brokerProperties(Path.of("/d/data"), 9092, 9093);

        KafkaBrokerMain.addSaslPlainListener(props, 9094, Map.of("gateway", "pa\"ss"));

        assertThat(props.getProperty("listeners")).isEqualTo(
                "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SASL_PLAINTEXT://127.0.0.1:9094");
        assertThat(props.getProperty("advertised.listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094");
        assertThat(props.getProperty("listener.security.protocol.map")).endsWith(",SASL_PLAINTEXT:SASL_PLAINTEXT");
        assertThat(props.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(props.getProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config")).isEqualTo(
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_gateway=\"pa\\\"ss\";");
    }

    @Test
    void aClusterNodeTakesItsIdTheVotersAndReplicatesTheInternalTopics() {
        KafkaBrokerMain.Options options = parse("--data-dir", "/d", "--port", "1", "--controller-port", "2",
                "--node-id", "2", "--quorum-voters", "1@127.0.0.1:11,2@127.0.0.1:12,3@127.0.0.1:13",
                "--cluster-id", "abc");
        assertThat(options.nodeId).isEqualTo(2);
        assertThat(options.clusterId).isEqualTo("abc");
        assertThat(parse("--data-dir", "/d", "--port", "1", "--controller-port", "2").nodeId).isEqualTo(1);

        Properties props = KafkaBrokerMain.brokerProperties(Path.of("/d/data"), 9092, 12, options.nodeId,
                options.quorumVoters);

        assertThat(props.getProperty("node.id")).isEqualTo("2");
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo(options.quorumVoters);
        assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
        assertThat(KafkaBrokerMain.brokerProperties(Path.of("/d/data"), 9092, 9093)
                .getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    }
}
