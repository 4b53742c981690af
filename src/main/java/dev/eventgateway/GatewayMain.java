package dev.eventgateway;

import ch.qos.logback.classic.LoggerContext;
import dev.eventgateway.cli.CliArgs;
import dev.eventgateway.cli.ReplayCommand;
import dev.eventgateway.cli.SendSampleCommand;
import dev.eventgateway.cli.DlqCommand;
import dev.eventgateway.cli.SignCommand;
import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;

/**
 * The jar's entry point and the operator's CLI: {@code run} (default), {@code sign}, {@code send-sample},
 * {@code replay}, {@code dlq}; {@code --help} everywhere.
 * Exit codes: 0 ok, 1 failed at run time, 2 bad configuration or command line.
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    static final String HELP = """
            usage: event-gateway [command] [options]

            commands:
              run           start the gateway (the default): reads config/gateway.yaml, GATEWAY_CONFIG and GATEWAY_*
                            variables; starts embedded Kafka and PostgreSQL when no address is configured
              sign          print the signature header a provider would send for a body file
              send-sample   post a signed sample event of any type to a running gateway
              replay        re-run the normalizer over the raw requests of a time range and republish the events
              dlq           list a worker's dead letters with their errors; re-enqueue them to their source topic

            Every command takes --help.
            """;

    private GatewayMain() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
        int from = args.length == 0 || args[0].startsWith("--") ? 0 : 1;
        CliArgs options = new CliArgs(args, from);
        try {
            return switch (command) {
                case "run" -> options.has("help") ? help(out, RUN_HELP) : run();
                case "sign" -> options.has("help") ? help(out, SignCommand.HELP) : SignCommand.run(options, out);
                case "send-sample" -> options.has("help") ? help(out, SendSampleCommand.HELP)
                        : SendSampleCommand.run(options, out);
                case "replay" -> options.has("help") ? help(out, ReplayCommand.HELP) : ReplayCommand.run(options, out);
                case "dlq" -> options.has("help") ? help(out, DlqCommand.HELP) : DlqCommand.run(options, out, err);
                case "help" -> help(out, HELP);
                default -> {
                    err.println("unknown command: " + command + "\n");
                    err.print(HELP);
                    yield 2;
                }
            };
        } catch (IllegalStateException e) {
            // a command could not reach what it needs (Kafka, PostgreSQL): say so, no stack trace
            err.println(e.getMessage());
            return 1;
        } catch (CliArgs.UsageException e) {
            err.println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("no such file: " + e.getFile());
            return 2;
        } catch (IOException e) {
            err.println(e.getMessage() != null ? e.getMessage() : e.toString());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static final String RUN_HELP = """
            usage: event-gateway [run]

            Starts the gateway with config/gateway.yaml (or the defaults in the jar), the file named by GATEWAY_CONFIG,
            and GATEWAY_* environment variables (e.g. GATEWAY_HTTP_PORT, GATEWAY_KAFKA_BOOTSTRAP_SERVERS,
            GATEWAY_POSTGRES_URL, GATEWAY_DATA_DIR). Without a Kafka or PostgreSQL address it starts embedded ones
            with their data under GATEWAY_DATA_DIR. SIGTERM stops it gracefully.
            """;

    private static int help(PrintStream out, String text) {
        out.print(text);
        return 0;
    }

    private static int run() {
        GatewayConfig config = ConfigLoader.load();
        LOG.info("starting gateway [config: {}]", config);
        Gateway gateway;
        try {
            gateway = Gateway.start(config);
        } catch (ConfigException e) {
            throw e; // a declared webhook the config loader could not judge: exit 2 like any config problem
        } catch (RuntimeException e) {
            LOG.error("gateway failed to start [cause: {}]", e.getMessage(), e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping gateway");
            gateway.close();
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                logging.stop();
            }
            // a stop we asked for (SIGTERM) and completed is a success, not the JVM's default 143
            Runtime.getRuntime().halt(0);
        }, "gateway-shutdown"));
        return 0;
    }
}
