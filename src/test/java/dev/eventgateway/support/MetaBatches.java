package dev.eventgateway.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Meta webhook batches at the sizes Meta documents (one POST aggregates up to 1,000 updates, up to 3 MB), shaped as
 * Meta's reference and the fixtures under {@code payloads/meta/} show them: entries of one WABA, a {@code messages}
 * change per 100 updates, pretty-printed as Meta's samples are. Every message id starts with the caller's prefix.
 */
public final class MetaBatches {

    public static final String WABA_ID = "102290129340398";
    public static final String PHONE_NUMBER_ID = "106540352242922";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STATUSES = List.of("sent", "delivered", "read", "failed");
    /** Meta's limit for {@code biz_opaque_callback_data}. */
    private static final int CALLBACK_DATA_MAX = 512;
    private static final int PER_CHANGE = 100;

    private MetaBatches() {
    }

    /**
     * {@code count} statuses in Meta's order sent, delivered, read, failed, each with the fields Meta sends at their
     * fullest: pricing (PMP) and conversation, a 512-character {@code biz_opaque_callback_data}, errors on the failed.
     */
    public static byte[] statuses(String idPrefix, int count) {
        String callbackData = "campaign=spring-sale;order=";
        callbackData = callbackData + "1".repeat(CALLBACK_DATA_MAX - callbackData.length());
        ObjectNode root = root();
        ArrayNode statuses = null;
        for (int i = 0; i < count; i++) {
            if (i % PER_CHANGE == 0) {
                statuses = change(root).putArray("statuses");
            }
            String status = STATUSES.get(i % STATUSES.size());
            ObjectNode s = statuses.addObject()
                    .put("id", messageId(idPrefix, i))
                    .put("status", status)
                    .put("timestamp", Long.toString(1_750_857_385L + i))
                    .put("recipient_id", recipient(i))
                    .put("biz_opaque_callback_data", callbackData);
            if (status.equals("failed")) {
                ObjectNode error = s.putArray("errors").addObject()
                        .put("code", 131049)
                        .put("title", "This message was not delivered to maintain healthy ecosystem engagement.")
                        .put("message", "This message was not delivered to maintain healthy ecosystem engagement.");
                error.putObject("error_data").put("details",
                        "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.");
                error.put("href", "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/");
            } else {
                ObjectNode conversation = s.putObject("conversation").put("id", "CONVERSATION_ID_" + i);
                if (status.equals("sent")) {
                    conversation.put("expiration_timestamp", Long.toString(1_750_943_785L + i));
                }
                conversation.putObject("origin").put("type", "marketing");
                s.putObject("pricing").put("billable", true).put("pricing_model", "PMP").put("type", "regular")
                        .put("category", "marketing");
            }
        }
        return write(root);
    }

    /** {@code count} inbound text messages of {@code textChars} characters each (Meta allows 4,096), with contacts. */
    public static byte[] texts(String idPrefix, int count, int textChars) {
        ObjectNode root = root();
        ArrayNode messages = null;
        for (int i = 0; i < count; i++) {
            if (i % PER_CHANGE == 0) {
                ObjectNode value = change(root);
                value.putArray("contacts").addObject().put("wa_id", recipient(i)).putObject("profile")
                        .put("name", "Sheena Nelson");
                messages = value.putArray("messages");
            }
            String text = ("Does it come in another color? Order " + i + ". ").repeat(textChars / 40 + 1)
                    .substring(0, textChars);
            messages.addObject()
                    .put("from", recipient(i))
                    .put("id", messageId(idPrefix, i))
                    .put("timestamp", Long.toString(1_749_416_383L + i))
                    .put("type", "text")
                    .putObject("text").put("body", text);
        }
        return write(root);
    }

    public static String messageId(String idPrefix, int i) {
        return idPrefix + String.format("%05d", i);
    }

    private static String recipient(int i) {
        return "1650555" + String.format("%04d", i % 10_000);
    }

    private static ObjectNode root() {
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        root.putArray("entry").addObject().put("id", WABA_ID).putArray("changes");
        return root;
    }

    /** A new {@code messages} change of the one entry; returns its {@code value}. */
    private static ObjectNode change(ObjectNode root) {
        ObjectNode change = ((ArrayNode) root.get("entry").get(0).get("changes")).addObject();
        ObjectNode value = change.putObject("value").put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550783881").put("phone_number_id", PHONE_NUMBER_ID);
        change.put("field", "messages");
        return value;
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
