package org.entente.server.auth;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.entente.server.collection.Collection;

/**
 * Who may read and write which collection. Admins may do everything; other principals what their
 * grants say. (The agreements issue replaces grants with the policy of agreements.)
 */
public final class Access {
    private final PrincipalDao principals;

    public Access(PrincipalDao principals) {
        this.principals = principals;
    }

    public Grant of(NodePrincipal principal, Collection collection) {
        if (principal.isAdmin()) {
            return new Grant(collection.id(), true, true);
        }
        return principals
                .grant(principal.id(), collection.id())
                .orElse(new Grant(collection.id(), false, false));
    }

    /** The collections a principal can read or write, each with its rights, in the given order. */
    public List<Map.Entry<Collection, Grant>> visible(
            NodePrincipal principal, List<Collection> collections) {
        Map<String, Grant> grants =
                principal.isAdmin()
                        ? Map.of()
                        : principals.grants(principal.id()).stream()
                                .collect(
                                        Collectors.toMap(Grant::collectionId, Function.identity()));
        return collections.stream()
                .map(
                        c ->
                                Map.entry(
                                        c,
                                        principal.isAdmin()
                                                ? new Grant(c.id(), true, true)
                                                : grants.getOrDefault(
                                                        c.id(), new Grant(c.id(), false, false))))
                .filter(e -> e.getValue().canRead() || e.getValue().canWrite())
                .toList();
    }
}
