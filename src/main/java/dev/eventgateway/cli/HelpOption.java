package dev.eventgateway.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} of a command. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
}
