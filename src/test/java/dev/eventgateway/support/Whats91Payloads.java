package dev.eventgateway.support;

import java.nio.charset.StandardCharsets;

/** Whats91 v2 bodies with a caller-chosen message id, so each test finds its own records. */
public final class Whats91Payloads {

    private Whats91Payloads() {
    }

    public static byte[] inboundText(String messageId, String from, String text) {
        return """
                {"event":"message.inbound.text","webhookUid":"wh_abc","senderId":"916268662275",\
                "data":{"from":"%s","messageId":"%s","text":"%s","timestamp":"2026-06-05T10:30:00.000Z"}}\
                """.formatted(from, messageId, text).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] delivered(String messageId, String recipient) {
        return """
                {"event":"message.status.delivered","webhookUid":"wh_abc","senderId":"916268662275",\
                "data":{"messageId":"%s","recipient":"%s","status":"delivered",\
                "timestamp":"2026-06-05T10:31:00.000Z"}}""".formatted(messageId, recipient)
                .getBytes(StandardCharsets.UTF_8);
    }
}
