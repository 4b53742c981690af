package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.provider.Providers;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** {@code send-sample}: posts a signed sample event of a type to a running gateway, as the provider would. */
public final class SendSampleCommand {

    public static final String HELP = """
            usage: event-gateway send-sample --webhook <uid> --provider <name> [--type <event type>]
                                             [--secret <s> | --secret-env NAME] [--token <t> | --token-env NAME]
                                             [--url http://localhost:8080]
                   event-gateway send-sample --list

            Posts a real payload of the provider, with fresh message ids and timestamps, signed with the secret and
            carrying the token where the provider puts them (see docs/providers.md), to <url>/webhooks/<uid>.
            Prints the gateway's answer; exits 0 on 2xx, 1 otherwise. --type defaults to message.inbound.text.
            """;

    private SendSampleCommand() {
    }

    public static int run(CliArgs args, PrintStream out) throws IOException, InterruptedException {
        if (args.has("list")) {
            SampleBodies.AVAILABLE.forEach((provider, types) -> out.println(provider + ": " + String.join(", ", types)));
            return 0;
        }
        ProviderAdapter adapter = Providers.standard().find(args.require("provider"))
                .orElseThrow(() -> new CliArgs.UsageException("unknown provider: " + args.get("provider", "")));
        String type = args.get("type", "message.inbound.text");
        String secret = secretOption(args, "secret");
        String token = secretOption(args, "token");
        if (secret == null && token == null) {
            throw new CliArgs.UsageException("give --secret and/or --token (or --secret-env / --token-env)");
        }
        SignedSample sample;
        try {
            sample = SignedSample.of(adapter, type, secret, token, Instant.now()).orElseThrow(() ->
                    new CliArgs.UsageException("no " + adapter.name() + " sample of type " + type + " (see --list)"));
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }

        URI uri = URI.create(args.get("url", "http://localhost:8080") + "/webhooks/" + args.require("webhook"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body()));
        sample.headers().forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    private static String secretOption(CliArgs args, String name) {
        if (args.has(name + "-env")) {
            String value = System.getenv(args.require(name + "-env"));
            if (value == null || value.isEmpty()) {
                throw new CliArgs.UsageException("environment variable " + args.require(name + "-env") + " is empty");
            }
            return value;
        }
        return args.has(name) ? args.require(name) : null;
    }
}
