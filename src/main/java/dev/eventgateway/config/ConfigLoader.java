package dev.eventgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.eventgateway.crypto.Secret;
import dev.eventgateway.crypto.SecretCipher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link GatewayConfig} from its layers, lowest first: the defaults bundled in the jar,
 * {@code config/gateway.yaml} in the working directory, the file named by {@code GATEWAY_CONFIG}, then
 * {@code GATEWAY_*} environment variables. {@code ${NAME}} / {@code ${NAME:-default}} in file values are replaced from
 * the environment. Validation is eager: one {@link ConfigException} lists every bad key, unknown keys in a file and
 * {@code GATEWAY_*} variables that set nothing ({@link UnknownVariables}) included.
 */
public final class ConfigLoader {

    public static final String DEFAULTS_RESOURCE = "config/gateway.yaml";
    public static final String CONFIG_FILE_ENV = "GATEWAY_CONFIG";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    /** Subtrees whose keys are free-form: not checked against the defaults. */
    private static final Set<String> FREE_FORM = Set.of("kafka.producer", "kafka.consumer", "webhooks");

    private ConfigLoader() {
    }

    /** Loads from the working directory and the process environment. */
    public static GatewayConfig load() {
        return load(Path.of("."), System.getenv());
    }

    /**
     * @throws ConfigException naming every invalid key; the message is fit to show a user as it is
     */
    public static GatewayConfig load(Path workDir, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        ObjectNode defaults = readDefaults();
        ObjectNode merged = defaults.deepCopy();
        Set<String> referenced = new HashSet<>();

        Path local = workDir.resolve(DEFAULTS_RESOURCE);
        if (Files.isRegularFile(local)) {
            layer(merged, defaults, readFile(local, problems), local.toString(), env, referenced, problems);
        }
        String extra = env.get(CONFIG_FILE_ENV);
        if (extra != null && !extra.isBlank()) {
            Path file = workDir.resolve(extra);
            if (Files.isRegularFile(file)) {
                layer(merged, defaults, readFile(file, problems), file.toString(), env, referenced, problems);
            } else {
                problems.add(CONFIG_FILE_ENV + ": no such file: " + file);
            }
        }
        Map<String, String> variables = new HashMap<>();
        applyEnvironment(merged, defaults, "", env, variables);
        problems.addAll(UnknownVariables.problems(env, variables, referenced));

        ConfigReader reader = new ConfigReader(merged);
        GatewayConfig config = read(reader);
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The environment variable that overrides a key: {@code kafka.bootstrapServers} → GATEWAY_KAFKA_BOOTSTRAP_SERVERS. */
    public static String envName(String key) {
        StringBuilder out = new StringBuilder("GATEWAY");
        for (String part : key.split("\\.")) {
            out.append('_').append(part.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase());
        }
        return out.toString();
    }

    private static Duration eventLoopWarning(ConfigReader r) {
        Duration warning = r.duration("management.eventLoopWarning");
        if (warning.toMillis() < 1) {
            r.problem("management.eventLoopWarning", "must be at least 1ms");
            return Duration.ofSeconds(2);
        }
        return warning;
    }

    private static AccessLogConfig accessLog(ConfigReader r) {
        String level = r.string("ingress.accessLog.level");
        int sampleEvery = r.integer("ingress.accessLog.sampleEvery", 1, 1_000_000);
        for (AccessLogConfig.Level known : AccessLogConfig.Level.values()) {
            if (known.name().equalsIgnoreCase(level)) {
                return new AccessLogConfig(known, sampleEvery);
            }
        }
        r.problem("ingress.accessLog.level", "must be info, debug or off");
        return AccessLogConfig.defaults();
    }

    private static IngressConfig.SpoolConfig readSpool(ConfigReader r) {
        String maxBytes = r.string("ingress.spool.maxBytes");
        long max = 0;
        try {
            max = Long.parseLong(maxBytes == null ? "" : maxBytes.trim());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1024 * 1024) {
            r.problem("ingress.spool.maxBytes", "must be a number of bytes of at least 1048576, got '" + maxBytes + "'");
        }
        return new IngressConfig.SpoolConfig(r.bool("ingress.spool.enabled"), max);
    }

    private static GatewayConfig read(ConfigReader r) {
        HttpConfig http = new HttpConfig(r.string("http.host"), r.integer("http.port", 0, 65535),
                r.integer("http.instances", 0, 256), stripSlash(r.string("http.publicBaseUrl")), readTls(r),
                readTrustedProxies(r));
        ManagementConfig management = new ManagementConfig(r.string("management.host"),
                r.integer("management.port", 0, 65535), eventLoopWarning(r),
                r.integer("management.webhookSeries", 0, 100_000));
        int maxBodyBytes = r.integer("ingress.maxBodyBytes", 1024, 64 * 1024 * 1024);
        IngressConfig ingress = new IngressConfig(maxBodyBytes, r.duration("ingress.publishTimeout"),
                r.integer("ingress.maxInFlight", 1, 1_000_000), maxInFlightBytes(r, maxBodyBytes),
                r.integer("ingress.retryAfterSeconds", 1, 3600), readUnverifiedRateLimit(r), accessLog(r),
                readSpool(r));
        short replicationFactor = (short) r.integer("kafka.replicationFactor", 1, 32);
        KafkaConfig kafka = new KafkaConfig(r.string("kafka.bootstrapServers"), nullToEmpty(r.string("kafka.topicPrefix")),
                r.integer("kafka.partitions", 1, 10_000), replicationFactor,
                r.stringMap("kafka.producer"), r.stringMap("kafka.consumer"), ingress.maxRecordBytes(),
                minInsyncReplicas(r, replicationFactor));
        checkMaxRequestSize(r, kafka);
        PgConfig postgres = PgUrls.parse(r);
        EmbeddedConfig embedded = new EmbeddedConfig(r.integer("embedded.kafkaPort", 0, 65535),
                r.integer("embedded.postgresPort", 0, 65535), r.memorySize("embedded.kafkaHeap"));
        String dataDir = r.string("dataDir");
        if (dataDir == null) {
            r.problem("dataDir", "is required");
        }
        AdminConfig admin = new AdminConfig(Secret.ofNullable(r.string("admin.token")), r.duration("admin.secretOverlap"));
        WorkersConfig workers = readWorkers(r);
        return new GatewayConfig(http, management, ingress, kafka, postgres, embedded, Path.of(dataDir == null ? "." : dataDir),
                secretKey(r, postgres), admin, workers,
                Secret.ofNullable(r.string("notifications.slackUrl")), r.duration("shutdownTimeout"),
                WebhookDeclarations.read(r), role(r, workers));
    }

    /**
     * {@code ingress.maxInFlightBytes}, or for 0 a sixteenth of the heap: a body held in flight costs a few times its
     * size (the received buffer, its copy, the records in the producer's buffer), and the rest of the heap serves the
     * workers and the request being parsed on each event loop. Never below one body of the largest size.
     */
    private static long maxInFlightBytes(ConfigReader r, int maxBodyBytes) {
        long configured = r.integer("ingress.maxInFlightBytes", 0, Integer.MAX_VALUE);
        if (configured == 0) {
            return Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 16);
        }
        if (configured < maxBodyBytes) {
            r.problem("ingress.maxInFlightBytes", "must be 0 (a sixteenth of the heap) or at least ingress.maxBodyBytes ("
                    + maxBodyBytes + "), got " + configured);
        }
        return configured;
    }

    /**
     * {@code role}; {@code workers.enabled: false}, the older way to run ingress alone, narrows {@code all} to
     * {@code ingress} and contradicts {@code workers}.
     */
    private static Role role(ConfigReader r, WorkersConfig workers) {
        String text = r.string("role");
        Role role = text == null ? null : Role.parse(text);
        if (role == null) {
            r.problem("role", "must be one of " + Role.values(", ") + ", got '" + (text == null ? "" : text) + "'");
            return Role.ALL;
        }
        if (!workers.enabled() && role == Role.WORKERS) {
            r.problem("workers.enabled", "is false, but role is workers: set role: ingress for a process without "
                    + "workers, or leave workers.enabled at true");
        }
        return !workers.enabled() && role == Role.ALL ? Role.INGRESS : role;
    }

    /** 0 means the default for the replication factor; more than the replicas would refuse every write. */
    private static int minInsyncReplicas(ConfigReader r, short replicationFactor) {
        int configured = r.integer("kafka.minInsyncReplicas", 0, 32);
        if (configured > replicationFactor) {
            r.problem("kafka.minInsyncReplicas", "must not exceed kafka.replicationFactor (" + replicationFactor
                    + "), got " + configured + ": no write could then be acknowledged");
        }
        return configured == 0 ? KafkaConfig.defaultMinInsyncReplicas(replicationFactor) : configured;
    }

    /** A pass-through {@code max.request.size} may raise the producer's limit, never lower it below a record's size. */
    private static void checkMaxRequestSize(ConfigReader r, KafkaConfig kafka) {
        String value = kafka.producer().get("max.request.size");
        if (value == null) {
            return;
        }
        try {
            if (Long.parseLong(value.trim()) < kafka.maxRecordBytes()) {
                r.problem("kafka.producer.max.request.size", "must be at least " + kafka.maxRecordBytes()
                        + " (twice ingress.maxBodyBytes plus 1 MiB), so that every admitted request can be stored");
            }
        } catch (NumberFormatException e) {
            r.problem("kafka.producer.max.request.size", "must be a whole number of bytes, got '" + value + "'");
        }
    }

    /** perSecond 0 turns the limit off. */
    private static IngressConfig.Limit readUnverifiedRateLimit(ConfigReader r) {
        int perSecond = r.integer("ingress.unverifiedRateLimit.perSecond", 0, 1_000_000);
        int burst = r.integer("ingress.unverifiedRateLimit.burst", 1, 1_000_000);
        return perSecond == 0 ? null : new IngressConfig.Limit(perSecond, burst);
    }

    private static TlsConfig readTls(ConfigReader r) {
        Path cert = r.path("http.tls.certFile");
        Path key = r.path("http.tls.keyFile");
        Path chain = r.path("http.tls.chainFile");
        Path clientCa = r.path("http.tls.clientCa");
        Duration reload = positive(r, "http.tls.reloadInterval");
        String clientAuthText = r.string("http.tls.clientAuth");
        TlsConfig.ClientAuth clientAuth = TlsConfig.ClientAuth.REQUIRED;
        if (clientAuthText != null && !clientAuthText.isBlank()) {
            try {
                clientAuth = TlsConfig.ClientAuth.valueOf(clientAuthText.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                r.problem("http.tls.clientAuth", "must be required or requested, got '" + clientAuthText + "'");
            }
        }
        if (cert == null && key == null) {
            if (chain != null || clientCa != null) {
                r.problem("http.tls.certFile", "is required when http.tls.chainFile or http.tls.clientCa is set");
            }
            return new TlsConfig(null, null, null, null, reload);
        }
        if (cert == null || key == null) {
            r.problem(cert == null ? "http.tls.certFile" : "http.tls.keyFile",
                    "is required with " + (cert == null ? "http.tls.keyFile" : "http.tls.certFile"));
        }
        for (var file : new Object[][]{{"http.tls.certFile", cert}, {"http.tls.keyFile", key},
                {"http.tls.chainFile", chain}, {"http.tls.clientCa", clientCa}}) {
            if (file[1] != null && !Files.isReadable((Path) file[1])) {
                r.problem((String) file[0], "no readable file: " + file[1]);
            }
        }
        return new TlsConfig(cert, key, chain, clientCa, clientAuth, reload);
    }

    private static TrustedProxies readTrustedProxies(ConfigReader r) {
        try {
            return TrustedProxies.of(r.stringList("http.trustedProxies"));
        } catch (IllegalArgumentException e) {
            r.problem("http.trustedProxies", e.getMessage());
            return TrustedProxies.NONE;
        }
    }

    private static WorkersConfig readWorkers(ConfigReader r) {
        String groupPrefix = r.string("workers.consumerGroupPrefix");
        if (groupPrefix == null) {
            r.problem("workers.consumerGroupPrefix", "is required");
        }
        WorkersConfig.NotificationDelivery notifications = new WorkersConfig.NotificationDelivery(
                positive(r, "notifications.pollInterval"), positive(r, "notifications.timeout"),
                positive(r, "notifications.retryBackoff"), positive(r, "notifications.maxRetryBackoff"),
                r.integer("notifications.maxAttempts", 1, 1000));
        return new WorkersConfig(r.bool("workers.enabled"), r.integer("workers.instances", 1, 64), groupPrefix,
                positive(r, "workers.retryBackoff"), positive(r, "workers.maxRetryBackoff"),
                r.integer("workers.defaultMaxAttempts", 1, 100), positive(r, "workers.lagInterval"), notifications);
    }

    /** A duration that must not be zero; an unreadable one is reported once, by the reader. */
    private static Duration positive(ConfigReader r, String key) {
        int known = r.problems().size();
        Duration value = r.duration(key);
        if (r.problems().size() == known && value.isZero()) {
            r.problem(key, "must be longer than 0");
        }
        return value;
    }

    /**
     * The AES-GCM key for secrets at rest. Required with an external PostgreSQL: every gateway sharing the database
     * must decrypt what the others wrote, so a key generated per process would break the others. Only the embedded
     * database (owned by one data dir) may go without; its key is generated into the data dir at start.
     */
    private static Secret secretKey(ConfigReader r, PgConfig postgres) {
        Secret key = Secret.ofNullable(r.string("secretKey"));
        if (key == null && !postgres.embedded()) {
            // not "make a new key": against a database that already holds webhooks (another gateway's, often its
            // embedded one) a new key starts a gateway that can open none of them and answers 404 for every one
            r.problem("secretKey", "is required when postgres.url is set: give the key of the gateway whose "
                    + "database this is, which encrypted its webhooks' secrets (an embedded-mode gateway keeps it in "
                    + "<its dataDir>/secret.key: GATEWAY_SECRET_KEY=$(cat data/secret.key)); a new key only for a "
                    + "database without webhooks (docs/operations.md)");
        } else if (key != null && !SecretCipher.isValidKey(key)) {
            r.problem("secretKey", "must be " + SecretCipher.KEY_BYTES + " bytes in base64 (openssl rand -base64 32)");
        }
        return key;
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks its " + DEFAULTS_RESOURCE);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled " + DEFAULTS_RESOURCE + " is unreadable", e);
        }
    }

    private static JsonNode readFile(Path file, List<String> problems) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                problems.add(file + ": must be a YAML mapping of keys to values");
                return YAML.createObjectNode();
            }
            return node;
        } catch (IOException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            return YAML.createObjectNode();
        }
    }

    /** Merges one file over the tree: substitutes ${ENV}, refuses keys the defaults do not know. */
    private static void layer(ObjectNode target, JsonNode schema, JsonNode layer, String source,
                              Map<String, String> env, Set<String> referenced, List<String> problems) {
        JsonNode substituted = substitute(layer, env, source, "", referenced, problems);
        merge(target, schema, substituted, "", source, problems);
    }

    private static void merge(ObjectNode target, JsonNode schema, JsonNode layer, String path, String source,
                              List<String> problems) {
        for (Map.Entry<String, JsonNode> field : layer.properties()) {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode known = schema == null ? null : schema.get(field.getKey());
            if (known == null) {
                problems.add(key + ": unknown key in " + source);
                continue;
            }
            if (known.isObject() && !FREE_FORM.contains(key) && field.getValue().isObject()) {
                merge((ObjectNode) target.get(field.getKey()), known, field.getValue(), key, source, problems);
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> env, String source, String path,
                                       Set<String> referenced, List<String> problems) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                referenced.add(m.group(1));
                String value = env.get(m.group(1));
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    problems.add(path + ": environment variable " + m.group(1) + " is not set (used in " + source + ")");
                    value = "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = YAML.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(),
                    substitute(e.getValue(), env, source, path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                            referenced, problems)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = YAML.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), env, source, path + "[" + i + "]", referenced, problems));
            }
            return copy;
        }
        return node;
    }

    /**
     * Every scalar key of the defaults can be set from the environment; {@code variables} collects each one's
     * variable name with its key.
     */
    private static void applyEnvironment(ObjectNode target, JsonNode schema, String path, Map<String, String> env,
                                         Map<String, String> variables) {
        schema.properties().forEach(field -> {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().isObject() && !FREE_FORM.contains(key)) {
                applyEnvironment((ObjectNode) target.get(field.getKey()), field.getValue(), key, env, variables);
            } else if (field.getValue().isValueNode()) {
                variables.put(envName(key), key);
                String value = env.get(envName(key));
                if (value != null) {
                    target.set(field.getKey(), TextNode.valueOf(value));
                }
            }
        });
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
