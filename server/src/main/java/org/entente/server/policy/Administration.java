package org.entente.server.policy;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.error.ApiException;

/** Who may administer what: only people of the local agency, by role. */
public final class Administration {
    private final Policy policy;

    public Administration(Policy policy) {
        this.policy = policy;
    }

    /** Throws 403 unless {@code p} belongs to the local agency and has one of {@code roles}. */
    public void require(NodePrincipal p, Role... roles) {
        if (!policy.isLocal(p)) {
            throw ApiException.forbidden("only the local agency's people administer this node");
        }
        if (Arrays.stream(roles).noneMatch(p.roles()::contains)) {
            throw ApiException.forbidden(
                    "this needs the role "
                            + Arrays.stream(roles)
                                    .map(r -> r.name().toLowerCase(java.util.Locale.ROOT))
                                    .collect(Collectors.joining(" or ")));
        }
    }
}
