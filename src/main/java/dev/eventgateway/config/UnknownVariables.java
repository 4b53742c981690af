package dev.eventgateway.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code GATEWAY_*} environment variables that set nothing. A misspelt one ({@code GATEWAY_HTTP_PROT}) would otherwise
 * be ignored without a word and the gateway would run with the default; so, like an unknown key in a config file, it
 * stops the start, and the problem names the closest known variable.
 */
final class UnknownVariables {

    /** Read outside the configuration tree: the extra config file, and the log format and level (logback.xml). */
    static final Set<String> OUTSIDE_CONFIG = Set.of(ConfigLoader.CONFIG_FILE_ENV, "GATEWAY_LOG_FORMAT",
            "GATEWAY_LOG_LEVEL");

    /**
     * Kubernetes service links: a Service named {@code gateway} gives every pod of its namespace GATEWAY_SERVICE_HOST,
     * GATEWAY_SERVICE_PORT(_name), GATEWAY_PORT=tcp://… and GATEWAY_PORT_8080_TCP(_PROTO|_PORT|_ADDR).
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "GATEWAY_SERVICE_HOST|GATEWAY_SERVICE_PORT(_\\w+)?|GATEWAY_PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?");
    private static final Pattern SERVICE_LINK_URL = Pattern.compile("(tcp|udp|sctp)://.*");

    private UnknownVariables() {
    }

    /**
     * One problem per unknown {@code GATEWAY_*} variable, sorted by name.
     *
     * @param known      the variable of every configuration key, by variable name (value: the key)
     * @param referenced variables a config file names in a {@code ${NAME}} placeholder: used, so known
     */
    static List<String> problems(Map<String, String> env, Map<String, String> known, Collection<String> referenced) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith("GATEWAY_") || known.containsKey(name) || OUTSIDE_CONFIG.contains(name)
                    || referenced.contains(name) || isServiceLink(name, value)) {
                return;
            }
            String closest = closest(name, known.keySet());
            problems.add(name + ": unknown environment variable, it sets nothing"
                    + (closest == null ? "" : "; did you mean " + closest + " (" + known.get(closest) + ")?"));
        });
        return problems;
    }

    private static boolean isServiceLink(String name, String value) {
        return SERVICE_LINK.matcher(name).matches()
                || name.equals("GATEWAY_PORT") && value != null && SERVICE_LINK_URL.matcher(value).matches();
    }

    /** The known name fewest edits away, if it is near enough to be a likely typo (a third of the name at most). */
    private static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
