package dev.eventgateway.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the load of a {@link LoadPhase} to a target on 127.0.0.1 and records the answers. One Vert.x event loop
 * does all HTTP work and builds the requests; in the open model a pacer thread only tells it how many requests are
 * due (a Vert.x timer has millisecond steps, too coarse for latencies of a millisecond or two).
 */
public final class LoadGenerator implements AutoCloseable {

    /** The open model's pacing step: requests due within one step are sent together. */
    static final long PACING_STEP_NANOS = 100_000;

    private final Vertx vertx;
    private final ContextInternal context;

    public LoadGenerator() {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.context = (ContextInternal) vertx.getOrCreateContext();
    }

    /** Runs the phase; blocks until every request is answered or timed out. */
    public PhaseRecorder run(LoadPhase phase, int port, PayloadFactory payloads, PhaseRecorder recorder) {
        HttpClientAgent client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setDefaultHost("127.0.0.1").setDefaultPort(port))
                .with(new PoolOptions().setHttp1MaxSize(phase.connections()).setMaxWaitQueueSize(-1))
                .build();
        try {
            Driver driver = new Driver(phase, client, payloads, recorder);
            Promise<Void> started = Promise.promise();
            context.runOnContext(v -> driver.start(started));
            long bound = phase.warmup().plus(phase.measure()).plus(phase.timeout()).plusSeconds(10).toMillis();
            try {
                started.future().await(bound, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                recorder.failed("unfinished");
            }
            driver.stopPacer();
            return recorder;
        } finally {
            client.close().await();
        }
    }

    @Override
    public void close() {
        vertx.close().await();
    }

    /** The phase's state; everything but the pacer runs on the load generator's event loop. */
    private final class Driver {
        private final LoadPhase phase;
        private final HttpClientAgent client;
        private final PayloadFactory payloads;
        private final PhaseRecorder recorder;
        private final AtomicLong due = new AtomicLong();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private volatile boolean pacing = true;
        private Thread pacer;
        private Promise<Void> finished;
        private long start;
        private long end;
        private long intervalNanos;
        private long sent;
        private int outstanding;
        private int lanes;
        private boolean sendingOver;

        Driver(LoadPhase phase, HttpClientAgent client, PayloadFactory payloads, PhaseRecorder recorder) {
            this.phase = phase;
            this.client = client;
            this.payloads = payloads;
            this.recorder = recorder;
        }

        void start(Promise<Void> done) {
            finished = done;
            start = System.nanoTime();
            long measureFrom = start + phase.warmup().toNanos();
            end = measureFrom + phase.measure().toNanos();
            recorder.window(measureFrom, end);
            if (phase.model() == LoadPhase.Model.CLOSED) {
                lanes = phase.concurrency();
                for (int i = 0; i < phase.concurrency(); i++) {
                    lane();
                }
            } else {
                intervalNanos = Math.max(1, (long) (1e9 / phase.rate()));
                pacer = new Thread(this::pace, "load-pacer");
                pacer.setDaemon(true);
                pacer.start();
            }
        }

        private void lane() {
            long now = System.nanoTime();
            if (now >= end || sent >= phase.maxRequests()) {
                lanes--;
                if (lanes == 0) {
                    sendingOver = true;
                }
                maybeFinish();
                return;
            }
            send(now, this::lane);
        }

        /**
         * Pacer thread: publishes how many requests are due by now; the event loop sends them. It wakes at most every
         * {@link #PACING_STEP_NANOS}: waking the event loop once per request cost the load generator several times
         * the CPU of the closed model and starved the servers on two CPUs. Each request is still measured from its
         * own intended time, so grouping costs both servers the same fraction of a step.
         */
        private void pace() {
            long total = Math.min(phase.maxRequests(), (end - start) / intervalNanos);
            long published = 0;
            while (pacing && published < total) {
                long dueNow = Math.min(total, (System.nanoTime() - start) / intervalNanos + 1);
                if (dueNow > published) {
                    published = dueNow;
                    due.set(published);
                    if (drainScheduled.compareAndSet(false, true)) {
                        context.runOnContext(v -> drain(total));
                    }
                }
                long nextAt = start + published * intervalNanos;
                LockSupport.parkNanos(Math.max(PACING_STEP_NANOS, nextAt - System.nanoTime()));
            }
        }

        private void drain(long total) {
            drainScheduled.set(false);
            long upTo = due.get();
            while (sent < upTo) {
                long intended = start + sent * intervalNanos;
                if (outstanding >= 50_000) {
                    // the target is far behind: these would only queue in the client; count them as failures
                    sent++;
                    recorder.failed("overflow");
                    continue;
                }
                send(intended, null);
            }
            if (sent >= total) {
                sendingOver = true;
                maybeFinish();
            }
        }

        void stopPacer() {
            pacing = false;
        }

        private void send(long intended, Runnable then) {
            SignedRequest request = payloads.next(phase.workload());
            sent++;
            outstanding++;
            recorder.sent();
            long sentAt = System.nanoTime();
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setURI("/webhooks/" + request.webhookUid())
                    .setIdleTimeout(phase.timeout().toMillis())
                    .putHeader("Content-Type", "application/json")
                    .putHeader(request.signatureHeader(), request.signature());
            Future<Answer> answer = client.request(options)
                    .compose(req -> req.send(Buffer.buffer(request.body())))
                    .compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(), body.getBytes())));
            answer.onComplete(ar -> {
                long done = System.nanoTime();
                outstanding--;
                if (ar.succeeded()) {
                    recorder.answered(request, intended, sentAt, done, ar.result().status(), ar.result().body());
                } else {
                    recorder.failed(failure(ar.cause()));
                }
                if (then != null) {
                    then.run();
                }
                maybeFinish();
            });
        }

        private void maybeFinish() {
            if (sendingOver && outstanding == 0 && finished != null) {
                Promise<Void> done = finished;
                finished = null;
                done.complete();
            }
        }
    }

    private static String failure(Throwable cause) {
        String name = cause.getClass().getSimpleName().toLowerCase();
        return name.contains("timeout") ? "timeout" : "connection";
    }

    private record Answer(int status, byte[] body) {
    }

    /** For callers that want the wall time a phase will take. */
    public static Duration span(LoadPhase phase) {
        return phase.warmup().plus(phase.measure());
    }
}
