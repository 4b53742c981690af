package dev.eventgateway.cli;

import dev.eventgateway.config.ConfigException;
import dev.eventgateway.config.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The operator's command line: {@code event-gateway [run|sign|send-sample|replay|dlq|events|completion] [options]}, parsed
 * by picocli. Exit codes: 0 ok, 1 failed at run time (Kafka or PostgreSQL unreachable, a request refused), 2 a wrong
 * command line (unknown command or option, missing or malformed value) or bad configuration. Expected failures are
 * one line on standard error, never a stack trace.
 */
public final class Cli {

    /** The program's name in usage lines and in the completion script. */
    public static final String NAME = "event-gateway";

    private Cli() {
    }

    /**
     * Runs one command line.
     *
     * @param run    what {@code run} (and no command at all) does: start the gateway
     * @param config the configuration of {@code replay}, {@code dlq} and {@code events}, read only when one of them runs
     */
    public static int execute(String[] args, Callable<Integer> run, Supplier<GatewayConfig> config, PrintStream out,
                              PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            return commandLine(run, config).setOut(outWriter).setErr(errWriter).execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** Every command, with the exit codes and error reporting above. */
    static CommandLine commandLine(Callable<Integer> run, Supplier<GatewayConfig> config) {
        CommandLine line = new CommandLine(new GatewayCommand(run))
                .addSubcommand(new RunCommand(run))
                .addSubcommand(new SignCommand())
                .addSubcommand(new SendSampleCommand())
                .addSubcommand(new ReplayCommand(config))
                .addSubcommand(new CommandLine(new DlqCommand())
                        .addSubcommand(new DlqCommand.List(config))
                        .addSubcommand(new DlqCommand.Requeue(config)))
                .addSubcommand(new EventsCommand(config))
                .addSubcommand(new CompletionCommand());
        line.setParameterExceptionHandler(Cli::usageError);
        line.setExecutionStrategy(parsed -> {
            if (parsed.subcommand() != null && !"run".equals(parsed.subcommand().commandSpec().name())) {
                CliLogging.quietClients();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
        return line;
    }

    /** A wrong command line: the problem, naming the option, and where to read the command's usage. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        // picocli reports missing required options before unknown ones; the unknown one is the likelier mistake
        String unknown = unknownOption(cmd, args);
        if (unknown != null && !(e instanceof CommandLine.UnmatchedArgumentException)) {
            err.println("Unknown option: '" + unknown + "'");
        }
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        return CommandLine.ExitCode.USAGE;
    }

    /** The first argument that looks like an option but is none of the command's, or null. */
    private static String unknownOption(CommandLine cmd, String[] args) {
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.startsWith("-") && name.length() > 1 && !name.equals("--")
                    && cmd.getCommandSpec().findOption(name) == null
                    && !cmd.getCommandSpec().subcommands().containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    private static int failure(Exception e, CommandLine cmd) throws Exception {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException) {
            err.println(e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println("no such file: " + missing.getFile());
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof IllegalStateException || e instanceof IOException) {
            // a command could not reach what it needs (Kafka, PostgreSQL, the gateway): say so, no stack trace
            err.println(e.getMessage() != null ? e.getMessage() : e.toString());
            return CommandLine.ExitCode.SOFTWARE;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return CommandLine.ExitCode.SOFTWARE;
        }
        throw e;
    }

    /** The top level: {@code event-gateway} alone starts the gateway, as {@code run} does. */
    @CommandLine.Command(name = NAME, mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Webhook ingress for WhatsApp Business traffic: verifies provider requests, keeps them on "
                    + "Kafka and feeds the workers. Without a command it runs the gateway.",
            footer = "%nEvery command takes --help.")
    static final class GatewayCommand implements Callable<Integer> {
        private final Callable<Integer> run;

        GatewayCommand(Callable<Integer> run) {
            this.run = run;
        }

        @Override
        public Integer call() throws Exception {
            return run.call();
        }
    }

    @CommandLine.Command(name = "run", header = "start the gateway (the default)",
            description = {"Reads config/gateway.yaml (or the defaults in the jar), the file named by GATEWAY_CONFIG, and GATEWAY_* "
                        + "environment variables (e.g. GATEWAY_HTTP_PORT, GATEWAY_KAFKA_BOOTSTRAP_SERVERS, "
                        + "GATEWAY_POSTGRES_URL, GATEWAY_DATA_DIR). Without a Kafka or PostgreSQL address it starts "
                        + "embedded ones with their data under GATEWAY_DATA_DIR. SIGTERM stops it gracefully."})
    static final class RunCommand implements Callable<Integer> {

        @CommandLine.Mixin
        HelpOption help;
        private final Callable<Integer> run;

        RunCommand(Callable<Integer> run) {
            this.run = run;
        }

        @Override
        public Integer call() throws Exception {
            return run.call();
        }
    }

    /** The jar's version, from its manifest (absent when run from classes, as in tests). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[]{NAME + " " + (version != null ? version : "(development build)")};
        }
    }
}
