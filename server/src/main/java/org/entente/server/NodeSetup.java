package org.entente.server;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.ApiRoot;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;

/**
 * What a node needs before it serves: its API root, one collection per area of cooperation, and an
 * admin who can do the rest. Idempotent: runs at every start, creates only what is missing.
 */
public final class NodeSetup {
    public static final String ADMIN = "admin";

    /** What setup did that the operator must hear about. */
    public record Outcome(boolean createdAdmin, Optional<String> newAdminToken) {}

    private NodeSetup() {}

    public static Outcome ensure(Node node) {
        node.database().optimize(true);
        NodeSettings s = node.settings();
        long now = micros(node);
        return node.database()
                .inTransaction(
                        () -> {
                            node.collections()
                                    .saveApiRoot(
                                            new ApiRoot(
                                                    s.apiRoot(),
                                                    s.title(),
                                                    Optional.of(s.description()),
                                                    s.maxContentLength()));
                            var existing = node.collections().list(s.apiRoot());
                            for (Area area : Area.values()) {
                                boolean present =
                                        existing.stream().anyMatch(c -> c.area().equals(area.key));
                                if (!present) {
                                    node.collections()
                                            .insert(
                                                    new Collection(
                                                            UUID.randomUUID().toString(),
                                                            s.apiRoot(),
                                                            Optional.of(area.defaultAlias),
                                                            area.defaultTitle,
                                                            Optional.of(
                                                                    "Area of cooperation: "
                                                                            + area.key),
                                                            area.key,
                                                            Tlp.AMBER_STRICT),
                                                    now);
                                }
                            }
                            String local = ensureLocalOrganisation(node, now);
                            node.principals().adoptOrphans(local);
                            return ensureAdmin(node, now, local);
                        });
    }

    /** The local agency, created on first start from the settings; returns its id. */
    private static String ensureLocalOrganisation(Node node, long now) {
        return node.organisations()
                .local()
                .map(Organisation::id)
                .orElseGet(
                        () -> {
                            NodeSettings s = node.settings();
                            Organisation local =
                                    Organisation.create(
                                            OrgKind.LOCAL,
                                            s.organisation(),
                                            s.country().isEmpty()
                                                    ? Optional.empty()
                                                    : Optional.of(s.country()),
                                            java.util.List.of("government-national"),
                                            s.contact().isEmpty()
                                                    ? Optional.empty()
                                                    : Optional.of(s.contact()));
                            node.organisations().insert(local);
                            return local.id();
                        });
    }

    private static Outcome ensureAdmin(Node node, long now, String localOrg) {
        Optional<NodePrincipal> admin = node.principals().byName(ADMIN);
        boolean created = admin.isEmpty();
        NodePrincipal principal =
                admin.orElseGet(
                        () -> {
                            NodePrincipal p =
                                    new NodePrincipal(
                                            UUID.randomUUID().toString(),
                                            ADMIN,
                                            Set.copyOf(EnumSet.of(Role.ADMIN)),
                                            false,
                                            Optional.of(localOrg));
                            node.principals().insert(p, now);
                            return p;
                        });
        Optional<String> configured = node.settings().configuredAdminToken();
        if (configured.isPresent()) {
            node.tokens()
                    .register(
                            principal.id(),
                            configured.get(),
                            "ENTENTE_ADMIN_TOKEN",
                            Optional.empty());
            return new Outcome(created, Optional.empty());
        }
        if (created) {
            String token = node.tokens().issue(principal.id(), "first start", Optional.empty());
            return new Outcome(true, Optional.of(token));
        }
        return new Outcome(false, Optional.empty());
    }

    private static long micros(Node node) {
        var t = node.clock().instant();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
