package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Iterator;
import java.util.TreeSet;

/** The standard providers' names, as completion candidates and to look a {@code --provider} value up. */
final class ProviderNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return new TreeSet<>(Providers.standard().names()).iterator();
    }

    /** @throws ParameterException naming {@code --provider} when there is no such provider */
    static ProviderAdapter find(CommandSpec spec, String name) {
        return Providers.standard().find(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown provider: " + name + " (--provider is one of " + new TreeSet<>(Providers.standard().names())
                        + ")"));
    }

    /** A wrong command line found after parsing: the message is shown, exit code 2. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
