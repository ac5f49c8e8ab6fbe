package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.entente.server.Node;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.LedgerExport;
import org.entente.server.ledger.VerifyResult;
import org.entente.stix.StixJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    /** Options for a period: RFC 3339 timestamps or dates (UTC). */
    static final class Period {
        @Option(
                names = "--from",
                paramLabel = "TIME",
                description =
                        "start, inclusive: an RFC 3339 timestamp (2026-10-01T00:00:00Z) or a"
                                + " date (2026-10-01, midnight UTC)")
        String from;

        @Option(
                names = "--to",
                paramLabel = "TIME",
                description = "end: a timestamp is exclusive; a date includes that whole day (UTC)")
        String to;

        OptionalLong fromMicros() {
            return from == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(micros("--from", from, false));
        }

        OptionalLong toMicros() {
            return to == null ? OptionalLong.empty() : OptionalLong.of(micros("--to", to, true));
        }

        void check() {
            OptionalLong f = fromMicros();
            OptionalLong t = toMicros();
            if (f.isPresent() && t.isPresent() && f.getAsLong() >= t.getAsLong()) {
                throw new IllegalArgumentException("--from must come before --to");
            }
        }
    }

    /** Microseconds since the epoch of a timestamp or date; an end date means the next midnight. */
    static long micros(String option, String text, boolean end) {
        String t = text.trim();
        Instant instant;
        try {
            if (t.length() == 10) {
                LocalDate day = LocalDate.parse(t);
                instant = (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                instant = OffsetDateTime.parse(t).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option
                            + " takes an RFC 3339 timestamp such as 2026-10-01T00:00:00Z or a date"
                            + " such as 2026-10-01, not '"
                            + text
                            + "'",
                    e);
        }
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
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

        @Mixin Period period;

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

        @Mixin Period period;

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
                    case "csv" -> csv(rows, System.out);
                    case "json" -> json(rows, System.out);
                    default -> table(rows, System.out);
                }
                System.out.flush();
                return 0;
            }
        }
    }

    /** One printed line: a row's total or one of its breakdowns. */
    private record Line(ExchangeRow row, String dimension, String value, ExchangeRow.Flow flow) {}

    private static List<Line> lines(List<ExchangeRow> rows) {
        List<Line> lines = new ArrayList<>();
        for (ExchangeRow r : rows) {
            lines.add(new Line(r, "total", "", r.total()));
            r.byTlp().forEach((k, v) -> lines.add(new Line(r, "tlp", k, v)));
            r.byType().forEach((k, v) -> lines.add(new Line(r, "type", k, v)));
        }
        return lines;
    }

    static void csv(List<ExchangeRow> rows, PrintStream out) {
        out.println(
                "org_id,area,quarter,breakdown,value,sent_objects,sent_disclosures,"
                        + "received_objects,received_entries");
        for (Line l : lines(rows)) {
            out.println(
                    String.join(
                            ",",
                            csvField(l.row().orgId()),
                            csvField(l.row().area().orElse("")),
                            l.row().quarter(),
                            l.dimension(),
                            csvField(l.value()),
                            Long.toString(l.flow().sentObjects()),
                            Long.toString(l.flow().sentDisclosures()),
                            Long.toString(l.flow().receivedObjects()),
                            Long.toString(l.flow().receivedEntries())));
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static void table(List<ExchangeRow> rows, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("Nothing was sent or received in this period.");
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(
                new String[] {
                    "ORGANISATION",
                    "AREA",
                    "QUARTER",
                    "BREAKDOWN",
                    "SENT",
                    "DISCLOSURES",
                    "RECEIVED",
                    "RECEIPTS"
                });
        for (Line l : lines(rows)) {
            cells.add(
                    new String[] {
                        l.row().orgId(),
                        l.row().area().orElse("-"),
                        l.row().quarter(),
                        l.dimension().equals("total")
                                ? "total"
                                : (l.dimension().equals("type") ? "  type " : "  ") + l.value(),
                        number(l.flow().sentObjects()),
                        number(l.flow().sentDisclosures()),
                        number(l.flow().receivedObjects()),
                        number(l.flow().receivedEntries())
                    });
        }
        int[] width = new int[8];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                b.append(i < 4 ? row[i] + pad : pad + row[i]).append(i < 7 ? "  " : "");
            }
            out.println(b.toString().stripTrailing());
        }
        out.println(
                "SENT and RECEIVED count distinct object versions; DISCLOSURES and RECEIPTS count"
                        + " every entry.");
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static void json(List<ExchangeRow> rows, PrintStream out) {
        JsonMapper mapper = StixJson.mapper();
        ArrayNode array = mapper.createArrayNode();
        for (ExchangeRow r : rows) {
            ObjectNode o = array.addObject();
            o.put("org_id", r.orgId());
            if (r.area().isPresent()) {
                o.put("area", r.area().get());
            } else {
                o.putNull("area");
            }
            o.put("quarter", r.quarter());
            flow(o.putObject("total"), r.total());
            ObjectNode tlp = o.putObject("by_tlp");
            for (Map.Entry<String, ExchangeRow.Flow> e : r.byTlp().entrySet()) {
                flow(tlp.putObject(e.getKey()), e.getValue());
            }
            ObjectNode type = o.putObject("by_type");
            for (Map.Entry<String, ExchangeRow.Flow> e : r.byType().entrySet()) {
                flow(type.putObject(e.getKey()), e.getValue());
            }
        }
        out.println(
                new String(
                        mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(array),
                        StandardCharsets.UTF_8));
    }

    private static void flow(ObjectNode o, ExchangeRow.Flow f) {
        o.put("sent_objects", f.sentObjects());
        o.put("sent_disclosures", f.sentDisclosures());
        o.put("received_objects", f.receivedObjects());
        o.put("received_entries", f.receivedEntries());
    }
}
