package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organisation chains as the global scan meets them. They cross the cuts between the ranges
 * that are checked in parallel, so each range follows every organisation's run within it, notes
 * where the run starts, and the runs are joined in order afterwards ({@link #join}).
 */
final class OrgRuns {
    final Map<OrgKey, Run> runs = new LinkedHashMap<>();

    /** Re-pointed at each row, so that looking a run up makes no key. */
    private final OrgKey probe = new OrgKey();

    /** One organisation's entries within a range (or, once joined, the whole ledger). */
    static final class Run {
        final OrgKey key;
        final long firstOrgSeq;
        final byte[] firstOrgPrevHash;
        final long firstSeq;
        long lastOrgSeq;
        byte[] lastOrgHash = new byte[64];
        long lastSeq;

        Run(OrgKey key, long orgSeq, byte[] orgPrevHash, long seq) {
            this.key = key;
            this.firstOrgSeq = orgSeq;
            this.firstOrgPrevHash = orgPrevHash;
            this.firstSeq = seq;
        }

        String orgId() {
            return new String(key.bytes, key.off, key.len, StandardCharsets.UTF_8);
        }
    }

    /** Follows the entry's organisation chain within the range; what is wrong, or null. */
    String follow(ScanRow row) {
        probe.point(row.src[ScanRow.ORG], row.off[ScanRow.ORG], row.len[ScanRow.ORG]);
        Run run = runs.get(probe);
        if (run == null) {
            OrgKey key = probe.copy();
            run =
                    new Run(
                            key,
                            row.orgSeq,
                            Arrays.copyOfRange(
                                    row.src[ScanRow.ORG_PREV_HASH],
                                    row.off[ScanRow.ORG_PREV_HASH],
                                    row.off[ScanRow.ORG_PREV_HASH]
                                            + row.len[ScanRow.ORG_PREV_HASH]),
                            row.seq);
            runs.put(key, run);
        } else if (row.orgSeq != run.lastOrgSeq + 1) {
            return gap(run.orgId(), row.seq, run.lastOrgSeq + 1, row.orgSeq);
        } else if (!row.equalsField(ScanRow.ORG_PREV_HASH, run.lastOrgHash, 0, 64)) {
            return link(run.orgId(), row.seq);
        }
        run.lastOrgSeq = row.orgSeq;
        System.arraycopy(
                row.src[ScanRow.ORG_HASH], row.off[ScanRow.ORG_HASH], run.lastOrgHash, 0, 64);
        run.lastSeq = row.seq;
        return null;
    }

    /**
     * Joins each organisation's runs across ranges, in order, and reports where a run does not
     * continue the one before it.
     */
    static Map<OrgKey, Run> join(List<OrgRuns> ranges, List<VerifyResult.Break> breaks) {
        Map<OrgKey, Run> joined = new LinkedHashMap<>();
        for (OrgRuns r : ranges) {
            for (Run run : r.runs.values()) {
                Run before = joined.get(run.key);
                long expectedSeq = before == null ? 1 : before.lastOrgSeq + 1;
                byte[] expectedHash =
                        before == null
                                ? Hashing.GENESIS.getBytes(StandardCharsets.US_ASCII)
                                : before.lastOrgHash;
                if (run.firstOrgSeq != expectedSeq) {
                    breaks.add(
                            new VerifyResult.Break(
                                    run.firstSeq,
                                    gap(run.orgId(), run.firstSeq, expectedSeq, run.firstOrgSeq)));
                } else if (!Arrays.equals(run.firstOrgPrevHash, expectedHash)) {
                    breaks.add(
                            new VerifyResult.Break(run.firstSeq, link(run.orgId(), run.firstSeq)));
                }
                if (before == null) {
                    joined.put(run.key, run);
                } else {
                    before.lastOrgSeq = run.lastOrgSeq;
                    before.lastOrgHash = run.lastOrgHash;
                    before.lastSeq = run.lastSeq;
                }
            }
        }
        return joined;
    }

    private static String gap(String org, long seq, long expected, long found) {
        return "entry "
                + seq
                + " is organisation "
                + org
                + "'s entry "
                + found
                + " where its entry "
                + expected
                + " should come: "
                + (found > expected
                        ? "the organisation's entries were removed or reordered"
                        : "its entries were reordered or duplicated");
    }

    private static String link(String org, long seq) {
        return "entry "
                + seq
                + " does not follow organisation "
                + org
                + "'s previous entry: its previous organisation hash differs (that entry was"
                + " rewritten, or entries were removed, inserted or reordered)";
    }
}
