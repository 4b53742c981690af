package dev.eventgateway;

import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Runs a CLI command of the jar in this JVM (no {@code System.exit}) and keeps what it printed. */
public final class GatewayCli {

    private GatewayCli() {
    }

    public static Result run(String... args) {
        return run(ConfigLoader::load, args);
    }

    /** With the configuration of {@code replay} and {@code dlq} given, e.g. that of a running test gateway. */
    public static Result run(GatewayConfig config, String... args) {
        return run(() -> config, args);
    }

    private static Result run(Supplier<GatewayConfig> config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GatewayMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), config);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What a command returned and printed. */
    public record Result(int exitCode, String out, String err) {
    }
}
