package org.entente.server.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the chains stored in the database, and decides the order of the work: read the heads, scan
 * the chain in ranges, join what the ranges found, compare the ends with the heads.
 *
 * <p>Every check needs only an entry and its predecessor, so the chain is cut into ranges of seq
 * that are read and checked in parallel ({@link ParallelRanges}), each on its own connection; each
 * range also reads the entry just before it, to check the link across the cut ({@link RangeScan}).
 * The per-organisation chains cross the cuts, so each range reports where every organisation's run
 * within it starts and ends, and the runs are joined in order afterwards ({@link OrgRuns}).
 */
final class Verifier {
    /** Entries per range at least; fewer would spend more on queries than on checking. */
    static final long MIN_RANGE = 20_000;

    /**
     * Entries per range at most (a tenth of a second's work): small enough that the threads end
     * together instead of one finishing a long last range alone, and that a break early on stops
     * the others soon; large enough that the query per range costs nothing.
     */
    static final long MAX_RANGE = 100_000;

    private final LedgerDao dao;
    private final ParallelRanges ranges;

    Verifier(LedgerDao dao, int threads, long minRange, long maxRange) {
        this.dao = dao;
        this.ranges = new ParallelRanges(threads, minRange, maxRange);
    }

    /** The whole ledger: global chain, every organisation chain, every head. */
    VerifyResult global() {
        long started = System.nanoTime();
        LedgerDao.Snapshot snapshot = dao.snapshot();
        long last = snapshot.maxSeq();
        List<RangeScan.Result> results =
                ranges.run(last, new RangeScan(dao, RangeScan.Mode.GLOBAL, null)::scan);
        long checked = results.stream().mapToLong(r -> r.checked).sum();
        List<VerifyResult.Break> breaks = breaks(results);
        List<OrgRuns> runs = new ArrayList<>();
        for (RangeScan.Result r : results) {
            runs.add(r.orgs);
        }
        Map<OrgKey, OrgRuns.Run> orgs = OrgRuns.join(runs, breaks);
        if (breaks.isEmpty()) {
            HeadCheck.ledger(snapshot.head(), last, lastHash(last, results), breaks);
            HeadCheck.orgs(snapshot.orgHeads(), last, orgs, breaks);
        }
        return result("ledger", checked, breaks, snapshot.head(), started);
    }

    /** One organisation's chain and head. */
    VerifyResult org(String orgId) {
        long started = System.nanoTime();
        LedgerDao.OrgSnapshot snapshot = dao.orgSnapshot(orgId);
        long last = snapshot.maxOrgSeq();
        List<RangeScan.Result> results =
                ranges.run(last, new RangeScan(dao, RangeScan.Mode.ORG, orgId)::scan);
        long checked = results.stream().mapToLong(r -> r.checked).sum();
        List<VerifyResult.Break> breaks = breaks(results);
        if (breaks.isEmpty()) {
            HeadCheck.org(snapshot.head(), last, lastHash(last, results), breaks);
        }
        LedgerDao.Head head = snapshot.head().orElse(LedgerDao.Head.EMPTY);
        return result("organisation " + orgId, checked, breaks, head, started);
    }

    private static List<VerifyResult.Break> breaks(List<RangeScan.Result> results) {
        List<VerifyResult.Break> breaks = new ArrayList<>();
        for (RangeScan.Result r : results) {
            if (r.problem != null) {
                breaks.add(r.problem);
            }
        }
        return breaks;
    }

    /** The hash of the chain's last entry; only meaningful when no range broke. */
    private static String lastHash(long last, List<RangeScan.Result> results) {
        return last == 0 ? Hashing.GENESIS : results.get(results.size() - 1).lastHash;
    }

    private static VerifyResult result(
            String chain,
            long checked,
            List<VerifyResult.Break> breaks,
            LedgerDao.Head head,
            long started) {
        Optional<VerifyResult.Break> first =
                breaks.stream().min((a, b) -> Long.compare(a.seq(), b.seq()));
        return new VerifyResult(
                chain,
                checked,
                first,
                head.seq(),
                head.hash(),
                Duration.ofNanos(System.nanoTime() - started));
    }
}
