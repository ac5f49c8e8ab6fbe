package org.entente.server.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.entente.server.ledger.ExchangeRow;
import org.entente.stix.StixJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prints the exchange report of {@code ledger report} as a table for people, or as CSV or JSON for
 * a spreadsheet or a script: one line per row's total and per breakdown by TLP and by type.
 */
final class ReportPrinter {
    private ReportPrinter() {}

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
