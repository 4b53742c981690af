package dev.eventgateway.publish;

import dev.eventgateway.config.KafkaConfig;
import dev.eventgateway.event.EventCategory;

import java.util.ArrayList;
import java.util.List;

/** Every topic of DESIGN §4, with the configured prefix. One place names them. */
public final class Topics {

    public static final String RAW = "raw";
    public static final String NOTIFICATIONS = "notifications";
    /** Workers, each with its consumer group and dead-letter topic {@code <prefix><worker>.dlq}. */
    public static final List<String> WORKERS = List.of("crm", "timeline", "template-ops");

    private final String prefix;

    public Topics(KafkaConfig kafka) {
        this(kafka.topicPrefix());
    }

    public Topics(String prefix) {
        this.prefix = prefix;
    }

    public String of(EventCategory category) {
        return prefix + category.topicSuffix();
    }

    public String raw() {
        return prefix + RAW;
    }

    public String notifications() {
        return prefix + NOTIFICATIONS;
    }

    public String deadLetters(String worker) {
        return prefix + worker + ".dlq";
    }

    public List<String> all() {
        List<String> all = new ArrayList<>();
        for (EventCategory c : EventCategory.values()) {
            all.add(of(c));
        }
        all.add(raw());
        all.add(notifications());
        WORKERS.forEach(w -> all.add(deadLetters(w)));
        return all;
    }
}
