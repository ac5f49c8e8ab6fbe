package org.entente.server.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a planned export ({@link LedgerExport.Plan}) as JSON lines: the header, then the
 * organisation's entries streamed from the database as they are stored, one per line.
 */
final class ExportWriter {
    private ExportWriter() {}

    static void write(LedgerDao dao, LedgerExport.Plan plan, OutputStream out) {
        try (JsonGenerator g = ExportFormat.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("format", LedgerExport.FORMAT);
            g.writeName("node");
            g.writeStartObject();
            g.writeStringProperty("title", plan.node().title());
            g.writeStringProperty("contact", plan.node().contact());
            g.writeEndObject();
            g.writeStringProperty("org_id", plan.orgId());
            time(g, "from", plan.fromMicros());
            time(g, "to", plan.toMicros());
            time(g, "exported_at", OptionalLong.of(plan.exportedAt()));
            g.writeNumberProperty("count", plan.count());
            if (plan.count() > 0) {
                g.writeNumberProperty("first_org_seq", plan.firstOrgSeq());
                g.writeNumberProperty("last_org_seq", plan.lastOrgSeq());
                g.writeStringProperty("last_org_hash", plan.lastOrgHash());
            } else {
                g.writeNullProperty("first_org_seq");
                g.writeNullProperty("last_org_seq");
                g.writeNullProperty("last_org_hash");
            }
            g.writeName("org_head");
            g.writeStartObject();
            g.writeNumberProperty("org_seq", plan.orgHeadSeq());
            g.writeStringProperty("org_hash", plan.orgHeadHash());
            g.writeEndObject();
            g.writeEndObject();
            if (plan.count() > 0) {
                dao.scan(
                        "SELECT "
                                + LedgerDao.COLUMNS
                                + " FROM ledger_entries"
                                + " WHERE org_id = ? AND org_seq >= ? AND org_seq <= ?"
                                + " ORDER BY org_seq",
                        List.of(plan.orgId(), plan.firstOrgSeq(), plan.lastOrgSeq()),
                        rs -> {
                            // the stored values as they are, not as a record would accept them:
                            // a damaged entry must reach the partner's check, not stop the export
                            g.writeStartObject();
                            g.writeNumberProperty("seq", rs.getLong("seq"));
                            g.writeStringProperty("prev_hash", rs.getString("prev_hash"));
                            g.writeStringProperty("hash", rs.getString("hash"));
                            g.writeNumberProperty("org_seq", rs.getLong("org_seq"));
                            g.writeStringProperty("org_prev_hash", rs.getString("org_prev_hash"));
                            g.writeStringProperty("org_hash", rs.getString("org_hash"));
                            long at = rs.getLong("at");
                            g.writeNumberProperty("at", at);
                            g.writeStringProperty("time", ExportFormat.time(at));
                            for (String column : ExportFormat.TEXT_FIELDS) {
                                g.writeStringProperty(
                                        column,
                                        column.equals("detail")
                                                ? LedgerDao.exported(rs)
                                                : rs.getString(column));
                            }
                            g.writeEndObject();
                            return true;
                        });
            }
            g.writeRaw('\n');
        } catch (JacksonException e) {
            throw new UncheckedIOException(
                    new IOException("cannot write the export: " + e.getMessage(), e));
        }
    }

    private static void time(JsonGenerator g, String name, OptionalLong micros) {
        if (micros.isPresent()) {
            g.writeStringProperty(name, ExportFormat.time(micros.getAsLong()));
        } else {
            g.writeNullProperty(name);
        }
    }
}
