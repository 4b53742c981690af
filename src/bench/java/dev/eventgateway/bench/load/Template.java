package dev.eventgateway.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A payload with {@code {{slot}}} placeholders, split once into literal parts and slots so that rendering a request
 * is one pass of appends. Values are inserted as they are: the caller escapes them for JSON where needed.
 */
final class Template {

    private final List<String> literals;
    private final List<String> slots;

    private Template(List<String> literals, List<String> slots) {
        this.literals = literals;
        this.slots = slots;
    }

    static Template parse(String text) {
        List<String> literals = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                literals.add(text.substring(at));
                return new Template(List.copyOf(literals), List.copyOf(slots));
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed placeholder at " + open);
            }
            literals.add(text.substring(at, open));
            slots.add(text.substring(open + 2, close));
            at = close + 2;
        }
    }

    /** A template from the bench's payload resources ({@code /bench/payloads/<name>}), trailing newline dropped. */
    static Template resource(String name) {
        String path = "/bench/payloads/" + name;
        try (InputStream in = Template.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing bench resource " + path);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void render(StringBuilder out, Function<String, String> values) {
        for (int i = 0; i < slots.size(); i++) {
            out.append(literals.get(i));
            String value = values.apply(slots.get(i));
            if (value == null) {
                throw new IllegalArgumentException("no value for slot " + slots.get(i));
            }
            out.append(value);
        }
        out.append(literals.get(literals.size() - 1));
    }

    String render(Function<String, String> values) {
        StringBuilder out = new StringBuilder(256);
        render(out, values);
        return out.toString();
    }
}
