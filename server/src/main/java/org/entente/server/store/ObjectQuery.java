package org.entente.server.store;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One page of a collection, as the objects, manifest and versions endpoints ask for it.
 *
 * @param after only objects added strictly after this date_added (microseconds), from {@code
 *     added_after} or {@code next}
 * @param limit at most this many objects
 * @param ids {@code match[id]}; empty means any
 * @param types {@code match[type]}; empty means any
 * @param specVersions {@code match[spec_version]}; empty means the latest (all are 2.1 here)
 * @param restriction what the reader may see at all, from the policy; empty for everything
 */
public record ObjectQuery(
        String collectionId,
        OptionalLong after,
        int limit,
        Set<String> ids,
        Set<String> types,
        VersionFilter versions,
        Set<String> specVersions,
        java.util.Optional<org.entente.server.policy.SqlFilter> restriction) {
    public ObjectQuery {
        Objects.requireNonNull(restriction, "restriction");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(versions, "versions");
        ids = Set.copyOf(ids);
        types = Set.copyOf(types);
        specVersions = Set.copyOf(specVersions);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }

    public static ObjectQuery all(String collectionId, int limit) {
        return new ObjectQuery(
                collectionId,
                OptionalLong.empty(),
                limit,
                Set.of(),
                Set.of(),
                VersionFilter.ALL,
                Set.of(),
                java.util.Optional.empty());
    }

    public ObjectQuery after(long dateAdded) {
        return new ObjectQuery(
                collectionId,
                OptionalLong.of(dateAdded),
                limit,
                ids,
                types,
                versions,
                specVersions,
                restriction);
    }

    /** The same query within what a reader may see. */
    public ObjectQuery restrictedTo(org.entente.server.policy.SqlFilter filter) {
        return new ObjectQuery(
                collectionId,
                after,
                limit,
                ids,
                types,
                versions,
                specVersions,
                java.util.Optional.of(filter));
    }
}
