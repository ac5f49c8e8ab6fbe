package org.entente.server.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "org",
        mixinStandardHelpOptions = true,
        description = "Record and list the organisations the node deals with.",
        subcommands = {OrgCommand.Add.class, OrgCommand.ListOrgs.class})
final class OrgCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Record a partner agency or a constituent.",
                "Example: entente org add --kind partner --name \"NISC Japan\" --country JP"
            })
    static final class Add implements Callable<Integer> {
        @Option(names = "--kind", required = true, description = "partner or constituent")
        String kind;

        @Option(names = "--name", required = true, description = "the organisation's name")
        String name;

        @Option(names = "--country", description = "ISO 3166-1 alpha-2 code, e.g. JP")
        String country;

        @Option(names = "--sectors", split = ",", description = "industry-sector-ov values")
        List<String> sectors = List.of();

        @Option(names = "--contact", description = "contact details")
        String contact;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            OrgKind k = OrgKind.parse(kind);
            try (Node n = node.open()) {
                Organisation o =
                        n.organisationUseCases()
                                .create(
                                        k,
                                        new Organisations.Details(
                                                name,
                                                Optional.ofNullable(country),
                                                sectors,
                                                Optional.ofNullable(contact)));
                System.out.println(o.id());
                System.err.println(
                        "Recorded "
                                + k.key()
                                + " '"
                                + name
                                + "' (STIX identity "
                                + o.identityId()
                                + ").");
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the organisations.")
    static final class ListOrgs implements Callable<Integer> {
        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                for (Organisation o : n.organisationUseCases().list()) {
                    System.out.printf(
                            "%s  %-11s %-3s %s%n",
                            o.id(), o.kind().key(), o.country().orElse("-"), o.name());
                }
                return 0;
            }
        }
    }
}
