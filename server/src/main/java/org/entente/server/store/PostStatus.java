package org.entente.server.store;

import java.util.List;
import java.util.Objects;

/**
 * The status of one POST of objects, as the store keeps it.
 *
 * @param complete whether processing finished (or was interrupted for good)
 * @param requestTimestamp microseconds since the epoch
 * @param totalCount objects in the request
 */
public record PostStatus(
        String id,
        String collectionId,
        String principalId,
        boolean complete,
        long requestTimestamp,
        int totalCount,
        List<StatusDetail> successes,
        List<StatusDetail> failures) {
    public PostStatus {
        Objects.requireNonNull(id, "id");
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
    }

    public int pendingCount() {
        return complete ? 0 : Math.max(0, totalCount - successes.size() - failures.size());
    }
}
