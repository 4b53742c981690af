package dev.eventgateway.http;

import io.vertx.ext.web.RoutingContext;

/**
 * A refused request's reason category, for the operator only (the caller learns the status and code, never which check
 * failed). A handler that knows more than its error code says (which credential did not match, say) leaves the
 * category here before failing the context; without one the category follows from the error code.
 */
public final class RefusalReason {

    /** Context key of the category: lowercase words, e.g. {@code signature mismatch}, {@code token mismatch}. */
    public static final String KEY = "refusalReason";

    private RefusalReason() {
    }

    public static void set(RoutingContext ctx, String category) {
        ctx.put(KEY, category);
    }
}
