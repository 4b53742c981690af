package dev.eventgateway.spool;

import dev.eventgateway.publish.BatchRecords;
import dev.eventgateway.publish.IngressBatch;
import dev.eventgateway.publish.Spool;
import dev.eventgateway.publish.SpoolFullException;
import dev.eventgateway.publish.TopicRouter;
import dev.eventgateway.storage.spool.SpoolTable;
import io.vertx.core.Future;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spool in PostgreSQL that ingress writes to when Kafka cannot acknowledge a request (or while the spool holds
 * anything, {@link SpoolState}); {@link SpoolDrainer} empties it. Encoding runs on the caller's event loop, the write
 * is the pg client's (non-blocking). Bounded by {@code ingress.spool.maxBytes} against the size the drainer last read
 * plus what this gateway wrote since: over every gateway the bound is approximate by one poll of the others' writes.
 */
public final class PgSpool implements Spool {

    private final SpoolTable table;
    private final TopicRouter router;
    private final SpoolState state;
    private final SpoolMetrics metrics;
    private final long maxBytes;
    private final Clock clock;
    /** The spool's size as last read, plus this gateway's writes since. */
    private final AtomicLong sizeBytes = new AtomicLong();

    PgSpool(SpoolTable table, TopicRouter router, SpoolState state, SpoolMetrics metrics, long maxBytes, Clock clock) {
        this.table = table;
        this.router = router;
        this.state = state;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public boolean active() {
        return state.active();
    }

    @Override
    public Future<Void> write(IngressBatch batch) {
        long size = sizeBytes.get();
        if (size >= maxBytes) {
            return Future.failedFuture(new SpoolFullException(size, maxBytes));
        }
        List<ProducerRecord<String, byte[]>> records = BatchRecords.of(batch, router);
        byte[] encoded = SpoolCodec.encode(records);
        state.beginWrite();
        Future<Void> written;
        try {
            written = table.append(clock.instant(), batch.requestId(), batch.webhook().uid(), records.size(), encoded);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        return written.andThen(done -> {
            state.endWrite(done.succeeded());
            if (done.succeeded()) {
                sizeBytes.addAndGet(encoded.length);
                metrics.spooled(encoded.length);
            }
        });
    }

    /** The drainer read the spool's size over every gateway. */
    void sizeRead(long bytes) {
        sizeBytes.set(bytes);
    }
}
