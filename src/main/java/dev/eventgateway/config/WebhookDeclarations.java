package dev.eventgateway.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code webhooks:} list of the config file (DESIGN §7) into raw {@link WebhookDeclaration}s: a list of
 * mappings is all this checks. What a declaration's fields mean, their defaults and what makes one valid are the
 * webhook-definition reader's ({@code provider/WebhookDefinitions}), shared with the admin API.
 */
final class WebhookDeclarations {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private WebhookDeclarations() {
    }

    static List<WebhookDeclaration> read(ConfigReader r) {
        JsonNode list = r.node("webhooks");
        List<WebhookDeclaration> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            r.problem("webhooks", "must be a list");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "webhooks[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                r.problem(at, "must be a mapping with webhookUid, provider, …");
                continue;
            }
            out.add(new WebhookDeclaration(at, MAPPER.convertValue(entry, MAP)));
        }
        return out;
    }
}
