package org.entente.server.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "principal",
        mixinStandardHelpOptions = true,
        description =
                "Record, list, disable and enable principals (API clients, users, certificates).",
        subcommands = {
            PrincipalCommand.Add.class,
            PrincipalCommand.ListPrincipals.class,
            PrincipalCommand.Disable.class,
            PrincipalCommand.Enable.class
        })
final class PrincipalCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
            Set<Role> rs = EnumSet.noneOf(Role.class);
            roles.forEach(r -> rs.add(Role.parse(r)));
            try (Node n = node.open()) {
                NodePrincipal p =
                        n.principalUseCases()
                                .create(
                                        new Principals.NewPrincipal(
                                                name,
                                                Optional.ofNullable(org),
                                                rs,
                                                Optional.empty(),
                                                Optional.ofNullable(subject)));
                System.out.println(p.id());
                System.err.println(
                        "Recorded principal '"
                                + name
                                + "' of "
                                + n.principalUseCases().organisationOf(p).name()
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
                Principals use = n.principalUseCases();
                for (NodePrincipal p : use.list()) {
                    System.out.printf(
                            "%s  %-24s %-28s %s%s%n",
                            p.id(),
                            p.name(),
                            use.organisationOf(p).name(),
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

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = {
                "Disable a principal: its next request is refused, whatever credential it sends.",
                "Example: entente principal disable siem-1"
            })
    static final class Disable implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PRINCIPAL", description = "name or id")
        String principal;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                NodePrincipal p =
                        n.principalUseCases().disable(principal, AgreementCommand.admin(n));
                System.err.println("Disabled '" + p.name() + "'.");
                return 0;
            }
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description = "Enable a disabled principal again.")
    static final class Enable implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PRINCIPAL", description = "name or id")
        String principal;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                NodePrincipal p = n.principalUseCases().enable(principal);
                System.err.println("Enabled '" + p.name() + "'.");
                return 0;
            }
        }
    }
}
