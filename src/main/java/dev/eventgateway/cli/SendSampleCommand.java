package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code send-sample}: posts a signed sample event of a type to a running gateway, as the provider would. */
@Command(name = "send-sample", header = "post a signed sample event of any type to a running gateway",
        customSynopsis = {"Usage: event-gateway send-sample --webhook=<uid> --provider=<name> [--type=<event type>]",
            "                                 [--secret=<s> | --secret-env=NAME] [--token=<t> | --token-env=NAME]",
            "                                 [--url=http://localhost:8080]",
            "       event-gateway send-sample --list"},
        description = {"Posts a real payload of the provider, with fresh message ids and timestamps, signed with the "
                + "secret and carrying the token where the provider puts them (see docs/providers.md), to "
                + "<url>/webhooks/<uid>. Prints the gateway's answer; exits 0 on 2xx, 1 otherwise."})
final class SendSampleCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--list", description = "lists the sample types of every provider")
    boolean list;

    @Option(names = "--webhook", paramLabel = "<uid>", description = "the webhook to post to")
    String webhook;

    @Option(names = "--provider", paramLabel = "<name>", completionCandidates = ProviderNames.class,
            description = "the provider whose request to imitate: ${COMPLETION-CANDIDATES}")
    String provider;

    @Option(names = "--type", paramLabel = "<event type>", defaultValue = "message.inbound.text",
            description = "the canonical event type of the sample (default: ${DEFAULT-VALUE}; see --list)")
    String type;

    @Option(names = "--secret", paramLabel = "<s>", description = "the webhook's signing secret")
    String secret;

    @Option(names = "--secret-env", paramLabel = "NAME", description = "the environment variable holding the secret")
    String secretEnv;

    @Option(names = "--token", paramLabel = "<t>", description = "the webhook's verification token")
    String token;

    @Option(names = "--token-env", paramLabel = "NAME", description = "the environment variable holding the token")
    String tokenEnv;

    @Option(names = "--url", paramLabel = "<url>", defaultValue = "http://localhost:8080",
            description = "the gateway's public address (default: ${DEFAULT-VALUE})")
    String url;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            SampleBodies.AVAILABLE.forEach((name, types) -> out.println(name + ": " + String.join(", ", types)));
            return 0;
        }
        ProviderAdapter adapter = ProviderNames.find(spec, required(provider, "--provider"));
        String uid = required(webhook, "--webhook");
        String secretValue = fromOptionOrEnv(secret, secretEnv, "--secret-env");
        String tokenValue = fromOptionOrEnv(token, tokenEnv, "--token-env");
        if (secretValue == null && tokenValue == null) {
            throw ProviderNames.usage(spec, "give --secret and/or --token (or --secret-env / --token-env)");
        }
        SignedSample sample;
        try {
            sample = SignedSample.of(adapter, type, secretValue, tokenValue, Instant.now()).orElseThrow(() ->
                    ProviderNames.usage(spec, "no " + adapter.name() + " sample of type " + type + " (see --list)"));
        } catch (IllegalArgumentException e) {
            throw ProviderNames.usage(spec, e.getMessage());
        }

        URI uri = URI.create(url + "/webhooks/" + uid);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body()));
        sample.headers().forEach(request::header);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    private String required(String value, String option) {
        if (value == null) {
            throw ProviderNames.usage(spec, "Missing required option: '" + option + "' (or --list)");
        }
        return value;
    }

    private String fromOptionOrEnv(String value, String envName, String envOption) {
        if (envName == null) {
            return value;
        }
        String fromEnv = System.getenv(envName);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw ProviderNames.usage(spec, "environment variable " + envName + " (" + envOption + ") is empty");
        }
        return fromEnv;
    }
}
