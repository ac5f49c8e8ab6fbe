package org.entente.server.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.NodeSetup;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.Agreements;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Direction;
import org.entente.server.agreement.Onward;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Area;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "agreement",
        mixinStandardHelpOptions = true,
        description = "Record agreements, their areas of cooperation and their lifecycle.",
        subcommands = {
            AgreementCommand.Create.class,
            AgreementCommand.ListAgreements.class,
            AgreementCommand.Show.class,
            AgreementCommand.Lifecycle.Activate.class,
            AgreementCommand.Lifecycle.Suspend.class,
            AgreementCommand.Lifecycle.Resume.class,
            AgreementCommand.Lifecycle.Terminate.class
        })
final class AgreementCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The CLI acts as the node's admin, which the history records as the one who changed it. */
    static NodePrincipal admin(Node n) {
        return n.principalUseCases().named(NodeSetup.ADMIN).orElseThrow();
    }

    static Instant when(String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        String problem = Timestamps.problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return Timestamps.toInstant(text);
    }

    /**
     * Parses {@code AREA:key=value,...}, e.g. {@code
     * information-exchange:direction=both,tlp=amber,onward=none,feedback=true,types=indicator|sighting}.
     */
    static AreaRules area(String spec) {
        int colon = spec.indexOf(':');
        Area area = Area.of(colon < 0 ? spec : spec.substring(0, colon));
        Map<String, String> kv = new HashMap<>();
        if (colon >= 0) {
            for (String pair : spec.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "area rules are key=value pairs separated by commas, not '"
                                    + pair
                                    + "'");
                }
                kv.put(
                        pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                        pair.substring(eq + 1).trim());
            }
        }
        Set<String> known =
                Set.of(
                        "direction",
                        "tlp",
                        "types",
                        "labels-any",
                        "labels-none",
                        "min-confidence",
                        "onward",
                        "feedback",
                        "anonymise");
        for (String key : kv.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown area rule '"
                                + key
                                + "': use "
                                + String.join(", ", new TreeSet<>(known)));
            }
        }
        return new AreaRules(
                area,
                Direction.parse(kv.getOrDefault("direction", "both")),
                Tlp.parse(kv.getOrDefault("tlp", "amber")),
                list(kv.get("types")),
                list(kv.get("labels-any")),
                list(kv.get("labels-none")),
                Integer.parseInt(kv.getOrDefault("min-confidence", "0")),
                Onward.parse(kv.getOrDefault("onward", "none")),
                Boolean.parseBoolean(kv.getOrDefault("feedback", "false")),
                Boolean.parseBoolean(kv.getOrDefault("anonymise", "false")));
    }

    private static Set<String> list(String pipes) {
        return pipes == null || pipes.isBlank() ? Set.of() : Set.of(pipes.split("\\|"));
    }

    static void print(Node n, Agreement a) {
        Instant now = Instant.now();
        System.out.printf(
                "%s  %s  \"%s\"%n", a.id(), a.kind().name().toLowerCase(Locale.ROOT), a.title());
        System.out.printf(
                "  status %s (stored %s), effective %s, expires %s%n",
                a.statusAt(now).key(),
                a.status().key(),
                Timestamps.formatMillis(a.effectiveFrom()),
                a.expiresAt().map(Timestamps::formatMillis).orElse("never"));
        List<String> parties =
                n.agreementUseCases().parties(a).stream().map(Agreements.Party::name).toList();
        System.out.println("  parties: " + String.join(", ", parties));
        a.areas()
                .values()
                .forEach(
                        r ->
                                System.out.println(
                                        "  area "
                                                + r.describe()
                                                + (r.feedback() ? ", feedback" : "")
                                                + (r.anonymise() ? ", anonymise" : "")));
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Record an agreement (a draft unless --activate).",
                "Example: entente agreement create --kind moc --title \"SG-JP MOC\" --party \"NISC Japan\""
                        + " --signed 2017-09-18 --effective 2017-09-18 --expires 2027-09-18"
                        + " --area information-exchange:direction=both,tlp=amber,onward=none,feedback=true"
                        + " --activate"
            })
    static final class Create implements Callable<Integer> {
        @Option(
                names = "--kind",
                required = true,
                description = "mou, moc, declaration, multilateral, subscription")
        String kind;

        @Option(names = "--title", required = true)
        String title;

        @Option(
                names = "--party",
                required = true,
                description = "another party (name or id); repeat for several")
        List<String> parties;

        @Option(names = "--signed", description = "date signed, e.g. 2017-09-18")
        String signed;

        @Option(
                names = "--effective",
                required = true,
                description = "date or timestamp it takes effect")
        String effective;

        @Option(names = "--expires", description = "date or timestamp it expires")
        String expires;

        @Option(names = "--text", description = "where the signed text is kept (URL, reference)")
        String text;

        @Option(
                names = "--area",
                description =
                        "AREA:key=value,... with direction (share|receive|both), tlp (clear|green|amber|amber+strict),"
                                + " types (a|b), labels-any, labels-none, min-confidence, onward (none|constituents|community),"
                                + " feedback, anonymise; repeat for several areas")
        List<String> areas = List.of();

        @Option(names = "--activate", description = "make it active at once")
        boolean activate;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Agreement a =
                        n.agreementUseCases()
                                .create(
                                        new Agreements.Draft(
                                                AgreementKind.parse(kind),
                                                title,
                                                Optional.ofNullable(signed).map(LocalDate::parse),
                                                when(effective),
                                                Optional.ofNullable(expires)
                                                        .map(AgreementCommand::when),
                                                Optional.ofNullable(text),
                                                parties,
                                                areas.stream()
                                                        .map(AgreementCommand::area)
                                                        .toList()),
                                        activate,
                                        admin(n));
                print(n, a);
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List agreements with their status now.")
    static final class ListAgreements implements Callable<Integer> {
        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Instant now = Instant.now();
                for (Agreement a : n.agreementUseCases().list()) {
                    System.out.printf(
                            "%s  %-10s %-13s \"%s\"%n",
                            a.id(),
                            a.statusAt(now).key(),
                            a.kind().name().toLowerCase(Locale.ROOT),
                            a.title());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show an agreement and its history.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "AGREEMENT", description = "id or title")
        String agreement;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Agreement a = n.agreementUseCases().require(agreement);
                print(n, a);
                n.agreementUseCases()
                        .history(a)
                        .forEach(
                                h ->
                                        System.out.printf(
                                                "  %s %s -> %s%s%n",
                                                Timestamps.formatMicros(h.at()),
                                                h.change(),
                                                h.to().key(),
                                                h.note().map(x -> " (" + x + ")").orElse("")));
                return 0;
            }
        }
    }

    /** The lifecycle commands: each takes the agreement and an optional note. */
    abstract static class Lifecycle implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "AGREEMENT", description = "id or title")
        String agreement;

        @Option(names = "--note", description = "why, for the history")
        String note;

        @Mixin NodeOptions node;

        abstract Agreement apply(
                Agreements use, String id, NodePrincipal by, Optional<String> note);

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                Agreements use = n.agreementUseCases();
                Agreement a =
                        apply(
                                use,
                                use.require(agreement).id(),
                                admin(n),
                                Optional.ofNullable(note));
                print(n, a);
                return 0;
            }
        }

        @Command(
                name = "activate",
                mixinStandardHelpOptions = true,
                description = "Activate a draft.")
        static final class Activate extends Lifecycle {
            @Override
            Agreement apply(Agreements use, String id, NodePrincipal by, Optional<String> note) {
                return use.activate(id, by, note);
            }
        }

        @Command(
                name = "suspend",
                mixinStandardHelpOptions = true,
                description = "Suspend: nothing flows until resumed.")
        static final class Suspend extends Lifecycle {
            @Override
            Agreement apply(Agreements use, String id, NodePrincipal by, Optional<String> note) {
                return use.suspend(id, by, note);
            }
        }

        @Command(
                name = "resume",
                mixinStandardHelpOptions = true,
                description = "Resume a suspended agreement.")
        static final class Resume extends Lifecycle {
            @Override
            Agreement apply(Agreements use, String id, NodePrincipal by, Optional<String> note) {
                return use.resume(id, by, note);
            }
        }

        @Command(
                name = "terminate",
                mixinStandardHelpOptions = true,
                description = "Terminate for good.")
        static final class Terminate extends Lifecycle {
            @Override
            Agreement apply(Agreements use, String id, NodePrincipal by, Optional<String> note) {
                return use.terminate(id, by, note);
            }
        }
    }
}
