package dev.eventgateway.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this gateway spools new requests ("active"), and the rule that keeps per-key order when it stops: it stops
 * only after a read found the spool empty with no spool write of this gateway started since that read began or still
 * unfinished, so that a request spooled just before the read cannot be overtaken by a later one sent straight to
 * Kafka. Another gateway's spool writes are seen by polling ({@link #markActive}). Thread-safe; {@link #active} is a
 * volatile read.
 */
final class SpoolState {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolState.class);

    private volatile boolean active;
    private long writesStarted;
    private int writesInFlight;

    boolean active() {
        return active;
    }

    synchronized void beginWrite() {
        writesStarted++;
        writesInFlight++;
    }

    /**
     * A spool write ended. Written: new requests go to the spool from now on (set before the written request is
     * answered, which is all its order needs). Failed: nothing changes, so that a spool that cannot be written to
     * does not keep requests from a Kafka that answers.
     */
    synchronized void endWrite(boolean written) {
        writesInFlight--;
        if (written) {
            markActive();
        }
    }

    /** Read before asking whether the spool is empty; passed to {@link #leaveIfUnchangedSince}. */
    synchronized long writesStarted() {
        return writesStarted;
    }

    /** The spool holds rows (any gateway's): new requests go to it. */
    synchronized void markActive() {
        if (!active) {
            active = true;
            LOG.warn("spooling: new requests go to the spool until it is drained");
        }
    }

    /**
     * The spool was found empty by a read that began after {@link #writesStarted()} returned {@code before}: new
     * requests go to Kafka again, unless a write of this gateway started since or is still unfinished.
     *
     * @return whether the state is inactive now
     */
    synchronized boolean leaveIfUnchangedSince(long before) {
        if (active && writesStarted == before && writesInFlight == 0) {
            active = false;
            LOG.info("spool drained: new requests go to Kafka again");
        }
        return !active;
    }
}
