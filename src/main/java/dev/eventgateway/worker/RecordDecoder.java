package dev.eventgateway.worker;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.List;

/** Reads a record value as a canonical event (DESIGN §4); anything else is poison. */
final class RecordDecoder {

    private RecordDecoder() {
    }

    /**
     * @throws PoisonRecordException when the value is empty, not JSON, not an event envelope, or an event of another
     *                               category than the worker's topic carries
     */
    static WebhookEvent decode(Buffer value, EventCategory expected) {
        return decode(value, List.of(expected));
    }

    /**
     * @throws PoisonRecordException when the value is empty, not JSON, not an event envelope, or an event of none of
     *                               the categories the worker's topics carry
     */
    static WebhookEvent decode(Buffer value, List<EventCategory> expected) {
        if (value == null || value.length() == 0) {
            throw new PoisonRecordException("empty record value");
        }
        WebhookEvent event;
        try {
            event = WebhookEvent.fromJson(value.getBytes());
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("");
            throw new PoisonRecordException("not a canonical event: " + reason);
        }
        if (!expected.contains(event.category())) {
            throw new PoisonRecordException("event type " + event.type() + " does not belong on the "
                    + expected.get(0).topicSuffix() + " topic" + (expected.size() > 1 ? " or its siblings" : ""));
        }
        return event;
    }
}
