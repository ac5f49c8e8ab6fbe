package org.entente.server.ingest;

import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectQuery;

/**
 * The use case of deleting an object's versions from a collection (TAXII 5.7), in one transaction.
 * What a caller may delete is the policy's {@link Policy#deletable} decision: the local agency
 * whatever it may read and write; another organisation only what it sent itself, never our objects
 * nor a third party's.
 */
public final class Deletions {
    private final Database db;
    private final ObjectDao objects;
    private final Policy policy;

    public Deletions(Database db, ObjectDao objects, Policy policy) {
        this.db = db;
        this.objects = objects;
        this.policy = policy;
    }

    /**
     * Deletes the versions {@code target} names (one object id, its version filter) that the
     * principal may delete, and says how many went.
     *
     * @param named the collection as the caller named it (id or alias), for messages
     * @throws ApiException forbidden without both read and write access; not found when nothing it
     *     may delete matches
     */
    public int delete(NodePrincipal by, Collection collection, String named, ObjectQuery target) {
        Grant grant = policy.rights(by, collection);
        if (!grant.canRead() || !grant.canWrite()) {
            throw ApiException.forbidden(
                    "deleting needs both read and write access to collection '" + named + "'");
        }
        int removed =
                db.inTransaction(() -> objects.delete(target, policy.deletable(by, collection)));
        if (removed == 0) {
            throw ApiException.notFound(
                    "collection '"
                            + named
                            + "' holds no matching version of "
                            + String.join(", ", target.ids())
                            + (policy.isLocal(by) ? "" : " that your organisation sent"));
        }
        return removed;
    }
}
