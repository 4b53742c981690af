package dev.eventgateway.worker.templates;

import dev.eventgateway.event.EventTypes;

import java.util.Locale;
import java.util.Set;

/**
 * How urgent a template notification is — the one place that decides it:
 * <ul>
 *   <li>{@code critical}: the template cannot be sent now — status DISABLED or PAUSED;</li>
 *   <li>{@code warning}: it needs someone's attention — status REJECTED, FLAGGED, LIMIT_EXCEEDED, or a status this
 *       list does not know; quality RED;</li>
 *   <li>{@code info}: everything else — APPROVED, PENDING, IN_APPEAL, REINSTATED, PENDING_DELETION, DELETED,
 *       ARCHIVED; quality GREEN, YELLOW or UNKNOWN; category changes (done or announced).</li>
 * </ul>
 */
public enum Severity {
    INFO, WARNING, CRITICAL;

    private static final Set<String> CRITICAL_STATUSES = Set.of("DISABLED", "PAUSED");
    private static final Set<String> WARNING_STATUSES = Set.of("REJECTED", "FLAGGED", "LIMIT_EXCEEDED");
    private static final Set<String> INFO_STATUSES = Set.of("APPROVED", "PENDING", "IN_APPEAL", "REINSTATED",
            "PENDING_DELETION", "DELETED", "ARCHIVED");

    /** The severity of a template event of this type whose new value is {@code status}. */
    public static Severity of(String type, String status) {
        String value = status == null ? "" : status.toUpperCase(Locale.ROOT);
        return switch (type) {
            case EventTypes.TEMPLATE_STATUS -> CRITICAL_STATUSES.contains(value) ? CRITICAL
                    : WARNING_STATUSES.contains(value) || !INFO_STATUSES.contains(value) ? WARNING : INFO;
            case EventTypes.TEMPLATE_QUALITY -> value.equals("RED") ? WARNING : INFO;
            default -> INFO;
        };
    }

    /** As stored and published: {@code info}, {@code warning}, {@code critical}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
