package org.entente.server.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: an API client, a Basic user, a certificate or a person in the UI.
 *
 * @param organisationId the organisation it acts for; empty means the local agency
 */
public record NodePrincipal(
        String id,
        String name,
        Set<Role> roles,
        boolean disabled,
        java.util.Optional<String> organisationId) {
    public NodePrincipal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organisationId, "organisationId");
        roles = Set.copyOf(roles);
    }

    /** A principal of the local agency. */
    public NodePrincipal(String id, String name, Set<Role> roles, boolean disabled) {
        this(id, name, roles, disabled, java.util.Optional.empty());
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
