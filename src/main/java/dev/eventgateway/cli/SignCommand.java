package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Signatures;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sign}: the signature header a provider would send for a body file, for testing receivers by hand. */
@Command(name = "sign", header = "print the signature header a provider would send for a body file",
        description = {"Prints the signature header the provider would send with that exact body, e.g.",
            "  X-Hub-Signature-256: sha256=3f1c…",
            "The body is signed byte for byte as it is in the file (no re-serialization)."})
final class SignCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--provider", required = true, paramLabel = "<name>", completionCandidates = ProviderNames.class,
            description = "the provider whose signature to compute: ${COMPLETION-CANDIDATES}")
    String provider;

    @ArgGroup(multiplicity = "1")
    SecretSource secret;

    @Option(names = "--file", required = true, paramLabel = "<body>", description = "the request body, as sent")
    Path file;

    @Override
    public Integer call() throws IOException {
        ProviderAdapter adapter = ProviderNames.find(spec, provider);
        if (adapter.auth().signatureHeader() == null) {
            throw ProviderNames.usage(spec, adapter.name() + " does not sign its requests");
        }
        String value = secret.value();
        if (value == null || value.isEmpty()) {
            throw ProviderNames.usage(spec, "the secret is empty");
        }
        byte[] body = Files.readAllBytes(file);
        spec.commandLine().getOut().println(adapter.auth().signatureHeader() + ": "
                + Signatures.headerValue(adapter.auth(), value, body));
        return 0;
    }

    /** The signing secret: on the command line, or from an environment variable (kept out of the shell history). */
    static final class SecretSource {
        @Option(names = "--secret", required = true, paramLabel = "<secret>", description = "the signing secret")
        String secret;

        @Option(names = "--secret-env", required = true, paramLabel = "NAME",
                description = "the environment variable that holds the signing secret")
        String secretEnv;

        String value() {
            return secretEnv != null ? System.getenv(secretEnv) : secret;
        }
    }
}
