package dev.eventgateway.bench.load;

/**
 * What the load generator sends. {@link #MIX} is the everyday traffic of the throughput and latency phases; the
 * others vary one thing at a time: events per Meta request, or body bytes at one event per request.
 */
public enum Workload {
    MIX("mix", "Whats91 inbound texts 40%, Meta statuses 50%, Meta template updates 10%; one event each", 1),
    META_BATCH_1("meta-batch-1", "Meta statuses, 1 per request", 1),
    META_BATCH_10("meta-batch-10", "Meta statuses, 10 per request", 10),
    META_BATCH_50("meta-batch-50", "Meta statuses, 50 per request", 50),
    META_BATCH_1000("meta-batch-1000", "Meta statuses, 1,000 per request (Meta's maximum per POST)", 1000),
    BODY_0_5K("body-0.5k", "Whats91 inbound text, 0.5 KB body", 1),
    BODY_4K("body-4k", "Meta inbound text of 3,600 characters, 4 KB body", 1),
    BODY_64K("body-64k", "Meta Flow reply (nfm_reply) with a long survey answer, 64 KB body", 1),
    BODY_3M("body-3m", "Meta batch of 1,000 inbound texts of 2,900 characters, 3 MB body (Meta's maximum)", 1000),
    META_TEMPLATES("meta-templates", "Meta template status updates, 1 per request", 1);

    private final String id;
    private final String description;
    private final int eventsPerRequest;

    Workload(String id, String description, int eventsPerRequest) {
        this.id = id;
        this.description = description;
        this.eventsPerRequest = eventsPerRequest;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public int eventsPerRequest() {
        return eventsPerRequest;
    }
}
