package dev.eventgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import dev.eventgateway.config.Role;
import dev.eventgateway.observability.GatewayMetrics;
import dev.eventgateway.observability.Readiness;
import dev.eventgateway.publish.Topics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes} read against the code: every variable they set is a
 * configuration key and the configuration they make loads, the roles are real, the ports and probe paths are the
 * listeners', the topics are the gateway's, and the autoscalers use metrics the gateway exports.
 */
@ExtendWith(VertxExtension.class)
class DeployManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Stand-ins for what the cluster provides at run time: the CloudNativePG URI and a real secret key. */
    private static final String SAMPLE_DATABASE = "postgresql://app:pw@event-gateway-db-rw:5432/app";
    private static final String SAMPLE_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path workDir;

    @Test
    void theKustomizationListsEveryManifestBesideIt() throws IOException {
        Set<String> listed = new HashSet<>();
        one("kustomization.yaml", "Kustomization").get("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(listed).isEqualTo(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).collect(Collectors.toSet()));
        }
    }

    @Test
    void eachDeploymentSetsOnlyConfigurationKeysAndLoadsAsItsRole() throws IOException {
        Set<String> known = configurationVariables();
        for (var entry : Map.of("event-gateway-ingress", Role.INGRESS, "event-gateway-workers", Role.WORKERS)
                .entrySet()) {
            Map<String, String> env = environment(deployment(entry.getKey()));
            assertThat(env.keySet()).as(entry.getKey())
                    .allSatisfy(name -> assertThat(!name.startsWith("GATEWAY_") || known.contains(name))
                            .as("%s is a configuration variable", name).isTrue());

            GatewayConfig config = ConfigLoader.load(workDir, env);

            assertThat(config.role()).isEqualTo(entry.getValue());
            assertThat(config.management().host()).as("probes and scrapes reach the pod address")
                    .isEqualTo("0.0.0.0");
            assertThat(config.management().sharesPublicListener(config.http())).isFalse();
        }
    }

    @Test
    void containerPortsAreTheListenersAndOnlyIngressHasThePublicOne() throws IOException {
        GatewayConfig ingress = ConfigLoader.load(workDir, environment(deployment("event-gateway-ingress")));
        assertThat(ports(deployment("event-gateway-ingress")))
                .isEqualTo(Map.of("http", ingress.http().port(), "management", ingress.management().port()));
        GatewayConfig workers = ConfigLoader.load(workDir, environment(deployment("event-gateway-workers")));
        assertThat(ports(deployment("event-gateway-workers")))
                .isEqualTo(Map.of("management", workers.management().port()));
    }

    @Test
    void probesAskTheManagementListenerOnPathsItServes(Vertx vertx) throws IOException {
        Set<String> managementPaths = GatewayRouter.createManagement(vertx, GatewayMetrics.create(), new Readiness(),
                List.of()).getRoutes().stream().map(Route::getPath).collect(Collectors.toSet());
        for (String name : List.of("event-gateway-ingress", "event-gateway-workers")) {
            JsonNode container = container(deployment(name));
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("port").asText()).as(name + " " + probe).isEqualTo("management");
                assertThat(managementPaths).as(name + " " + probe).contains(get.path("path").asText());
            }
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                    .isEqualTo("/health/ready");
        }
    }

    @Test
    void theTerminationGraceCoversPreStopAndTheDrain() throws IOException {
        for (String name : List.of("event-gateway-ingress", "event-gateway-workers")) {
            JsonNode deployment = deployment(name);
            GatewayConfig config = ConfigLoader.load(workDir, environment(deployment));
            long preStop = container(deployment).path("lifecycle").path("preStop").path("sleep").path("seconds")
                    .asLong(0);
            long grace = deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds")
                    .asLong();
            // Gateway.close: the drain, then up to shutdownTimeout + 5 s for the workers / the producer
            assertThat(grace).as(name).isGreaterThan(preStop + config.shutdownTimeout().toSeconds() + 5);
        }
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithWritableTmpAndDataDir() throws IOException {
        for (String name : List.of("event-gateway-ingress", "event-gateway-workers")) {
            JsonNode deployment = deployment(name);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = container(deployment);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            Set<String> mounts = new HashSet<>();
            container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            String dataDir = ConfigLoader.load(workDir, environment(deployment)).dataDir().toString();
            assertThat(mounts).as(name).contains("/tmp", dataDir);
        }
    }

    @Test
    void onlyThePublicListenerIsServedAndTheManagementPortStaysInTheCluster() throws IOException {
        List<JsonNode> services = documents("services.yaml");
        JsonNode pub = services.stream().filter(s -> s.at("/metadata/name").asText().equals("event-gateway"))
                .findFirst().orElseThrow();
        assertThat(pub.at("/spec/ports")).allSatisfy(p -> assertThat(p.path("targetPort").asText()).isEqualTo("http"));
        assertThat(pub.at("/spec/selector/app.kubernetes.io~1component").asText()).isEqualTo("ingress");
        assertThat(services).allSatisfy(s -> assertThat(s.at("/spec/type").asText("ClusterIP")).isEqualTo("ClusterIP"));
    }

    @Test
    void theAutoscalersTargetTheirDeploymentsAndTheWorkersStayWithinThePartitions(Vertx vertx) throws IOException {
        assertThat(one("ingress.yaml", "HorizontalPodAutoscaler").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo("event-gateway-ingress");
        JsonNode scaled = one("workers.yaml", "ScaledObject");
        assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo("event-gateway-workers");
        GatewayConfig workers = ConfigLoader.load(workDir, environment(deployment("event-gateway-workers")));
        assertThat(scaled.at("/spec/maxReplicaCount").asInt())
                .isLessThanOrEqualTo(workers.kafka().partitions() / workers.workers().instances());

        GatewayMetrics metrics = GatewayMetrics.create();
        metrics.consumerLag("crm", "wa.messages.inbound", 0, 1);
        String query = scaled.at("/spec/triggers/0/metadata/query").asText();
        assertThat(metrics.registry().getMeters()).extracting(m -> m.getId().getName())
                .anySatisfy(name -> assertThat(query).contains(name + ")"));
    }

    @Test
    void theStrimziTopicsAreTheGatewaysTopicsWithItsPartitionsReplicasAndRecordSize() throws IOException {
        GatewayConfig config = ConfigLoader.load(workDir, environment(deployment("event-gateway-ingress")));
        List<JsonNode> topics = documents("backing/strimzi-kafka.yaml").stream()
                .filter(d -> d.path("kind").asText().equals("KafkaTopic")).toList();

        assertThat(topics).extracting(t -> t.at("/metadata/name").asText())
                .containsExactlyInAnyOrderElementsOf(new Topics(config.kafka()).all());
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.at("/spec/partitions").asInt()).isEqualTo(config.kafka().partitions());
            assertThat(t.at("/spec/replicas").asInt()).isEqualTo(config.kafka().replicationFactor());
            assertThat(t.at("/spec/config/min.insync.replicas").asInt())
                    .isEqualTo(config.kafka().minInsyncReplicas());
            assertThat(t.at("/spec/config/max.message.bytes").asLong())
                    .isGreaterThanOrEqualTo(config.kafka().topicMaxMessageBytes());
        });
        assertThat(one("backing/strimzi-kafka.yaml", "Kafka").at("/spec/kafka/config/message.max.bytes").asLong())
                .isGreaterThanOrEqualTo(config.kafka().topicMaxMessageBytes());
    }

    @Test
    void theDatabaseUrlIsTheSecretCloudNativePgWritesForTheCluster() throws IOException {
        String cluster = one("backing/cloudnative-pg.yaml", "Cluster").at("/metadata/name").asText();
        for (String name : List.of("event-gateway-ingress", "event-gateway-workers")) {
            JsonNode url = variable(container(deployment(name)), "GATEWAY_POSTGRES_URL");
            assertThat(url.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(cluster + "-app");
            assertThat(url.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("uri");
        }
    }

    /** GATEWAY_CONFIG and the variable of every key of the bundled defaults. */
    private static Set<String> configurationVariables() throws IOException {
        Set<String> names = new HashSet<>(Set.of(ConfigLoader.CONFIG_FILE_ENV));
        collect(YAML.readTree(Path.of(ConfigLoader.DEFAULTS_RESOURCE).toFile()), "", names);
        return names;
    }

    private static void collect(JsonNode node, String path, Set<String> names) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().isObject() && !field.getValue().isEmpty()) {
                collect(field.getValue(), key, names);
            } else {
                names.add(ConfigLoader.envName(key));
            }
        }
    }

    /** What the pod's gateway sees: the ConfigMap and Secret it loads, then its own env, sample values for refs. */
    private static Map<String, String> environment(JsonNode deployment) throws IOException {
        JsonNode container = container(deployment);
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(strings(named("ConfigMap", from.at("/configMapRef/name").asText()).path("data")));
            }
            if (from.has("secretRef")) {
                env.putAll(strings(named("Secret", from.at("/secretRef/name").asText()).path("stringData")));
                env.put("GATEWAY_SECRET_KEY", SAMPLE_KEY);
            }
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText()
                    : SAMPLE_DATABASE);
        }
        return env;
    }

    private static JsonNode variable(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no " + name + " in " + container.path("name").asText());
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new HashMap<>();
        map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Map<String, Integer> ports(JsonNode deployment) {
        Map<String, Integer> ports = new HashMap<>();
        container(deployment).path("ports").forEach(p -> ports.put(p.path("name").asText(),
                p.path("containerPort").asInt()));
        return ports;
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static JsonNode deployment(String name) throws IOException {
        return named("Deployment", name);
    }

    private static JsonNode named(String kind, String name) throws IOException {
        return all().stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static JsonNode one(String file, String kind) throws IOException {
        List<JsonNode> matching = documents(file).stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(matching).as(kind + " in " + file).hasSize(1);
        return matching.get(0);
    }

    private static List<JsonNode> all() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode resource : one("kustomization.yaml", "Kustomization").get("resources")) {
            all.addAll(documents(resource.asText()));
        }
        return all;
    }

    private static List<JsonNode> documents(String file) throws IOException {
        try (var parser = YAML.getFactory().createParser(DIR.resolve(file).toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream().filter(d -> !d.isNull()).toList();
        }
    }
}
