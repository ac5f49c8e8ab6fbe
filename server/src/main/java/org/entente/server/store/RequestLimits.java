package org.entente.server.store;

/**
 * What one request may make the node hold ({@code entente.limits.*}, or {@code ENTENTE_LIMITS_*}):
 * bounds that keep every POST, import and status read within a small heap whatever a sender puts in
 * it. Anything left out takes the default written here.
 *
 * @param maxObjectBytes the largest single object accepted, in bytes, on every POST and import; a
 *     bigger one is refused in the status with its size and this limit, and never parsed into a
 *     tree. Federation applies the smaller of this and {@code entente.federation.max-object-bytes}
 * @param maxObjectsPerRequest the most objects one envelope may hold (TAXII POSTs and the pages a
 *     peer sends); a bigger one is refused whole, before anything is parsed, with 413
 * @param statusDetailsPerPage the most lines (successes and failures) one status resource lists;
 *     the counts are always complete, and the rest is read page by page ({@code docs/taxii.md})
 */
public record RequestLimits(
        Integer maxObjectBytes, Integer maxObjectsPerRequest, Integer statusDetailsPerPage) {
    public static final RequestLimits DEFAULTS = new RequestLimits(null, null, null);

    public RequestLimits {
        // NB: 2 MiB is federation's default per object too, so what a node accepts it can share
        maxObjectBytes = maxObjectBytes == null ? 2 * 1024 * 1024 : maxObjectBytes;
        maxObjectsPerRequest = maxObjectsPerRequest == null ? 100_000 : maxObjectsPerRequest;
        statusDetailsPerPage = statusDetailsPerPage == null ? 10_000 : statusDetailsPerPage;
        if (maxObjectBytes < 1024) {
            throw new IllegalArgumentException(
                    "entente.limits.max-object-bytes must be at least 1024, not " + maxObjectBytes);
        }
        if (maxObjectsPerRequest < 1) {
            throw new IllegalArgumentException(
                    "entente.limits.max-objects-per-request must be positive, not "
                            + maxObjectsPerRequest);
        }
        if (statusDetailsPerPage < 1) {
            throw new IllegalArgumentException(
                    "entente.limits.status-details-per-page must be positive, not "
                            + statusDetailsPerPage);
        }
    }
}
