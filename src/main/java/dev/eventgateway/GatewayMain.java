package dev.eventgateway;

import ch.qos.logback.classic.LoggerContext;
import dev.eventgateway.cli.Cli;
import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.ConfigLoader;
import dev.eventgateway.config.ConfigText;
import dev.eventgateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The jar's entry point: the operator's command line ({@link Cli}: {@code run}, the default, {@code sign},
 * {@code send-sample}, {@code replay}, {@code dlq}, {@code completion}; {@code --help} everywhere), and what
 * {@code run} does, start the gateway.
 * Exit codes: 0 ok, 1 failed at run time, 2 bad configuration or command line.
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, ConfigLoader::load);
    }

    /** With the configuration of {@code replay} and {@code dlq} given rather than loaded (tests). */
    static int execute(String[] args, PrintStream out, PrintStream err, Supplier<GatewayConfig> config) {
        return Cli.execute(args, GatewayMain::run, config, out, err);
    }

    private static int run() {
        GatewayConfig config = ConfigLoader.load();
        LOG.info("starting gateway [config: {}]", ConfigText.of(config));
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
