package org.entente.server.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "principal",
        mixinStandardHelpOptions = true,
        description = "Record and list principals (API clients, users, certificates).",
        subcommands = {PrincipalCommand.Add.class, PrincipalCommand.ListPrincipals.class})
final class PrincipalCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The roles that fit an organisation's kind. */
    static Set<Role> fitting(OrgKind kind) {
        return switch (kind) {
            case LOCAL -> EnumSet.of(Role.ADMIN, Role.LIAISON, Role.ANALYST, Role.AUDITOR);
            case PARTNER -> EnumSet.of(Role.PARTNER);
            case CONSTITUENT -> EnumSet.of(Role.CONSTITUENT);
        };
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Record a principal of an organisation.",
                "Example: entente principal add --name jp-node --org \"NISC Japan\" --role partner"
            })
    static final class Add implements Callable<Integer> {
        @Option(names = "--name", required = true)
        String name;

        @Option(
                names = "--org",
                description = "organisation (name or id); default the local agency")
        String org;

        @Option(
                names = "--role",
                required = true,
                split = ",",
                description = "admin, liaison, analyst, auditor (local); partner; constituent")
        List<String> roles;

        @Option(
                names = "--certificate-subject",
                description = "the subject DN of the principal's TLS client certificate")
        String subject;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Organisation o =
                        org == null
                                ? n.organisations().local().orElseThrow()
                                : n.organisations()
                                        .find(org)
                                        .orElseThrow(
                                                () ->
                                                        new IllegalArgumentException(
                                                                "no organisation '"
                                                                        + org
                                                                        + "'; record it with 'entente org add'"));
                Set<Role> rs = EnumSet.noneOf(Role.class);
                roles.forEach(r -> rs.add(Role.parse(r)));
                for (Role r : rs) {
                    if (!fitting(o.kind()).contains(r)) {
                        throw new IllegalArgumentException(
                                "role "
                                        + r.name().toLowerCase(Locale.ROOT)
                                        + " does not fit a "
                                        + o.kind().key()
                                        + " organisation");
                    }
                }
                if (n.principals().byName(name).isPresent()) {
                    throw new IllegalArgumentException(
                            "a principal named '" + name + "' exists already");
                }
                NodePrincipal p =
                        new NodePrincipal(
                                UUID.randomUUID().toString(), name, rs, false, Optional.of(o.id()));
                n.principals().insert(p, System.currentTimeMillis() * 1000);
                if (subject != null) {
                    n.principals().setCertificateSubject(p.id(), subject);
                }
                System.out.println(p.id());
                System.err.println(
                        "Recorded principal '"
                                + name
                                + "' of "
                                + o.name()
                                + "; give it a token with 'entente token create --name "
                                + name
                                + "'.");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List principals.")
    static final class ListPrincipals implements Callable<Integer> {
        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                for (NodePrincipal p : n.principals().list()) {
                    String org =
                            p.organisationId()
                                    .flatMap(n.organisations()::byId)
                                    .map(Organisation::name)
                                    .orElse("(local)");
                    System.out.printf(
                            "%s  %-24s %-28s %s%s%n",
                            p.id(),
                            p.name(),
                            org,
                            String.join(
                                    ",",
                                    p.roles().stream()
                                            .map(r -> r.name().toLowerCase(Locale.ROOT))
                                            .sorted()
                                            .toList()),
                            p.disabled() ? "  disabled" : "");
                }
                return 0;
            }
        }
    }
}
