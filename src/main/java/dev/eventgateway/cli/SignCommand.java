package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;
import dev.eventgateway.provider.Signatures;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code sign}: the signature header a provider would send for a body file, for testing receivers by hand. */
public final class SignCommand {

    public static final String HELP = """
            usage: event-gateway sign --provider <whats91|meta|whatsable|connexease> --secret <secret> --file <body>

            Prints the signature header the provider would send with that exact body, e.g.
              X-Hub-Signature-256: sha256=3f1c…
            The body is signed byte for byte as it is in the file (no re-serialization).
            The secret can also come from the environment: --secret-env NAME.
            """;

    private SignCommand() {
    }

    public static int run(CliArgs args, PrintStream out) throws IOException {
        ProviderAdapter adapter = Providers.standard().find(args.require("provider"))
                .orElseThrow(() -> new CliArgs.UsageException("unknown provider: " + args.get("provider", "")));
        if (adapter.auth().signatureHeader() == null) {
            throw new CliArgs.UsageException(adapter.name() + " does not sign its requests");
        }
        String secret = args.has("secret-env") ? System.getenv(args.require("secret-env")) : args.require("secret");
        if (secret == null || secret.isEmpty()) {
            throw new CliArgs.UsageException("the secret is empty");
        }
        byte[] body = Files.readAllBytes(Path.of(args.require("file")));
        out.println(adapter.auth().signatureHeader() + ": " + Signatures.headerValue(adapter.auth(), secret, body));
        return 0;
    }
}
