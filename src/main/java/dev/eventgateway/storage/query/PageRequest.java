package dev.eventgateway.storage.query;

/**
 * One page of a list: 1-based {@code page}, {@code limit} items per page. The bounds are checked where the request is
 * read (the admin API answers 400 outside them); the record only keeps them sane.
 */
public record PageRequest(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Deep pages cost a scan of everything before them; past this, filter instead. */
    public static final int MAX_PAGE = 10_000;

    public PageRequest {
        if (page < 1 || page > MAX_PAGE || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("page or limit out of bounds: " + page + ", " + limit);
        }
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }
}
