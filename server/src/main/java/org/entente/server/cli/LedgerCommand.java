package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.LedgerExport;
import org.entente.server.ledger.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "ledger",
        mixinStandardHelpOptions = true,
        description = {
            "Check, export and report on the disclosure ledger: every object version disclosed"
                    + " to or received from another organisation, and every agreement change,"
                    + " hash-chained (docs/ledger.md)."
        },
        subcommands = {
            LedgerCommand.Verify.class,
            LedgerCommand.Export.class,
            LedgerCommand.VerifyExport.class,
            LedgerCommand.Report.class
        })
final class LedgerCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Check the whole ledger (or one organisation's chain): every entry's hashes, the"
                        + " chains without gaps, and the heads, so that any edited, removed,"
                        + " inserted or reordered entry is found.",
                "Exit status: 0 intact, 1 broken or not checkable."
            })
    static final class Verify implements Callable<Integer> {
        @Option(
                names = "--org",
                paramLabel = "ORG",
                description = "check only this organisation's chain")
        String org;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                VerifyResult r = org == null ? n.ledger().verify() : n.ledger().verify(org);
                print(r, System.out);
                return r.intact() ? 0 : 1;
            }
        }
    }

    static void print(VerifyResult r, PrintStream out) {
        String checked =
                String.format(
                        Locale.ROOT,
                        "%,d entries checked in %.2f s (%,.0f entries/s)",
                        r.checked(),
                        r.elapsed().toNanos() / 1e9,
                        r.rate());
        if (r.intact()) {
            out.printf(
                    Locale.ROOT,
                    "Intact: %s: %s.%nHead: entry %,d, hash %s%n",
                    r.chain(),
                    checked,
                    r.headSeq(),
                    r.headHash());
        } else {
            VerifyResult.Break b = r.broken().orElseThrow();
            out.printf(
                    Locale.ROOT,
                    "BROKEN: %s, at entry %,d: %s.%n%s; the check stopped there.%n"
                            + "Keep this database as evidence, restore from a backup, and compare"
                            + " with the exports your partners hold (docs/ledger.md).%n",
                    r.chain(),
                    b.seq(),
                    b.problem(),
                    Character.toUpperCase(checked.charAt(0)) + checked.substring(1));
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Write one organisation's entries as JSON lines for a bilateral review: a header,"
                        + " then each entry with both chains' fields. The partner checks the file"
                        + " with 'entente ledger verify-export'.",
                "Example: entente ledger export --org jp-nisc --from 2026-10-01 --to 2026-12-31"
                        + " -o jp-nisc-2026-Q4.jsonl"
            })
    static final class Export implements Callable<Integer> {
        @Option(
                names = "--org",
                required = true,
                paramLabel = "ORG",
                description = "the organisation")
        String org;

        @Mixin PeriodOptions period;

        @Option(
                names = {"-o", "--out"},
                defaultValue = "-",
                paramLabel = "FILE",
                description = "file to write, or - for standard output (default)")
        String out;

        @Mixin NodeOptions node;

        @Override
        public Integer call() throws Exception {
            period.check();
            try (Node n = node.open()) {
                LedgerExport.Plan plan =
                        n.ledger().planExport(org, period.fromMicros(), period.toMicros());
                OutputStream target =
                        out.equals("-") ? System.out : Files.newOutputStream(Path.of(out));
                try (OutputStream o = new BufferedOutputStream(target, 1 << 16)) {
                    n.ledger().export(plan, o);
                }
                if (plan.count() == 0) {
                    System.err.println(
                            "Exported no entries: organisation '"
                                    + org
                                    + "' has none in this period.");
                } else {
                    System.err.printf(
                            Locale.ROOT,
                            "Exported %,d entries of organisation %s (its entries %,d to %,d).%n",
                            plan.count(),
                            org,
                            plan.firstOrgSeq(),
                            plan.lastOrgSeq());
                }
                return 0;
            }
        }
    }

    @Command(
            name = "verify-export",
            mixinStandardHelpOptions = true,
            description = {
                "Check an export file on its own, as the partner does: no database needed.",
                "Exit status: 0 intact, 1 broken."
            })
    static final class VerifyExport implements Callable<Integer> {
        @Parameters(
                index = "0",
                paramLabel = "FILE",
                description = "the export (JSON lines), or - for standard input")
        String file;

        @Override
        public Integer call() throws Exception {
            VerifyResult r;
            try (InputStream in =
                    file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                r = LedgerExport.verify(in);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file, e);
            }
            print(r, System.out);
            return r.intact() ? 0 : 1;
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = {
                "What was exchanged, per organisation, area of cooperation and calendar quarter:"
                        + " object versions sent and received, in total, by TLP and by type."
                        + " 'objects' counts distinct object versions, 'disclosures' and"
                        + " 'receipts' every entry.",
                "Example: entente ledger report --org jp-nisc --from 2026-01-01 --format csv"
            })
    static final class Report implements Callable<Integer> {
        @Option(names = "--org", paramLabel = "ORG", description = "only this organisation")
        String org;

        @Mixin PeriodOptions period;

        @Option(
                names = "--format",
                defaultValue = "table",
                description = "table (default), csv or json")
        String format;

        @Mixin NodeOptions node;

        @Override
        public Integer call() {
            String f = format.toLowerCase(Locale.ROOT);
            if (!List.of("table", "csv", "json").contains(f)) {
                throw new IllegalArgumentException(
                        "--format takes table, csv or json, not '" + format + "'");
            }
            period.check();
            try (Node n = node.open()) {
                List<ExchangeRow> rows =
                        n.ledger()
                                .report(
                                        Optional.ofNullable(org),
                                        period.fromMicros(),
                                        period.toMicros());
                switch (f) {
                    case "csv" -> ReportPrinter.csv(rows, System.out);
                    case "json" -> ReportPrinter.json(rows, System.out);
                    default -> ReportPrinter.table(rows, System.out);
                }
                System.out.flush();
                return 0;
            }
        }
    }
}
