package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One page of a collection, as the objects, manifest and versions endpoints and federation ask for
 * it. What the reader may see at all is not part of the query: it is the {@link Visibility} every
 * read takes beside it.
 *
 * @param after only objects added strictly after this date_added (microseconds), from {@code
 *     added_after} or {@code next}
 * @param upTo only objects added at or before this date_added (a federation push's window)
 * @param limit at most this many objects
 * @param ids {@code match[id]}; empty means any
 * @param types {@code match[type]}; empty means any
 * @param specVersions {@code match[spec_version]}; empty means the latest (all are 2.1 here)
 * @param notFromOrg leave out what this organisation sent us (a push does not echo a peer's own
 *     objects back to it)
 */
public record ObjectQuery(
        String collectionId,
        OptionalLong after,
        OptionalLong upTo,
        int limit,
        Set<String> ids,
        Set<String> types,
        VersionFilter versions,
        Set<String> specVersions,
        Optional<String> notFromOrg) {
    public ObjectQuery {
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(upTo, "upTo");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(notFromOrg, "notFromOrg");
        ids = Set.copyOf(ids);
        types = Set.copyOf(types);
        specVersions = Set.copyOf(specVersions);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }

    /** Every version in the collection, a page of {@code limit}. */
    public static ObjectQuery all(String collectionId, int limit) {
        return new ObjectQuery(
                collectionId,
                OptionalLong.empty(),
                OptionalLong.empty(),
                limit,
                Set.of(),
                Set.of(),
                VersionFilter.ALL,
                Set.of(),
                Optional.empty());
    }

    /** The versions of one object that {@code versions} selects. */
    public static ObjectQuery object(String collectionId, String id, VersionFilter versions) {
        return new ObjectQuery(
                collectionId,
                OptionalLong.empty(),
                OptionalLong.empty(),
                1000,
                Set.of(id),
                Set.of(),
                versions,
                Set.of(),
                Optional.empty());
    }

    public ObjectQuery after(long dateAdded) {
        return new ObjectQuery(
                collectionId,
                OptionalLong.of(dateAdded),
                upTo,
                limit,
                ids,
                types,
                versions,
                specVersions,
                notFromOrg);
    }

    public ObjectQuery upTo(long dateAdded) {
        return new ObjectQuery(
                collectionId,
                after,
                OptionalLong.of(dateAdded),
                limit,
                ids,
                types,
                versions,
                specVersions,
                notFromOrg);
    }

    public ObjectQuery limit(int n) {
        return new ObjectQuery(
                collectionId, after, upTo, n, ids, types, versions, specVersions, notFromOrg);
    }

    public ObjectQuery ids(Set<String> only) {
        return new ObjectQuery(
                collectionId, after, upTo, limit, only, types, versions, specVersions, notFromOrg);
    }

    public ObjectQuery types(Set<String> only) {
        return new ObjectQuery(
                collectionId, after, upTo, limit, ids, only, versions, specVersions, notFromOrg);
    }

    public ObjectQuery versions(VersionFilter v) {
        return new ObjectQuery(
                collectionId, after, upTo, limit, ids, types, v, specVersions, notFromOrg);
    }

    public ObjectQuery notFrom(String org) {
        return new ObjectQuery(
                collectionId,
                after,
                upTo,
                limit,
                ids,
                types,
                versions,
                specVersions,
                Optional.of(org));
    }
}
