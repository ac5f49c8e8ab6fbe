package org.entente.server.console;

import java.util.Objects;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Administration;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;

/**
 * Who reads the intelligence pages and what they may read: the collaborators every one of those
 * pages asks first, kept together so that each page takes them as one.
 */
record Viewing(Catalog catalog, Policy policy, Administration admin, Principals principals) {
    Viewing {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(principals, "principals");
    }

    NodePrincipal viewer(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        admin.require(viewer, Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
        return viewer;
    }

    /**
     * The person's scope in a collection, as TAXII gives it. The console's people are the local
     * agency's: a scope shared by agreement would be another organisation's read, which goes
     * through {@link org.entente.server.policy.Disclosures} and its ledger, never through these
     * pages.
     */
    ReadScope scope(NodePrincipal viewer, Collection c) {
        ReadScope scope = policy.read(viewer, c);
        if (scope instanceof ReadScope.Shared) {
            throw ApiException.forbidden("only the local agency's people use the console");
        }
        return scope;
    }
}
