package org.entente.server.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a token for a principal (created if new) and print it on standard output;"
                        + " it is shown only this once.",
                "Example: entente token create --name siem-1 --read threat-intel --expires-in 90d"
            })
    static final class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "principal name, e.g. siem-1")
        String name;

        @Option(
                names = "--role",
                defaultValue = "analyst",
                description =
                        "role of a new principal: admin, liaison, analyst, auditor, partner,"
                                + " constituent (default analyst)")
        String role;

        @Option(
                names = "--read",
                split = ",",
                description = "collections (id or alias) the principal may read")
        List<String> read = List.of();

        @Option(
                names = "--write",
                split = ",",
                description = "collections (id or alias) the principal may write")
        List<String> write = List.of();

        @Option(names = "--expires-in", description = "lifetime such as 90d, 12h or 30m")
        String expiresIn;

        @Option(names = "--label", defaultValue = "cli", description = "a note on the token's use")
        String label;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            Optional<Instant> expires =
                    Optional.ofNullable(expiresIn)
                            .map(Create::duration)
                            .map(d -> Instant.now().plus(d));
            try (Node n = node.open()) {
                NodePrincipal principal =
                        n.principals()
                                .byName(name)
                                .orElseGet(
                                        () -> {
                                            NodePrincipal p =
                                                    new NodePrincipal(
                                                            UUID.randomUUID().toString(),
                                                            name,
                                                            Set.copyOf(
                                                                    EnumSet.of(Role.parse(role))),
                                                            false);
                                            n.principals()
                                                    .insert(p, Instant.now().toEpochMilli() * 1000);
                                            return p;
                                        });
                boolean local =
                        principal
                                .organisationId()
                                .flatMap(n.organisations()::byId)
                                .map(o -> o.kind() == org.entente.server.org.OrgKind.LOCAL)
                                .orElse(true);
                if (!local && (!read.isEmpty() || !write.isEmpty())) {
                    throw new IllegalArgumentException(
                            "'"
                                    + name
                                    + "' belongs to an outside organisation: what it may read and"
                                    + " write comes from its agreements, not from --read/--write");
                }
                for (String c : read) {
                    Collection col = collection(n, c);
                    boolean w = write.contains(c);
                    n.principals().setGrant(principal.id(), new Grant(col.id(), true, w));
                }
                for (String c : write) {
                    if (!read.contains(c)) {
                        n.principals()
                                .setGrant(
                                        principal.id(),
                                        new Grant(collection(n, c).id(), false, true));
                    }
                }
                String token = n.tokens().issue(principal.id(), label, expires);
                System.out.println(token);
                System.err.println(
                        "Token for '"
                                + name
                                + "' ("
                                + principal
                                        .roles()
                                        .iterator()
                                        .next()
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                + ")"
                                + expires.map(e -> ", expires " + e).orElse(", no expiry")
                                + ". It is not stored and will not be shown again.");
                return 0;
            }
        }

        private static Collection collection(Node n, String key) {
            return n.collections()
                    .find(n.settings().apiRoot(), key)
                    .orElseThrow(() -> new IllegalArgumentException("no collection '" + key + "'"));
        }

        static Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.length() < 2) {
                throw new IllegalArgumentException(
                        "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'");
            }
            long amount;
            try {
                amount = Long.parseLong(t.substring(0, t.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'", e);
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("--expires-in must be positive");
            }
            switch (t.charAt(t.length() - 1)) {
                case 'd':
                    return Duration.ofDays(amount);
                case 'h':
                    return Duration.ofHours(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                default:
                    throw new IllegalArgumentException(
                            "--expires-in takes e.g. 90d, 12h or 30m, not '" + text + "'");
            }
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a token at once.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "the token to revoke")
        String token;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                if (!n.tokens().revoke(token)) {
                    throw new IllegalArgumentException(
                            "no active token matches; nothing was revoked");
                }
                System.err.println("Revoked.");
                return 0;
            }
        }
    }
}
