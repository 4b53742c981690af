package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Map;
import java.util.Set;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The Cloud API groups fields, {@code group_lifecycle_update}, {@code group_participants_update},
 * {@code group_settings_update} and {@code group_status_update}: each {@code value.groups[]} element becomes one
 * {@code group.<lifecycle_update|participants_update|settings_update|status_update>} event with data
 * {@code groupId?, requestId?, event (Meta's type: group_create, group_delete, group_participants_add,
 * group_participants_remove, group_join_request_created, …), subject?, description?, inviteLink?, joinApprovalMode?,
 * reason?, initiatedBy?, joinRequestId?, addedParticipants?, removedParticipants?, failedParticipants?, errors?,
 * details?} — a participant as {@code {phone?, userId?, parentUserId?, username?, errors?}}, and every other
 * property of the element under Meta's name in {@code details}, so that nothing Meta adds is lost.
 */
final class MetaGroups {

    static final String ARRAY = "groups";
    private static final String FIELD_PREFIX = "group_";
    private static final Map<String, String> TEXTS = Map.of("group_id", "groupId", "request_id", "requestId",
            "type", "event", "subject", "subject", "description", "description", "invite_link", "inviteLink",
            "join_approval_mode", "joinApprovalMode", "reason", "reason", "initiated_by", "initiatedBy",
            "join_request_id", "joinRequestId");
    private static final Map<String, String> PARTICIPANTS = Map.of("added_participants", "addedParticipants",
            "removed_participants", "removedParticipants", "failed_participants", "failedParticipants");
    private static final Set<String> OTHERS_SKIPPED = Set.of("timestamp", "errors");

    private MetaGroups() {
    }

    static boolean handles(String field) {
        return field.startsWith(FIELD_PREFIX)
                && EventTypes.GROUP_EVENTS.contains(field.substring(FIELD_PREFIX.length()));
    }

    /**
     * @throws InvalidPayloadException when the element is not an object, names neither its group nor its request,
     *                                 or has no {@code type}
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode group) {
        if (!group.isObject()) {
            throw new InvalidPayloadException("a Meta groups item is a JSON object");
        }
        String groupId = text(group, "group_id");
        String requestId = text(group, "request_id");
        if (groupId == null && requestId == null) {
            throw new InvalidPayloadException("missing groups.group_id and groups.request_id");
        }
        Payloads.requiredText(group, "type", "groups");
        String type = EventTypes.GROUP_PREFIX + change.field().substring(FIELD_PREFIX.length());
        ObjectNode data = Payloads.object();
        ObjectNode details = Payloads.object();
        for (Map.Entry<String, JsonNode> property : group.properties()) {
            String name = property.getKey();
            if (TEXTS.containsKey(name)) {
                putIfPresent(data, TEXTS.get(name), text(group, name));
            } else if (PARTICIPANTS.containsKey(name)) {
                putIfPresent(data, PARTICIPANTS.get(name), participants(change, optionalArray(group, name)));
            } else if (!OTHERS_SKIPPED.contains(name) && !property.getValue().isNull()) {
                details.set(name, property.getValue());
            }
        }
        putIfPresent(data, "errors", MetaErrors.all(group));
        if (!details.isEmpty()) {
            data.set("details", details);
        }
        String senderId = change.phoneNumberId();
        String id = EventIds.of(type, senderId, groupId, requestId, group.toString(), text(group, "timestamp"),
                change.entryTime());
        return change.event(id, type, senderId, change.occurredAt(group, "timestamp"), data, group);
    }

    /** Who was added, removed or failed: by phone and BSUID, each as Meta named them. */
    private static ArrayNode participants(MetaChange change, JsonNode list) {
        if (list == null) {
            return null;
        }
        ArrayNode out = EventJson.MAPPER.createArrayNode();
        for (JsonNode participant : list) {
            if (!participant.isObject()) {
                continue;
            }
            ObjectNode one = MetaCustomer.of(change.value(), text(participant, "wa_id"),
                    text(participant, "user_id"), text(participant, "parent_user_id")).addTo(Payloads.object(), "phone");
            putIfPresent(one, "errors", MetaErrors.all(participant));
            if (!one.isEmpty()) {
                out.add(one);
            }
        }
        return out.isEmpty() ? null : out;
    }
}
