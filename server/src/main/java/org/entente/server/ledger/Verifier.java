package org.entente.server.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.entente.server.db.Dialect;

/**
 * Checks the chains stored in the database.
 *
 * <p>Every check needs only an entry and its predecessor, so the chain is cut into ranges of seq
 * that are read and checked in parallel, each on its own connection; each range also reads the
 * entry just before it, to check the link across the cut. The per-organisation chains cross the
 * cuts, so each range reports where every organisation's run within it starts and ends, and the
 * runs are joined in order afterwards.
 *
 * <p>The inner loop is built for a million entries a second on two cores (about 1.8 µs of CPU per
 * entry, docs/benchmarks.md, "Ledger: detail"): one column per entry on SQLite (see {@link
 * LedgerDao#scanSql}), fields located in place rather than copied into strings, one reused encoder
 * and digest per range, and a reused probe key for the organisation map.
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
    private final int threads;
    private final long minRange;
    private final long maxRange;

    Verifier(LedgerDao dao, int threads, long minRange, long maxRange) {
        this.dao = dao;
        this.threads = Math.max(1, threads);
        this.minRange = minRange;
        this.maxRange = maxRange;
    }

    /** The whole ledger: global chain, every organisation chain, every head. */
    VerifyResult global() {
        long started = System.nanoTime();
        LedgerDao.Snapshot snapshot = dao.snapshot();
        long last = snapshot.maxSeq();
        List<RangeResult> results =
                run(last, (lo, hi, stop) -> scan(Mode.GLOBAL, null, lo, hi, stop));
        long checked = results.stream().mapToLong(r -> r.checked).sum();
        List<VerifyResult.Break> breaks = new ArrayList<>();
        for (RangeResult r : results) {
            if (r.problem != null) {
                breaks.add(r.problem);
            }
        }
        Map<OrgKey, OrgRun> orgs = joinOrgRuns(results, breaks);
        if (breaks.isEmpty()) {
            checkHead(snapshot, last, results, breaks);
            checkOrgHeads(snapshot, last, orgs, breaks);
        }
        return result("ledger", checked, breaks, snapshot.head(), started);
    }

    /** One organisation's chain and head. */
    VerifyResult org(String orgId) {
        long started = System.nanoTime();
        LedgerDao.OrgSnapshot snapshot = dao.orgSnapshot(orgId);
        long last = snapshot.maxOrgSeq();
        List<RangeResult> results =
                run(last, (lo, hi, stop) -> scan(Mode.ORG, orgId, lo, hi, stop));
        long checked = results.stream().mapToLong(r -> r.checked).sum();
        List<VerifyResult.Break> breaks = new ArrayList<>();
        for (RangeResult r : results) {
            if (r.problem != null) {
                breaks.add(r.problem);
            }
        }
        LedgerDao.Head head = snapshot.head().orElse(LedgerDao.Head.EMPTY);
        if (breaks.isEmpty()) {
            String lastHash =
                    last == 0 ? Hashing.GENESIS : results.get(results.size() - 1).lastHash;
            if (snapshot.head().isEmpty() && last > 0) {
                breaks.add(
                        new VerifyResult.Break(
                                last,
                                "the organisation has entries up to "
                                        + last
                                        + " but no head: the head row was deleted"));
            } else if (head.seq() > last) {
                breaks.add(
                        new VerifyResult.Break(
                                last + 1,
                                "the organisation's chain ends at entry "
                                        + last
                                        + " but its head records entry "
                                        + head.seq()
                                        + ": its last entries were removed"));
            } else if (head.seq() < last) {
                breaks.add(
                        new VerifyResult.Break(
                                head.seq() + 1,
                                "the organisation's entries "
                                        + (head.seq() + 1)
                                        + " to "
                                        + last
                                        + " lie beyond its head: they were added outside the"
                                        + " ledger"));
            } else if (!head.hash().equals(lastHash)) {
                breaks.add(
                        new VerifyResult.Break(
                                last,
                                "the organisation's last entry ("
                                        + last
                                        + ") does not have the hash its head records: the entry"
                                        + " or the head was rewritten"));
            }
        }
        return result("organisation " + orgId, checked, breaks, head, started);
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

    private static void checkHead(
            LedgerDao.Snapshot snapshot,
            long last,
            List<RangeResult> results,
            List<VerifyResult.Break> breaks) {
        LedgerDao.Head head = snapshot.head();
        String lastHash = last == 0 ? Hashing.GENESIS : results.get(results.size() - 1).lastHash;
        if (head.seq() > last) {
            breaks.add(
                    new VerifyResult.Break(
                            last + 1,
                            "the ledger ends at entry "
                                    + last
                                    + " but its head records entry "
                                    + head.seq()
                                    + ": the last "
                                    + (head.seq() - last == 1
                                            ? "entry was"
                                            : (head.seq() - last) + " entries were")
                                    + " removed"));
        } else if (head.seq() < last) {
            breaks.add(
                    new VerifyResult.Break(
                            head.seq() + 1,
                            (last == head.seq() + 1
                                            ? "entry " + last + " lies"
                                            : "entries "
                                                    + (head.seq() + 1)
                                                    + " to "
                                                    + last
                                                    + " lie")
                                    + " beyond the head (entry "
                                    + head.seq()
                                    + "): added outside the ledger"));
        } else if (!head.hash().equals(lastHash)) {
            breaks.add(
                    new VerifyResult.Break(
                            last,
                            "the last entry ("
                                    + last
                                    + ") does not have the hash the head records: the entry or"
                                    + " the head was rewritten"));
        }
    }

    private static void checkOrgHeads(
            LedgerDao.Snapshot snapshot,
            long last,
            Map<OrgKey, OrgRun> orgs,
            List<VerifyResult.Break> breaks) {
        Map<String, LedgerDao.Head> heads = new HashMap<>(snapshot.orgHeads());
        for (OrgRun run : orgs.values()) {
            String org = run.orgId();
            LedgerDao.Head head = heads.remove(org);
            if (head == null) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + " has entries (the last is entry "
                                        + run.lastSeq
                                        + ") but no head: its head row was deleted"));
            } else if (head.seq() > run.lastOrgSeq) {
                breaks.add(
                        new VerifyResult.Break(
                                last + 1,
                                "organisation "
                                        + org
                                        + "'s chain ends at its entry "
                                        + run.lastOrgSeq
                                        + " (ledger entry "
                                        + run.lastSeq
                                        + ") but its head records its entry "
                                        + head.seq()
                                        + ": its last entries were removed"));
            } else if (head.seq() < run.lastOrgSeq) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + "'s chain goes on to its entry "
                                        + run.lastOrgSeq
                                        + " (ledger entry "
                                        + run.lastSeq
                                        + ") beyond its head at its entry "
                                        + head.seq()
                                        + ": entries were added outside the ledger"));
            } else if (!head.hash()
                    .equals(new String(run.lastOrgHash, StandardCharsets.US_ASCII))) {
                breaks.add(
                        new VerifyResult.Break(
                                run.lastSeq,
                                "organisation "
                                        + org
                                        + "'s last entry (ledger entry "
                                        + run.lastSeq
                                        + ") does not have the hash its head records: the entry"
                                        + " or the head was rewritten"));
            }
        }
        for (Map.Entry<String, LedgerDao.Head> orphan : heads.entrySet()) {
            breaks.add(
                    new VerifyResult.Break(
                            last + 1,
                            "organisation "
                                    + orphan.getKey()
                                    + " has a head at its entry "
                                    + orphan.getValue().seq()
                                    + " but no entries: they were removed"));
        }
    }

    /**
     * Joins each organisation's runs across ranges, in order, and reports where a run does not
     * continue the one before it.
     */
    private static Map<OrgKey, OrgRun> joinOrgRuns(
            List<RangeResult> results, List<VerifyResult.Break> breaks) {
        Map<OrgKey, OrgRun> joined = new LinkedHashMap<>();
        for (RangeResult r : results) {
            for (OrgRun run : r.orgs.values()) {
                OrgRun before = joined.get(run.key);
                long expectedSeq = before == null ? 1 : before.lastOrgSeq + 1;
                byte[] expectedHash =
                        before == null
                                ? Hashing.GENESIS.getBytes(StandardCharsets.US_ASCII)
                                : before.lastOrgHash;
                if (run.firstOrgSeq != expectedSeq) {
                    breaks.add(
                            new VerifyResult.Break(
                                    run.firstSeq,
                                    orgGap(
                                            run.orgId(),
                                            run.firstSeq,
                                            expectedSeq,
                                            run.firstOrgSeq)));
                } else if (!Arrays.equals(run.firstOrgPrevHash, expectedHash)) {
                    breaks.add(
                            new VerifyResult.Break(
                                    run.firstSeq, orgLink(run.orgId(), run.firstSeq)));
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

    private static String orgGap(String org, long seq, long expected, long found) {
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

    private static String orgLink(String org, long seq) {
        return "entry "
                + seq
                + " does not follow organisation "
                + org
                + "'s previous entry: its previous organisation hash differs (that entry was"
                + " rewritten, or entries were removed, inserted or reordered)";
    }

    // ---------------------------------------------------------------------------------------
    // ranges

    private interface RangeScan {
        RangeResult scan(long lo, long hi, AtomicLong stop);
    }

    /**
     * Runs the scan over [1, last] cut into ranges, in parallel, and returns the results in order.
     * {@code stop} holds the lowest position found broken so far: ranges above it give up.
     */
    private List<RangeResult> run(long last, RangeScan scan) {
        if (last <= 0) {
            return List.of();
        }
        long size = Math.max(minRange, Math.min(maxRange, last / (threads * 8L) + 1));
        AtomicLong stop = new AtomicLong(Long.MAX_VALUE);
        List<long[]> ranges = new ArrayList<>();
        for (long lo = 1; lo <= last; lo += size) {
            ranges.add(new long[] {lo, Math.min(last, lo + size - 1)});
        }
        if (ranges.size() == 1 || threads == 1) {
            List<RangeResult> results = new ArrayList<>();
            for (long[] r : ranges) {
                results.add(scan.scan(r[0], r[1], stop));
            }
            return results;
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(threads, ranges.size()),
                        task -> {
                            Thread t = new Thread(task, "ledger-verify");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<RangeResult>> futures = new ArrayList<>();
            for (long[] r : ranges) {
                futures.add(pool.submit(() -> scan.scan(r[0], r[1], stop)));
            }
            List<RangeResult> results = new ArrayList<>();
            for (Future<RangeResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ledger verification was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private enum Mode {
        GLOBAL,
        ORG
    }

    /** What one range found. */
    private static final class RangeResult {
        long checked;
        VerifyResult.Break problem;
        String lastHash = Hashing.GENESIS;
        final Map<OrgKey, OrgRun> orgs = new LinkedHashMap<>();
    }

    /** One organisation's entries within a range (or, once joined, the whole ledger). */
    private static final class OrgRun {
        final OrgKey key;
        final long firstOrgSeq;
        final byte[] firstOrgPrevHash;
        final long firstSeq;
        long lastOrgSeq;
        byte[] lastOrgHash = new byte[64];
        long lastSeq;

        OrgRun(OrgKey key, long orgSeq, byte[] orgPrevHash, long seq) {
            this.key = key;
            this.firstOrgSeq = orgSeq;
            this.firstOrgPrevHash = orgPrevHash;
            this.firstSeq = seq;
        }

        String orgId() {
            return new String(key.bytes, key.off, key.len, StandardCharsets.UTF_8);
        }
    }

    /** An organisation id as bytes; the scan looks up with one reused, re-pointed instance. */
    private static final class OrgKey {
        byte[] bytes;
        int off;
        int len;
        int hash;

        OrgKey point(byte[] b, int offset, int length) {
            bytes = b;
            off = offset;
            len = length;
            int h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + b[i];
            }
            hash = h;
            return this;
        }

        OrgKey copy() {
            OrgKey k = new OrgKey();
            k.bytes = Arrays.copyOfRange(bytes, off, off + len);
            k.off = 0;
            k.len = len;
            k.hash = hash;
            return k;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OrgKey k
                    && Arrays.equals(bytes, off, off + len, k.bytes, k.off, k.off + k.len);
        }
    }

    // ---------------------------------------------------------------------------------------
    // one range

    /** Where a range's scan stands: the entry before the one being checked. */
    private static final class Cursor {
        long pos;
        long seq;

        /** The array holding the predecessor's hash; null when unknown (its range reports why). */
        byte[] hash;

        int hashAt;

        void follow(Row row, int link) {
            seq = row.seq;
            hash = row.src[link];
            hashAt = row.off[link];
        }
    }

    /** Reads entries lo..hi (and the one before lo) and checks each against its predecessor. */
    private RangeResult scan(Mode mode, String orgId, long lo, long hi, AtomicLong stop) {
        RangeResult result = new RangeResult();
        Row row = new Row();
        Hashing.Encoder encoder = new Hashing.Encoder();
        OrgKey probe = new OrgKey();
        int link = mode == Mode.GLOBAL ? Row.HASH : Row.ORG_HASH;
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
                        problem = missing(mode, expected, pos);
                    } else {
                        problem = check(mode, row, encoder, prev);
                        if (problem == null && mode == Mode.GLOBAL) {
                            problem = checkOrg(row, probe, result.orgs);
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
            result.problem =
                    new VerifyResult.Break(prev.pos + 1, missing(mode, prev.pos + 1, hi + 1));
            stop.accumulateAndGet(prev.pos + 1, Math::min);
        }
        if (result.problem == null && prev.hash != null) {
            result.lastHash = new String(prev.hash, prev.hashAt, 64, StandardCharsets.US_ASCII);
        }
        return result;
    }

    private static String missing(Mode mode, long expected, long found) {
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

    /** Checks an entry's link to its predecessor and its own two hashes. */
    private static String check(Mode mode, Row row, Hashing.Encoder encoder, Cursor prev) {
        long pos = mode == Mode.GLOBAL ? row.seq : row.orgSeq;
        String entry = mode == Mode.GLOBAL ? "entry " : "the organisation's entry ";
        int link = mode == Mode.GLOBAL ? Row.PREV_HASH : Row.ORG_PREV_HASH;
        if (prev.hash != null && !row.equalsField(link, prev.hash, prev.hashAt, 64)) {
            return pos == 1
                    ? entry
                            + "1 does not start the chain: its previous hash is not 64 zeros"
                            + " (it was rewritten)"
                    : entry
                            + pos
                            + " does not follow entry "
                            + (pos - 1)
                            + ": its previous hash is not that entry's hash (entry "
                            + (pos - 1)
                            + " was rewritten, or entries were removed, inserted or reordered)";
        }
        if (mode == Mode.ORG && pos > 1 && prev.hash != null && row.seq <= prev.seq) {
            return entry
                    + pos
                    + " has ledger position "
                    + row.seq
                    + ", not after its previous entry's "
                    + prev.seq
                    + ": entries were reordered";
        }
        if (!row.matches(Row.ORG_HASH, orgHash(encoder, row))) {
            return entry
                    + pos
                    + " was changed after it was written: its fields do not match its hash";
        }
        if (!row.matches(Row.HASH, globalHash(encoder, row))) {
            return entry
                    + pos
                    + " was changed after it was written: its position or links do not match"
                    + " its hash";
        }
        return null;
    }

    /** Follows the entry's organisation chain within the range. */
    private static String checkOrg(Row row, OrgKey probe, Map<OrgKey, OrgRun> orgs) {
        probe.point(row.src[Row.ORG], row.off[Row.ORG], row.len[Row.ORG]);
        OrgRun run = orgs.get(probe);
        if (run == null) {
            OrgKey key = probe.copy();
            run =
                    new OrgRun(
                            key,
                            row.orgSeq,
                            Arrays.copyOfRange(
                                    row.src[Row.ORG_PREV_HASH],
                                    row.off[Row.ORG_PREV_HASH],
                                    row.off[Row.ORG_PREV_HASH] + row.len[Row.ORG_PREV_HASH]),
                            row.seq);
            orgs.put(key, run);
        } else if (row.orgSeq != run.lastOrgSeq + 1) {
            return orgGap(run.orgId(), row.seq, run.lastOrgSeq + 1, row.orgSeq);
        } else if (!row.equalsField(Row.ORG_PREV_HASH, run.lastOrgHash, 0, 64)) {
            return orgLink(run.orgId(), row.seq);
        }
        run.lastOrgSeq = row.orgSeq;
        System.arraycopy(row.src[Row.ORG_HASH], row.off[Row.ORG_HASH], run.lastOrgHash, 0, 64);
        run.lastSeq = row.seq;
        return null;
    }

    private static byte[] orgHash(Hashing.Encoder e, Row r) {
        e.begin(Hashing.ORG_TAG);
        e.u64(r.orgSeq);
        r.str(e, Row.ORG_PREV_HASH);
        e.u64(r.at);
        r.str(e, Row.KIND);
        r.str(e, Row.PRINCIPAL);
        r.str(e, Row.ORG);
        r.opt(e, Row.AGREEMENT);
        r.opt(e, Row.AREA);
        r.str(e, Row.RULE);
        r.opt(e, Row.OBJECT_ID);
        r.opt(e, Row.OBJECT_VERSION);
        r.opt(e, Row.OBJECT_TYPE);
        r.opt(e, Row.TLP);
        r.opt(e, Row.DETAIL);
        return e.hexDigest();
    }

    private static byte[] globalHash(Hashing.Encoder e, Row r) {
        e.begin(Hashing.GLOBAL_TAG);
        e.u64(r.seq);
        r.str(e, Row.PREV_HASH);
        r.str(e, Row.ORG_HASH);
        return e.hexDigest();
    }

    /**
     * One entry as {@link LedgerDao#scanSql} returns it, its fields located in place in the arrays
     * the driver returned: no strings are made.
     */
    static final class Row {
        static final int KIND = 0;
        static final int PRINCIPAL = 1;
        static final int ORG = 2;
        static final int AGREEMENT = 3;
        static final int AREA = 4;
        static final int RULE = 5;
        static final int OBJECT_ID = 6;
        static final int OBJECT_VERSION = 7;
        static final int OBJECT_TYPE = 8;
        static final int TLP = 9;
        static final int DETAIL = 10;
        static final int PREV_HASH = 11;
        static final int HASH = 12;
        static final int ORG_PREV_HASH = 13;
        static final int ORG_HASH = 14;
        private static final int FIELDS = 15;

        /** The mask bit set when the optional field is NULL, in {@link LedgerDao#scanSql}. */
        private static final int[] NULL_BIT = {0, 0, 0, 1, 2, 0, 4, 8, 16, 32, 64, 0, 0, 0, 0};

        /** Where each field's bytes are: one joined array (SQLite) or one array each. */
        final byte[][] src = new byte[FIELDS][];

        final int[] off = new int[FIELDS];
        final int[] len = new int[FIELDS];
        long seq;
        long at;
        long orgSeq;

        /** The four hashes at the end of a joined row: a separator and 64 hex digits each. */
        private static final int TAIL = 4 * 65;

        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final long SEPS = ONES * LedgerDao.SEP;

        /**
         * Locates the fields of a joined row (SQLite); returns what is wrong if the row is not as
         * the ledger writes it. A tenth of verification's time went here, so the hashes are found
         * at their fixed places from the end and the other fields eight bytes at a time.
         */
        String parse(byte[] bytes) {
            if (bytes == null) {
                return "it is empty";
            }
            Arrays.fill(src, bytes);
            int p = 0;
            // seq, at, org_seq, mask: decimal numbers
            long mask = 0;
            for (int n = 0; n < 4; n++) {
                int start = p;
                long v = 0;
                boolean negative = p < bytes.length && bytes[p] == '-';
                if (negative) {
                    p++;
                }
                while (p < bytes.length && bytes[p] != LedgerDao.SEP) {
                    int d = bytes[p] - '0';
                    if (d < 0 || d > 9 || p - start > 19) {
                        return "a number holds '" + text(bytes, start, p + 1) + "'";
                    }
                    v = v * 10 + d;
                    p++;
                }
                if (p >= bytes.length || p == start) {
                    return "a field is missing";
                }
                p++;
                v = negative ? -v : v;
                switch (n) {
                    case 0 -> seq = v;
                    case 1 -> at = v;
                    case 2 -> orgSeq = v;
                    default -> mask = v;
                }
            }
            if (mask < 0 || mask > 127) {
                return "its NULL mask is " + mask;
            }
            // A row that does not end in four separated 64-character hashes (one of another
            // length, a separator inside one) takes the general path and is reported there.
            int t = bytes.length - TAIL;
            boolean tail =
                    t >= p
                            && bytes[t] == LedgerDao.SEP
                            && bytes[t + 65] == LedgerDao.SEP
                            && bytes[t + 130] == LedgerDao.SEP
                            && bytes[t + 195] == LedgerDao.SEP;
            int fields = tail ? PREV_HASH : FIELDS;
            int limit = tail ? t : bytes.length;
            for (int f = 0; f < fields; f++) {
                if (NULL_BIT[f] != 0 && (mask & NULL_BIT[f]) != 0) {
                    len[f] = -1;
                    continue;
                }
                if (p > limit) {
                    return "a required field is empty or a field is missing";
                }
                int sep = indexOfSep(bytes, p, limit);
                off[f] = p;
                len[f] = sep - p;
                p = sep + 1; // past the separator, or past the limit after the last field
            }
            if (p <= limit) {
                return "a field holds a control character the ledger never writes";
            }
            if (tail) {
                for (int f = PREV_HASH; f < FIELDS; f++) {
                    off[f] = t + 1 + (f - PREV_HASH) * 65;
                    len[f] = 64;
                }
                return null;
            }
            for (int f = PREV_HASH; f < FIELDS; f++) {
                if (len[f] != 64) {
                    return "a hash is not 64 characters long";
                }
            }
            return null;
        }

        /**
         * The first separator in b[from, to), or {@code to}. Eight bytes at a time: a byte of
         * {@code w ^ SEPS} is zero where a separator is, and the lowest such byte is the lowest set
         * high bit of {@code (x - ONES) & ~x & HIGHS}.
         */
        static int indexOfSep(byte[] b, int from, int to) {
            int p = from;
            while (p + 8 <= to) {
                long x = (long) LONGS.get(b, p) ^ SEPS;
                long zero = (x - ONES) & ~x & HIGHS;
                if (zero != 0) {
                    return p + (Long.numberOfTrailingZeros(zero) >>> 3);
                }
                p += 8;
            }
            while (p < to && b[p] != LedgerDao.SEP) {
                p++;
            }
            return p;
        }

        /**
         * Reads an entry from separate columns ({@link LedgerDao#scanSql} on PostgreSQL): seq, at
         * and org_seq, then the fields in their order, NULL for absent ones.
         */
        String read(java.sql.ResultSet rs) throws java.sql.SQLException {
            seq = rs.getLong(1);
            at = rs.getLong(2);
            orgSeq = rs.getLong(3);
            for (int f = 0; f < FIELDS; f++) {
                byte[] b = rs.getBytes(4 + f);
                src[f] = b;
                off[f] = 0;
                if (b == null) {
                    if (NULL_BIT[f] == 0) {
                        return "a required field is empty";
                    }
                    len[f] = -1;
                } else {
                    len[f] = b.length;
                }
            }
            for (int f = PREV_HASH; f < FIELDS; f++) {
                if (len[f] != 64) {
                    return "a hash is not 64 characters long";
                }
            }
            return null;
        }

        void str(Hashing.Encoder e, int field) {
            e.str(src[field], off[field], len[field]);
        }

        void opt(Hashing.Encoder e, int field) {
            if (len[field] < 0) {
                e.absent();
            } else {
                e.present(src[field], off[field], len[field]);
            }
        }

        boolean matches(int field, byte[] hex) {
            return equalsField(field, hex, 0, 64);
        }

        boolean equalsField(int field, byte[] other, int otherOff, int otherLen) {
            return len[field] == otherLen
                    && Arrays.equals(
                            src[field],
                            off[field],
                            off[field] + len[field],
                            other,
                            otherOff,
                            otherOff + otherLen);
        }

        private static String text(byte[] b, int from, int to) {
            return new String(b, from, Math.min(to, b.length) - from, StandardCharsets.UTF_8);
        }
    }
}
