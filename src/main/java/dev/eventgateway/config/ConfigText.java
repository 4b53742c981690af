package dev.eventgateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration as the start-up log line shows it: the records' own text (so whatever a record hides, such as
 * secrets and Kafka passwords, stays hidden), without the settings that are not set ({@code certFile=null}) and with
 * durations as the config file writes them ({@code 24h}, not {@code PT24H}).
 */
public final class ConfigText {

    private static final Pattern UNSET = Pattern.compile(", \\w+=null(?=[,\\]])|(?<=\\[)\\w+=null(, )?");
    private static final Pattern DURATION = Pattern.compile("\\bPT[0-9HMS.]+\\b");

    private ConfigText() {
    }

    public static String of(GatewayConfig config) {
        return readable(config.toString());
    }

    static String readable(String text) {
        String set = text;
        for (String previous = null; !set.equals(previous); ) {
            previous = set;
            set = UNSET.matcher(set).replaceAll(""); // [a=null, b=null: each pass removes every other one
        }
        Matcher m = DURATION.matcher(set);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(human(Duration.parse(m.group()))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code 24h}, {@code 5m}, {@code 25s}, {@code 200ms}: the largest unit that divides it (hours at most, as configs
     * write a day). */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
