package org.entente.server.ledger;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Exports of one organisation's chain for a bilateral review, and their verification by the
 * partner, who needs nothing but the file (docs/ledger.md, "Export format"). This class plans an
 * export; {@link ExportWriter} writes it, {@link ExportCheck} checks it, and {@link ExportFormat}
 * holds what both must agree on.
 */
public final class LedgerExport {
    public static final String FORMAT = "entente-ledger-export/1";

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
        ExportWriter.write(dao, plan, out);
    }

    /**
     * Checks an export file on its own: the header, every line's two hashes recomputed, the
     * organisation chain without gaps, the global positions rising, and the end matching the header
     * (so that lines cut off at the end are found). The first entry of an export that does not
     * start at the organisation's first entry cannot be linked to anything here: compare its {@code
     * org_prev_hash} with the last {@code org_hash} of the previous review.
     */
    public static VerifyResult verify(InputStream in) {
        return ExportCheck.verify(in);
    }
}
