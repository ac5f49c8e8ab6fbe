package org.entente.server.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The partner's check of an export file, which needs nothing but the file: the header, every line's
 * two hashes recomputed, the organisation chain without gaps, the global positions rising, and the
 * end matching the header (so that lines cut off at the end are found). One instance holds the
 * state of one check and reports the first break only.
 */
final class ExportCheck {
    private final Hashing.Encoder encoder = new Hashing.Encoder();
    private String orgId;
    private long checked;
    private VerifyResult.Break problem;
    private long lastOrgSeq;
    private String lastOrgHash = Hashing.GENESIS;
    private long lastSeq;

    private ExportCheck() {}

    /** Checks the export read from {@code in} (see {@link LedgerExport#verify}). */
    static VerifyResult verify(InputStream in) {
        long started = System.nanoTime();
        ExportCheck c = new ExportCheck();
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

    private void run(BufferedReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            fail(0, "the file is empty: an export starts with its header line");
            return;
        }
        JsonNode header = parse(1, line);
        if (header == null) {
            return;
        }
        if (!LedgerExport.FORMAT.equals(header.path("format").stringValue(null))) {
            fail(0, "line 1 is not the header of an export in the format " + LedgerExport.FORMAT);
            return;
        }
        for (String name : header.propertyNames()) {
            if (!ExportFormat.HEADER_FIELDS.contains(name)) {
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
            if (!ExportFormat.ENTRY_FIELDS.contains(name)) {
                errors.add("has a field '" + name + "' that the format does not have");
            }
        }
        for (String name : ExportFormat.ENTRY_FIELDS) {
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
        List<String> names = ExportFormat.TEXT_FIELDS;
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
        if (!time.equals(ExportFormat.time(at))) {
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
            JsonNode n = ExportFormat.JSON.readTree(line);
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
