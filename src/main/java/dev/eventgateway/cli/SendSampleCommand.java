package dev.eventgateway.cli;

import dev.eventgateway.provider.ProviderAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.ConnectException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code send-sample}: posts a signed sample event of a type to a running gateway, as the provider would. */
@Command(name = "send-sample", header = "post a signed sample event of any type to a running gateway",
        customSynopsis = {"event-gateway send-sample --webhook=<uid> --provider=<name>",
            "         [--type=<event type>] [--secret=<s> | --secret-env=NAME]",
            "         [--token=<t> | --token-env=NAME] [--url=<url>]",
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
            description = {"the gateway's public address", "(default: ${DEFAULT-VALUE})"})
    String url;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Integer call() throws InterruptedException {
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
                .timeout(ANSWER_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body()));
        sample.headers().forEach(request::header);
        HttpResponse<String> response = post(uri, request.build());
        out.println(response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    /** The gateway's answer; a connection or answer that fails is one line naming the reason (exit 1). */
    private static HttpResponse<String> post(URI uri, HttpRequest request) throws InterruptedException {
        String address = uri.getHost() + ":" + (uri.getPort() != -1 ? uri.getPort()
                : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        try {
            return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw failed("no connection to " + address + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw failed("no answer from " + uri + " within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            // the JDK's client gives no message for a refused connection
            throw failed((e.getMessage() != null ? e.getMessage().toLowerCase(java.util.Locale.ROOT)
                    : "connection refused") + " to " + address);
        } catch (IOException e) {
            throw failed("posting to " + uri + " failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private static IllegalStateException failed(String reason) {
        return new IllegalStateException("send-sample failed: " + reason);
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
