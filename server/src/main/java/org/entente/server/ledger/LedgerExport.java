package org.entente.server.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports of one organisation's chain for a bilateral review, and their verification by the
 * partner, who needs nothing but the file (docs/ledger.md, "Export format").
 */
public final class LedgerExport {
    public static final String FORMAT = "entente-ledger-export/1";

    /** One JSON value per line; duplicate names refused, so no line can say two things. */
    private static final JsonMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .rootValueSeparator("\n")
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                                    .build())
                    .build();

    /** Times as RFC 3339 in UTC with microseconds, the ledger's resolution. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final List<String> ENTRY_FIELDS =
            List.of(
                    "seq",
                    "prev_hash",
                    "hash",
                    "org_seq",
                    "org_prev_hash",
                    "org_hash",
                    "at",
                    "time",
                    "kind",
                    "principal_id",
                    "org_id",
                    "agreement_id",
                    "area",
                    "rule",
                    "object_id",
                    "object_version",
                    "object_type",
                    "tlp",
                    "detail");

    private static final Set<String> HEADER_FIELDS =
            Set.of(
                    "format",
                    "node",
                    "org_id",
                    "from",
                    "to",
                    "exported_at",
                    "count",
                    "first_org_seq",
                    "last_org_seq",
                    "last_org_hash",
                    "org_head");

    private LedgerExport() {}

    /**
     * What an export holds: the organisation's entries {@code firstOrgSeq} to {@code lastOrgSeq}
     * (none when {@code count} is 0), and its head when the export was planned.
     */
    public record Plan(
            String orgId,
            OptionalLong fromMicros,
            OptionalLong toMicros,
            long count,
            long firstOrgSeq,
            long lastOrgSeq,
            String lastOrgHash,
            long orgHeadSeq,
            String orgHeadHash,
            NodeIdentity node,
            long exportedAt) {
        public Plan {
            Objects.requireNonNull(orgId, "orgId");
            Objects.requireNonNull(fromMicros, "fromMicros");
            Objects.requireNonNull(toMicros, "toMicros");
            Objects.requireNonNull(node, "node");
            if (count < 0 || (count > 0 && count != lastOrgSeq - firstOrgSeq + 1)) {
                throw new IllegalArgumentException(
                        "count must be lastOrgSeq - firstOrgSeq + 1, not " + count);
            }
        }
    }

    static Plan plan(
            LedgerDao dao,
            NodeIdentity node,
            java.time.Clock clock,
            String orgId,
            OptionalLong fromMicros,
            OptionalLong toMicros) {
        Objects.requireNonNull(orgId, "orgId");
        if (fromMicros.isPresent()
                && toMicros.isPresent()
                && fromMicros.getAsLong() >= toMicros.getAsLong()) {
            throw new IllegalArgumentException("the period's start must come before its end");
        }
        Instant now = clock.instant();
        long exportedAt = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        LedgerDao.OrgSnapshot snapshot = dao.orgSnapshot(orgId);
        LedgerDao.Head head = snapshot.head().orElse(LedgerDao.Head.EMPTY);
        Optional<long[]> range =
                dao.orgSeqRange(
                        orgId, fromMicros.orElse(Long.MIN_VALUE), toMicros.orElse(Long.MAX_VALUE));
        if (range.isEmpty()) {
            return new Plan(
                    orgId,
                    fromMicros,
                    toMicros,
                    0,
                    0,
                    0,
                    "",
                    head.seq(),
                    head.hash(),
                    node,
                    exportedAt);
        }
        long first = range.get()[0];
        long last = range.get()[1];
        String lastHash =
                dao.database()
                        .jdbc()
                        .sql(
                                "SELECT org_hash FROM ledger_entries"
                                        + " WHERE org_id = :org AND org_seq = :seq")
                        .param("org", orgId)
                        .param("seq", last)
                        .query(String.class)
                        .single();
        return new Plan(
                orgId,
                fromMicros,
                toMicros,
                last - first + 1,
                first,
                last,
                lastHash,
                head.seq(),
                head.hash(),
                node,
                exportedAt);
    }

    static void write(LedgerDao dao, Plan plan, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("format", FORMAT);
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
                            g.writeStringProperty("time", time(at));
                            for (String column :
                                    ENTRY_FIELDS.subList(
                                            ENTRY_FIELDS.indexOf("kind"), ENTRY_FIELDS.size())) {
                                g.writeStringProperty(column, rs.getString(column));
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
            g.writeStringProperty(name, time(micros.getAsLong()));
        } else {
            g.writeNullProperty(name);
        }
    }

    static String time(long micros) {
        return TIME.format(
                Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    /**
     * Checks an export file on its own: the header, every line's two hashes recomputed, the
     * organisation chain without gaps, the global positions rising, and the end matching the header
     * (so that lines cut off at the end are found). The first entry of an export that does not
     * start at the organisation's first entry cannot be linked to anything here: compare its {@code
     * org_prev_hash} with the last {@code org_hash} of the previous review.
     */
    public static VerifyResult verify(InputStream in) {
        long started = System.nanoTime();
        Check c = new Check();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            c.run(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the export: " + e.getMessage(), e);
        }
        return new VerifyResult(
                "export of organisation " + (c.orgId == null ? "(unknown)" : c.orgId),
                c.checked,
                Optional.ofNullable(c.problem),
                c.lastOrgSeq,
                c.lastOrgHash,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The state of one export check. */
    private static final class Check {
        final Hashing.Encoder encoder = new Hashing.Encoder();
        String orgId;
        long checked;
        VerifyResult.Break problem;
        long lastOrgSeq;
        String lastOrgHash = Hashing.GENESIS;
        long lastSeq;

        void run(BufferedReader reader) throws IOException {
            String line = reader.readLine();
            if (line == null) {
                fail(0, "the file is empty: an export starts with its header line");
                return;
            }
            JsonNode header = parse(1, line);
            if (header == null) {
                return;
            }
            if (!FORMAT.equals(header.path("format").stringValue(null))) {
                fail(0, "line 1 is not the header of an export in the format " + FORMAT);
                return;
            }
            for (String name : header.propertyNames()) {
                if (!HEADER_FIELDS.contains(name)) {
                    fail(0, "the header has a field '" + name + "' that the format does not have");
                    return;
                }
            }
            orgId = header.path("org_id").stringValue(null);
            long count = header.path("count").longValue(-1);
            if (orgId == null || count < 0) {
                fail(0, "the header lacks org_id or count");
                return;
            }
            long first = header.path("first_org_seq").longValue(0);
            long expectedLast = header.path("last_org_seq").longValue(0);
            String expectedLastHash = header.path("last_org_hash").stringValue(null);
            long lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    fail(lastOrgSeq + 1, "line " + lineNo + " is empty");
                    return;
                }
                if (!entry(lineNo, line, first)) {
                    return;
                }
            }
            if (checked != count) {
                fail(
                        lastOrgSeq + 1,
                        "the header announces "
                                + count
                                + " entries but the file holds "
                                + checked
                                + ": lines were "
                                + (checked < count ? "removed" : "added"));
            } else if (count > 0
                    && (lastOrgSeq != expectedLast || !lastOrgHash.equals(expectedLastHash))) {
                fail(
                        lastOrgSeq,
                        "the last entry is not the one the header names (organisation entry "
                                + expectedLast
                                + "): lines were removed, added or rewritten");
            } else {
                JsonNode head = header.path("org_head");
                long headSeq = head.path("org_seq").longValue(-1);
                if (count > 0
                        && headSeq == lastOrgSeq
                        && !lastOrgHash.equals(head.path("org_hash").stringValue(null))) {
                    fail(
                            lastOrgSeq,
                            "the last entry does not have the hash of the organisation's head in"
                                    + " the header");
                } else if (count > 0 && headSeq < lastOrgSeq) {
                    fail(
                            headSeq + 1,
                            "the file holds entries beyond the organisation's head in the header");
                }
            }
        }

        /** Checks one entry line; false once the chain is broken. */
        private boolean entry(long lineNo, String line, long first) {
            long expected = checked == 0 ? first : lastOrgSeq + 1;
            JsonNode n = parse(expected, line);
            if (n == null) {
                return false;
            }
            String where = "line " + lineNo + " (the organisation's entry " + expected + ")";
            List<String> errors = new ArrayList<>();
            for (String name : n.propertyNames()) {
                if (!ENTRY_FIELDS.contains(name)) {
                    errors.add("has a field '" + name + "' that the format does not have");
                }
            }
            for (String name : ENTRY_FIELDS) {
                if (!n.has(name)) {
                    errors.add("lacks '" + name + "'");
                }
            }
            long seq = number(n, "seq", errors);
            long orgSeq = number(n, "org_seq", errors);
            long at = number(n, "at", errors);
            String prevHash = text(n, "prev_hash", true, errors);
            String hash = text(n, "hash", true, errors);
            String orgPrevHash = text(n, "org_prev_hash", true, errors);
            String orgHash = text(n, "org_hash", true, errors);
            String[] fields = new String[11];
            List<String> names =
                    ENTRY_FIELDS.subList(ENTRY_FIELDS.indexOf("kind"), ENTRY_FIELDS.size());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                boolean required =
                        name.equals("kind")
                                || name.equals("principal_id")
                                || name.equals("org_id")
                                || name.equals("rule");
                fields[i] = text(n, name, required, errors);
            }
            String time = text(n, "time", true, errors);
            if (!errors.isEmpty()) {
                fail(expected, where + " " + String.join(", ", errors));
                return false;
            }
            checked++;
            if (!orgId.equals(fields[2])) {
                fail(expected, where + " belongs to organisation " + fields[2] + ", not " + orgId);
                return false;
            }
            if (orgSeq != expected) {
                fail(
                        expected,
                        where
                                + " is the organisation's entry "
                                + orgSeq
                                + ": "
                                + (orgSeq > expected
                                        ? "entries were removed or reordered"
                                        : "entries were reordered or duplicated"));
                return false;
            }
            if (checked > 1 && !orgPrevHash.equals(lastOrgHash)) {
                fail(
                        expected,
                        where
                                + " does not follow the line before: its previous organisation"
                                + " hash is not that entry's hash (a line was rewritten, removed,"
                                + " inserted or moved)");
                return false;
            }
            if (orgSeq == 1 && !orgPrevHash.equals(Hashing.GENESIS)) {
                fail(expected, where + " does not start the chain: its previous hash is not zeros");
                return false;
            }
            if (checked > 1 && seq <= lastSeq) {
                fail(expected, where + " has a ledger position before the line above it");
                return false;
            }
            String computed =
                    encoder.orgHash(
                            orgSeq,
                            orgPrevHash,
                            at,
                            fields[0],
                            fields[1],
                            fields[2],
                            fields[3],
                            fields[4],
                            fields[5],
                            fields[6],
                            fields[7],
                            fields[8],
                            fields[9],
                            fields[10]);
            if (!computed.equals(orgHash)) {
                fail(expected, where + " was changed: its fields do not match its hash");
                return false;
            }
            if (!encoder.hash(seq, prevHash, orgHash).equals(hash)) {
                fail(
                        expected,
                        where + " was changed: its ledger position or links do not match its hash");
                return false;
            }
            if (!time.equals(time(at))) {
                fail(expected, where + " shows a time (" + time + ") that is not its 'at'");
                return false;
            }
            lastOrgSeq = orgSeq;
            lastOrgHash = orgHash;
            lastSeq = seq;
            return true;
        }

        private JsonNode parse(long position, String line) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n == null || !n.isObject()) {
                    fail(position, "a line is not a JSON object");
                    return null;
                }
                return n;
            } catch (JacksonException e) {
                fail(position, "a line is not valid JSON: " + e.getOriginalMessage());
                return null;
            }
        }

        private static long number(JsonNode n, String name, List<String> errors) {
            JsonNode v = n.get(name);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
                if (v != null) {
                    errors.add("'" + name + "' is not a whole number");
                }
                return 0;
            }
            return v.longValue();
        }

        private static String text(JsonNode n, String name, boolean required, List<String> errors) {
            JsonNode v = n.get(name);
            if (v == null) {
                return null;
            }
            if (v.isNull() && !required) {
                return null;
            }
            if (!v.isString()) {
                errors.add("'" + name + "' is not " + (required ? "a string" : "a string or null"));
                return null;
            }
            return v.stringValue();
        }

        private void fail(long position, String message) {
            if (problem == null) {
                problem = new VerifyResult.Break(position, message);
            }
        }
    }
}
