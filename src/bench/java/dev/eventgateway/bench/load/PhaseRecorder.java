package dev.eventgateway.bench.load;

import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one phase observed, recorded on the load generator's event loop only (not thread-safe). Latencies in
 * microseconds, of 200 answers whose intended send time fell in the measured window; throughput from 200 answers
 * that completed in the window; answers by status over the whole phase, warm-up included; every acknowledged body
 * and event id for the loss checks.
 */
public final class PhaseRecorder {

    private static final long MAX_LATENCY_MICROS = 120_000_000L;

    private final boolean readsEventIds;
    private final boolean keepsSendTimes;
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    private final Histogram serviceTime = new Histogram(MAX_LATENCY_MICROS, 3);
    private final Map<String, Long> statuses = new TreeMap<>();
    private final LongCounts ackedBodies = new LongCounts();
    private final LongCounts ackedEvents = new LongCounts();
    private final Map<String, Long> eventSendWallMicros = new HashMap<>();
    /** The acknowledged events whose request was meant to be sent in the measured window, as for the latency. */
    private final Set<String> eventsMeantInWindow = new HashSet<>();
    private long windowStart;
    private long windowEnd;
    private long wallOffsetMicros;
    private long okInWindow;
    private long eventsInWindow;
    private long bytesInWindow;
    private long requests;
    private long duplicateAcks;
    private long idMismatches;

    /**
     * @param readsEventIds  the target answers with {@code eventIds} (the gateway) to check in Kafka
     * @param keepsSendTimes keep each acknowledged event id with its send time (the freshness phase)
     */
    public PhaseRecorder(boolean readsEventIds, boolean keepsSendTimes) {
        this.readsEventIds = readsEventIds;
        this.keepsSendTimes = keepsSendTimes;
    }

    void window(long startNanos, long endNanos) {
        this.windowStart = startNanos;
        this.windowEnd = endNanos;
        this.wallOffsetMicros = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;
    }

    void sent() {
        requests++;
    }

    void answered(SignedRequest request, long intended, long sentAt, long done, int status, byte[] body) {
        count(Integer.toString(status));
        if (status != 200) {
            return;
        }
        boolean inWindow = intended >= windowStart && intended < windowEnd;
        if (inWindow) {
            latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (done - intended) / 1000)));
            serviceTime.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (done - sentAt) / 1000)));
        }
        if (done >= windowStart && done < windowEnd) {
            okInWindow++;
            eventsInWindow += request.events();
            bytesInWindow += request.body().length;
        }
        if (!ackedBodies.add(request.bodyKey())) {
            duplicateAcks++;
        }
        if (readsEventIds) {
            readEventIds(request, intended, inWindow, body);
        }
    }

    void failed(String reason) {
        count(reason);
    }

    private void count(String key) {
        statuses.merge(key, 1L, Long::sum);
    }

    private void readEventIds(SignedRequest request, long intended, boolean inWindow, byte[] body) {
        int found = 0;
        for (int i = 0; i + 30 <= body.length; i++) {
            if (body[i] == 'e' && body[i + 1] == 'v' && body[i + 2] == 't' && body[i + 3] == '_') {
                ackedEvents.add(Fingerprints.eventId(body, i));
                if (keepsSendTimes) {
                    String id = new String(body, i, 30, java.nio.charset.StandardCharsets.US_ASCII);
                    eventSendWallMicros.put(id, wallOffsetMicros + intended / 1000);
                    if (inWindow) {
                        eventsMeantInWindow.add(id);
                    }
                }
                found++;
                i += 29;
            }
        }
        if (found != request.events()) {
            idMismatches++;
        }
    }

    public Histogram latency() {
        return latency;
    }

    public Histogram serviceTime() {
        return serviceTime;
    }

    /** Answers by HTTP status, or by failure ({@code timeout}, {@code connection}, {@code overflow}). */
    public Map<String, Long> statuses() {
        return statuses;
    }

    public long requests() {
        return requests;
    }

    public long okInWindow() {
        return okInWindow;
    }

    public long eventsInWindow() {
        return eventsInWindow;
    }

    public long bytesInWindow() {
        return bytesInWindow;
    }

    public LongCounts ackedBodies() {
        return ackedBodies;
    }

    public LongCounts ackedEvents() {
        return ackedEvents;
    }

    /** Every acknowledged event id (warm-up included: each must get its row) → intended send time, wall µs. */
    public Map<String, Long> eventSendWallMicros() {
        return eventSendWallMicros;
    }

    /** Of those, the ones whose freshness counts: meant to be sent in the measured window, as for the latency. */
    public Set<String> eventsMeantInWindow() {
        return eventsMeantInWindow;
    }

    public long duplicateAcks() {
        return duplicateAcks;
    }

    /** 200 answers whose {@code eventIds} did not hold as many ids as the request had events. */
    public long idMismatches() {
        return idMismatches;
    }

    public long nonOk() {
        return statuses.entrySet().stream().filter(e -> !e.getKey().equals("200")).mapToLong(Map.Entry::getValue)
                .sum();
    }
}
