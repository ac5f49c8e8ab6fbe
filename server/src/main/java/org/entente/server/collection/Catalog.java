package org.entente.server.collection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDao;
import org.entente.stix.Tlp;

/**
 * The use cases of the node's catalog: its API roots, their collections, and the status resources
 * of what was posted to them. TAXII's discovery and collection endpoints, the command line, the
 * federation and the console all come here.
 *
 * <p>Which of the collections a caller may see is the policy's decision, not this class's: it lists
 * what exists.
 */
public final class Catalog {
    private final CollectionDao collections;
    private final StatusDao statuses;
    private final String apiRoot;
    private final Clock clock;

    /**
     * @param apiRoot the node's own API root, where collections are created and found by default
     */
    public Catalog(CollectionDao collections, StatusDao statuses, String apiRoot, Clock clock) {
        this.collections = collections;
        this.statuses = statuses;
        this.apiRoot = apiRoot;
        this.clock = clock;
    }

    public List<ApiRoot> apiRoots() {
        return collections.apiRoots();
    }

    public Optional<ApiRoot> apiRoot(String name) {
        return collections.apiRoot(name);
    }

    /** The collections of an API root, in the stable order TAXII requires. */
    public List<Collection> list(String root) {
        return collections.list(root);
    }

    /** The collections of the node's own API root. */
    public List<Collection> list() {
        return collections.list(apiRoot);
    }

    /** A collection of an API root by id or alias (TAXII lets an alias stand for the id). */
    public Optional<Collection> find(String root, String idOrAlias) {
        return collections.find(root, idOrAlias);
    }

    /** A collection of the node's own API root by id or alias. */
    public Optional<Collection> find(String idOrAlias) {
        return collections.find(apiRoot, idOrAlias);
    }

    public Optional<Collection> byId(String id) {
        return collections.byId(id);
    }

    /**
     * A collection of the node's own API root by id or alias; bad input naming the collections
     * there are when there is none.
     */
    public Collection require(String idOrAlias) {
        return find(idOrAlias)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no collection '"
                                                + idOrAlias
                                                + "'; the collections are: "
                                                + aliases()));
    }

    /** The aliases (else ids) of the node's collections, for messages. */
    public String aliases() {
        return collections.list(apiRoot).stream()
                .map(c -> c.alias().orElse(c.id()))
                .collect(Collectors.joining(", "));
    }

    /**
     * The status resource of a POST to an API root, for the principal that posted it or an admin;
     * empty for anyone else, as if there were none.
     *
     * @param readerId the principal asking
     * @param admin whether it is an admin of this node
     */
    /**
     * One page of a status resource, its lines from {@code from} on (at most {@code lines}), if the
     * reader made the request or is an admin.
     */
    public Optional<PostStatus> status(
            String root, String statusId, String readerId, boolean admin, int from, int lines) {
        return statuses.find(root, statusId, micros(clock.instant()), from, lines)
                .filter(s -> admin || s.principalId().equals(readerId));
    }

    /**
     * The node's API root as the settings describe it, and one collection per area of cooperation
     * where the area has none yet; in the caller's transaction (the node's first start).
     */
    public void ensure(ApiRoot root) {
        collections.saveApiRoot(root);
        List<Collection> existing = collections.list(root.name());
        long now = micros(clock.instant());
        for (Area area : Area.values()) {
            if (existing.stream().noneMatch(c -> c.area().equals(area.key))) {
                collections.insert(
                        new Collection(
                                UUID.randomUUID().toString(),
                                root.name(),
                                Optional.of(area.defaultAlias),
                                area.defaultTitle,
                                Optional.of("Area of cooperation: " + area.key),
                                area.key,
                                Tlp.AMBER_STRICT),
                        now);
            }
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
