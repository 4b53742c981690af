package dev.eventgateway.storage.query;

import java.util.List;
import java.util.function.Function;

/** One page of a list and where it stands in the whole: {@code total} items match the filter. */
public record Page<T>(List<T> items, PageRequest request, long total) {

    public Page {
        items = List.copyOf(items);
    }

    public long totalPages() {
        return (total + request.limit() - 1) / request.limit();
    }

    public boolean hasMore() {
        return request.offset() + items.size() < total;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, total);
    }
}
