package dev.eventgateway.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} options of one CLI command. */
public final class CliArgs {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    public CliArgs(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    options.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    options.put(name, args[++i]);
                } else {
                    options.put(name, "true");
                }
            } else {
                positional.add(arg);
            }
        }
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** @throws UsageException when missing */
    public String require(String name) {
        String value = options.get(name);
        if (value == null || value.equals("true")) {
            throw new UsageException("missing --" + name);
        }
        return value;
    }

    public List<String> positional() {
        return positional;
    }

    /** A wrong command line: the message and the command's help are shown, exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
