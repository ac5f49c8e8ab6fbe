package org.entente.server.auth;

import java.util.Objects;
import java.util.Set;
import org.entente.server.org.OrgId;

/**
 * Who is calling: an API client, a Basic user, a certificate or a person in the UI.
 *
 * @param organisation the organisation it acts for, always recorded: the local agency's people
 *     carry the local agency's id, and nothing stands in for a missing one
 */
public record NodePrincipal(
        String id, String name, Set<Role> roles, boolean disabled, OrgId organisation) {
    public NodePrincipal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organisation, "organisation");
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
