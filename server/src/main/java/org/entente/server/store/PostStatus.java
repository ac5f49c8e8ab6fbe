package org.entente.server.store;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The status of one POST of objects, as the store keeps it.
 *
 * @param complete whether processing finished (or was interrupted for good)
 * @param requestTimestamp microseconds since the epoch
 * @param totalCount objects in the request
 * @param heldCount of the successes, how many were already held (exact duplicates)
 * @param successes the objects stored, as far as this page of the status lists them (the counts are
 *     always complete; the database has every line)
 * @param failures likewise for the objects refused, and for those never processed (one line for all
 *     of them, since their ids were never read)
 * @param next where the next page of lines starts, when the lines go on beyond this page
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
        List<StatusDetail> failures,
        OptionalInt next) {
    public PostStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(next, "next");
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
        if (successCount < 0 || failureCount < 0 || heldCount < 0 || heldCount > successCount) {
            throw new IllegalArgumentException(
                    "counts must be non-negative, held at most the successes: "
                            + successCount
                            + " successes, "
                            + heldCount
                            + " held, "
                            + failureCount
                            + " failures");
        }
        if (successCount + failureCount > totalCount) {
            throw new IllegalArgumentException(
                    "more outcomes ("
                            + (successCount + failureCount)
                            + ") than objects ("
                            + totalCount
                            + ")");
        }
    }

    public int pendingCount() {
        return complete ? 0 : Math.max(0, totalCount - successCount - failureCount);
    }
}
