package dev.eventgateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the config file's {@code webhooks:} list as written, not yet read as a webhook (that is
 * {@code provider/WebhookDefinitions}' work, the same reader the admin API's requests go through).
 *
 * @param path   its place in the file ({@code webhooks[0]}), the prefix of every problem found in it
 * @param fields its fields as YAML gave them: strings, numbers, booleans, lists and nested maps
 */
public record WebhookDeclaration(String path, Map<String, Object> fields) {

    public WebhookDeclaration {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Never the fields: they hold secrets. */
    @Override
    public String toString() {
        return "WebhookDeclaration[" + path + ", webhookUid=" + fields.get("webhookUid") + "]";
    }
}
