package org.entente.server;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.auth.Tokens;
import org.entente.server.collection.ApiRoot;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node needs before it serves: its API root, one collection per area of cooperation, the
 * local agency, and an admin who can do the rest. Idempotent: runs at every start, creates only
 * what is missing. {@code ENTENTE_ADMIN_TOKEN} must be as strong as a generated token; it is
 * registered once (see {@link Tokens#registerConfigured}).
 */
public final class NodeSetup {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSetup.class);
    public static final String ADMIN = "admin";

    /** What setup did that the operator must hear about. */
    public record Outcome(boolean createdAdmin, Optional<String> newAdminToken) {}

    private NodeSetup() {}

    public static Outcome ensure(Node node) {
        NodeSettings s = node.settings();
        // refused before anything is written
        s.configuredAdminToken().ifPresent(Tokens::checkConfigured);
        node.database().optimize(true);
        return node.database()
                .inTransaction(
                        () -> {
                            node.catalog()
                                    .ensure(
                                            new ApiRoot(
                                                    s.apiRoot(),
                                                    s.title(),
                                                    Optional.of(s.description()),
                                                    s.maxContentLength()));
                            Organisation local =
                                    node.organisationUseCases()
                                            .ensureLocal(
                                                    new Organisations.Details(
                                                            s.organisation(),
                                                            optional(s.country()),
                                                            List.of("government-national"),
                                                            optional(s.contact())));
                            node.principals().adoptOrphans(local.orgId());
                            return ensureAdmin(node, local);
                        });
    }

    private static Optional<String> optional(String setting) {
        return setting.isEmpty() ? Optional.empty() : Optional.of(setting);
    }

    private static Outcome ensureAdmin(Node node, Organisation local) {
        Optional<NodePrincipal> existing = node.principalUseCases().named(ADMIN);
        NodePrincipal admin =
                existing.orElseGet(
                        () ->
                                node.principalUseCases()
                                        .create(
                                                new Principals.NewPrincipal(
                                                        ADMIN,
                                                        Optional.of(local.id()),
                                                        Set.of(Role.ADMIN),
                                                        Optional.empty(),
                                                        Optional.empty())));
        boolean created = existing.isEmpty();
        Optional<String> configured = node.settings().configuredAdminToken();
        if (configured.isPresent()) {
            if (node.tokens().registerConfigured(admin.id(), configured.get())
                    == Tokens.Configured.IGNORED) {
                LOG.warn(
                        "ENTENTE_ADMIN_TOKEN differs from the one registered before and is"
                                + " ignored; to rotate the admin's token, use 'entente token"
                                + " create --name admin' and 'entente token revoke'");
            }
            return new Outcome(created, Optional.empty());
        }
        if (created) {
            String token = node.tokens().issue(admin.id(), "first start", Optional.empty());
            return new Outcome(true, Optional.of(token));
        }
        return new Outcome(false, Optional.empty());
    }
}
