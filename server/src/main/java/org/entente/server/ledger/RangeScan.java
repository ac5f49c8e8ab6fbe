package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.entente.server.db.Dialect;

/**
 * Reads one range of a chain (and the entry just before it, to check the link across the cut) and
 * walks it in order, stopping at the first break: a row that cannot be read, a gap, or an entry
 * that {@link EntryCheck} refuses. In the global chain it also follows the organisation chains
 * within the range ({@link OrgRuns}).
 *
 * <p>The walk is built for a million entries a second on two cores (about 1.8 µs of CPU per entry,
 * docs/benchmarks.md, "Ledger: detail"): one column per entry on SQLite (see {@link
 * LedgerDao#scanSql}), fields located in place rather than copied into strings ({@link ScanRow}),
 * one reused encoder and digest per range, and a reused probe key for the organisation map.
 */
final class RangeScan {
    /** Which chain is walked: the global one by seq, or one organisation's by org_seq. */
    enum Mode {
        GLOBAL,
        ORG
    }

    /** What one range found. */
    static final class Result {
        long checked;
        VerifyResult.Break problem;
        String lastHash = Hashing.GENESIS;
        final OrgRuns orgs = new OrgRuns();
    }

    /** Where a range's scan stands: the entry before the one being checked. */
    static final class Cursor {
        long pos;
        long seq;

        /** The array holding the predecessor's hash; null when unknown (its range reports why). */
        byte[] hash;

        int hashAt;

        void follow(ScanRow row, int link) {
            seq = row.seq;
            hash = row.src[link];
            hashAt = row.off[link];
        }
    }

    private final LedgerDao dao;
    private final Mode mode;
    private final String orgId;

    /** {@code orgId} is the organisation whose chain is walked in {@link Mode#ORG}, else null. */
    RangeScan(LedgerDao dao, Mode mode, String orgId) {
        this.dao = dao;
        this.mode = mode;
        this.orgId = orgId;
    }

    /** Reads entries lo..hi (and the one before lo) and checks each against its predecessor. */
    Result scan(long lo, long hi, AtomicLong stop) {
        Result result = new Result();
        ScanRow row = new ScanRow();
        Hashing.Encoder encoder = new Hashing.Encoder();
        int link = mode == Mode.GLOBAL ? ScanRow.HASH : ScanRow.ORG_HASH;
        Cursor prev = new Cursor();
        prev.pos = lo - 1;
        if (lo == 1) {
            prev.hash = Hashing.GENESIS.getBytes(StandardCharsets.US_ASCII);
            prev.hashAt = 0;
        }
        boolean joined = dao.dialect() == Dialect.SQLITE;
        String sql;
        List<Object> params;
        if (mode == Mode.GLOBAL) {
            sql = LedgerDao.scanSql(dao.dialect(), "seq >= ? AND seq <= ? ORDER BY seq");
            params = List.of(Math.max(1, lo - 1), hi);
        } else {
            sql =
                    LedgerDao.scanSql(
                            dao.dialect(),
                            "org_id = ? AND org_seq >= ? AND org_seq <= ? ORDER BY org_seq");
            params = List.of(orgId, Math.max(1, lo - 1), hi);
        }
        dao.scan(
                sql,
                params,
                rs -> {
                    String damage = joined ? row.parse(rs.getBytes(1)) : row.read(rs);
                    if (damage == null) {
                        damage = row.unpack(rs.getBytes(joined ? 2 : 19));
                    }
                    long pos = mode == Mode.GLOBAL ? row.seq : row.orgSeq;
                    if (damage == null && lo > 1 && pos == lo - 1) {
                        // the predecessor of the range, read only for the link across the cut
                        prev.follow(row, link);
                        prev.pos = pos;
                        return true;
                    }
                    if ((result.checked & 4095) == 0 && stop.get() < lo) {
                        return false; // an earlier range broke: nothing here can come first
                    }
                    result.checked++;
                    long expected = prev.pos + 1;
                    String problem;
                    if (damage != null) {
                        problem =
                                (mode == Mode.GLOBAL ? "entry " : "the organisation's entry ")
                                        + expected
                                        + " cannot be read as the ledger wrote it: "
                                        + damage;
                    } else if (pos != expected) {
                        problem = missing(expected, pos);
                    } else {
                        problem = EntryCheck.check(mode, row, encoder, prev);
                        if (problem == null && mode == Mode.GLOBAL) {
                            problem = result.orgs.follow(row);
                        }
                    }
                    if (problem != null) {
                        result.problem = new VerifyResult.Break(expected, problem);
                        stop.accumulateAndGet(expected, Math::min);
                        return false;
                    }
                    prev.follow(row, link);
                    prev.pos = pos;
                    return true;
                });
        if (result.problem == null && prev.pos < hi && stop.get() >= lo) {
            result.problem = new VerifyResult.Break(prev.pos + 1, missing(prev.pos + 1, hi + 1));
            stop.accumulateAndGet(prev.pos + 1, Math::min);
        }
        if (result.problem == null && prev.hash != null) {
            result.lastHash = new String(prev.hash, prev.hashAt, 64, StandardCharsets.US_ASCII);
        }
        return result;
    }

    private String missing(long expected, long found) {
        String whose = mode == Mode.GLOBAL ? "" : "the organisation's ";
        if (found == expected + 1) {
            return whose + "entry " + expected + " is missing: it was removed";
        }
        return whose
                + "entries "
                + expected
                + " to "
                + (found - 1)
                + " are missing: they were removed";
    }
}
