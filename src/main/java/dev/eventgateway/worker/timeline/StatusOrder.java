package dev.eventgateway.worker.timeline;

import java.util.List;

/**
 * The monotonic order of a message's delivery statuses (DESIGN §5): {@code sent < delivered < read < played}, and
 * {@code failed} above them all, so it is terminal — nothing after it moves the message back. Statuses may skip a
 * stage (a {@code read} with no {@code delivered} before it).
 */
final class StatusOrder {

    private static final List<String> ORDER = List.of("sent", "delivered", "read", "played", "failed");

    private StatusOrder() {
    }

    /** The status's rank, 1 (sent) to 5 (failed), or 0 for a status outside the order. */
    static int rank(String status) {
        return ORDER.indexOf(status) + 1;
    }
}
