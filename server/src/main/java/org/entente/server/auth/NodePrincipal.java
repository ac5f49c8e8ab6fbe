package org.entente.server.auth;

import java.util.Objects;
import java.util.Set;

/** Who is calling: an API client, a Basic user or (later) a person in the UI. */
public record NodePrincipal(String id, String name, Set<Role> roles, boolean disabled) {
    public NodePrincipal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
