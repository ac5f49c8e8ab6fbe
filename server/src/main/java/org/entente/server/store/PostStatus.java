package org.entente.server.store;

import java.util.List;
import java.util.Objects;

/**
 * The status of one POST of objects, as the store keeps it.
 *
 * @param complete whether processing finished (or was interrupted for good)
 * @param requestTimestamp microseconds since the epoch
 * @param totalCount objects in the request
 * @param heldCount of the successes, how many were already held (exact duplicates)
 * @param successes the objects stored; after a very large import only the first {@link
 *     #DETAILS_KEPT} (the counts are always exact, the database has every line)
 * @param failures likewise for the objects refused
 */
public record PostStatus(
        String id,
        String collectionId,
        String principalId,
        boolean complete,
        long requestTimestamp,
        int totalCount,
        int successCount,
        int heldCount,
        int failureCount,
        List<StatusDetail> successes,
        List<StatusDetail> failures) {
    /** Details held in memory for a status being built; bounds an import of millions. */
    public static final int DETAILS_KEPT = 100_000;

    public PostStatus {
        Objects.requireNonNull(id, "id");
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
    }

    public int pendingCount() {
        return complete ? 0 : Math.max(0, totalCount - successCount - failureCount);
    }
}
