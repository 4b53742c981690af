package dev.eventgateway.spool;

/**
 * Whether this gateway spools new requests ("active"), and the rule that keeps per-key order when it stops: it stops
 * only after a read found the spool empty with no spool write of this gateway started since that read began or still
 * unfinished, so that a request spooled just before the read cannot be overtaken by a later one sent straight to
 * Kafka. Another gateway's spool writes are seen by polling ({@link #markActive}). Thread-safe; {@link #active} is a
 * volatile read.
 */
final class SpoolState {

    private volatile boolean active;
    private long writesStarted;
    private int writesInFlight;

    boolean active() {
        return active;
    }

    /** A spool write begins: new requests go to the spool from now on. */
    synchronized void beginWrite() {
        active = true;
        writesStarted++;
        writesInFlight++;
    }

    synchronized void endWrite() {
        writesInFlight--;
    }

    /** Read before asking whether the spool is empty; passed to {@link #leaveIfUnchangedSince}. */
    synchronized long writesStarted() {
        return writesStarted;
    }

    /** The spool holds rows (any gateway's): new requests go to it. */
    void markActive() {
        active = true;
    }

    /**
     * The spool was found empty by a read that began after {@link #writesStarted()} returned {@code before}: new
     * requests go to Kafka again, unless a write of this gateway started since or is still unfinished.
     *
     * @return whether the state is inactive now
     */
    synchronized boolean leaveIfUnchangedSince(long before) {
        if (writesStarted == before && writesInFlight == 0) {
            active = false;
        }
        return !active;
    }
}
