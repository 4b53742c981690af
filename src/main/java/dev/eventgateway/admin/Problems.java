package dev.eventgateway.admin;

import dev.eventgateway.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects what is wrong with a request, then fails it all at once: 400 {@code VALIDATION_FAILED}, the message the
 * problems themselves (the seed's {@code Unsupported webhook event: message.invalid}), and
 * {@code details.errors} listing each one.
 */
final class Problems {

    private final List<String> list = new ArrayList<>();

    void add(String problem) {
        list.add(problem);
    }

    void addAll(Collection<String> problems) {
        list.addAll(problems);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** @throws ApiException when any problem was found */
    void throwIfAny() {
        if (!list.isEmpty()) {
            throw failure(list);
        }
    }

    static ApiException failure(List<String> problems) {
        return ApiException.validation(String.join("; ", problems),
                new JsonObject().put("errors", new JsonArray(List.copyOf(problems))));
    }
}
