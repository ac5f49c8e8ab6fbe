package org.entente.server.ledger;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The disclosure ledger: every object version disclosed to or received from another organisation,
 * and every change to an agreement, recorded in two hash chains (docs/ledger.md).
 *
 * <p>Appending joins the caller's transaction, so an entry exists exactly when what it records was
 * committed: an object received and its receipt commit or roll back together. The append takes the
 * ledger's one lock (the head row) until that transaction ends, so callers should append last, just
 * before they commit. A read that discloses appends with {@link #appendCommitted}: its entries
 * commit, with those of other reads made at the same moment, before what it read may leave.
 */
public final class Ledger {
    private final Database db;
    private final LedgerDao dao;
    private final LedgerLookups lookups;
    private final Clock clock;
    private final NodeIdentity node;
    private final int verifyThreads;
    private final long minRange;
    private final long maxRange;

    public Ledger(Database db) {
        this(db, Clock.systemUTC(), NodeIdentity.UNNAMED);
    }

    /**
     * @param clock for the time an export was made
     * @param node who exports say they come from
     */
    public Ledger(Database db, Clock clock, NodeIdentity node) {
        this(
                db,
                clock,
                node,
                Runtime.getRuntime().availableProcessors(),
                Verifier.MIN_RANGE,
                Verifier.MAX_RANGE);
    }

    /** For tests: verification in small ranges, to check the joins between them. */
    Ledger(
            Database db,
            Clock clock,
            NodeIdentity node,
            int verifyThreads,
            long minRange,
            long maxRange) {
        this.db = Objects.requireNonNull(db, "db");
        this.dao = new LedgerDao(db);
        this.lookups = new LedgerLookups(db);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
        this.verifyThreads = verifyThreads;
        this.minRange = minRange;
        this.maxRange = maxRange;
        this.group = new GroupCommit(this::commitAll);
    }

    /** Readers' appends made at the same moment, committed together. */
    private final GroupCommit group;

    /**
     * Where in {@code date_added} the versions a page's entries list were stored: the lowest and
     * highest {@code date_added} of their rows (any collection's), or a range that holds them all.
     * Kept beside each page entry so that the object page finds the entries that may list an object
     * without reading every listing (docs/adr/0027); no hash covers it.
     */
    public record Span(long from, long to) {
        /** The widest class: its reach is every span. */
        static final int WIDEST = 63;

        public Span {
            if (from > to) {
                throw new IllegalArgumentException("a span runs from " + from + " past " + to);
            }
        }

        /**
         * The span's width class (docs/adr/0030): the number of bits of {@code to - from}, so that
         * a span of class {@code c} covers a {@code date_added} only if it starts at most {@code
         * 2^c - 1} before it. A width past {@code Long.MAX_VALUE} is in the widest class.
         */
        int widthClass() {
            long width = to - from;
            return width < 0 ? WIDEST : Long.SIZE - Long.numberOfLeadingZeros(width);
        }
    }

    /**
     * Appends page entries ({@link LedgerEntry.Kind#lists}) and other entries like {@link
     * #append(List)}, and records {@code listed} as the span of every page entry among them.
     */
    public List<LedgerEntry> append(List<LedgerEntry.Draft> drafts, Span listed) {
        Objects.requireNonNull(listed, "listed");
        return write(drafts, i -> listed);
    }

    /**
     * Appends like {@link #append(List, Span)} in a transaction of its own, which it shares with
     * the appends other threads make at the same moment (one durable commit for all of them:
     * docs/adr/0033), and returns once that transaction is committed: what a reader was given may
     * then leave. Inside the caller's open transaction it joins that one instead, like {@link
     * #append(List, Span)}.
     *
     * @throws RuntimeException what writing them threw; none of {@code drafts} was committed
     */
    public List<LedgerEntry> appendCommitted(List<LedgerEntry.Draft> drafts, Span listed) {
        Objects.requireNonNull(drafts, "drafts");
        Objects.requireNonNull(listed, "listed");
        if (inTransaction()) {
            return append(drafts, listed);
        }
        return group.append(drafts, listed);
    }

    /**
     * Commits several callers' drafts as one append, each caller's in order and with its span;
     * returns each caller's entries. On PostgreSQL, from the head this ledger's last append left,
     * in one statement of its own while that is still the head ({@link #appendAtKnownHead}); else
     * in a transaction that locks the head first.
     */
    private List<List<LedgerEntry>> commitAll(List<GroupCommit.Pending> batch) {
        List<LedgerEntry.Draft> drafts = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        for (GroupCommit.Pending p : batch) {
            drafts.addAll(p.drafts);
            spans.addAll(Collections.nCopies(p.drafts.size(), p.span));
        }
        List<LedgerEntry> entries =
                dao.dialect() == Dialect.POSTGRESQL ? appendAtKnownHead(drafts, spans::get) : null;
        if (entries == null) {
            entries = db.inTransaction(() -> write(drafts, spans::get));
        }
        List<List<LedgerEntry>> each = new ArrayList<>(batch.size());
        int from = 0;
        for (GroupCommit.Pending p : batch) {
            each.add(List.copyOf(entries.subList(from, from + p.drafts.size())));
            from += p.drafts.size();
        }
        return each;
    }

    /** Appends committed from the known head in one statement (for tests). */
    private final AtomicLong atKnownHead = new AtomicLong();

    long appendsAtKnownHead() {
        return atKnownHead.get();
    }

    /**
     * PostgreSQL, outside any transaction: appends {@code drafts} from the head this ledger's last
     * append left, with the organisations' heads it left, in one statement committed on its own,
     * which moves the head and writes anything only if the head is still that one (docs/adr/0036).
     * Returns null, having written nothing, when some organisation's head is not known, the entries
     * are many enough for {@code COPY}, or another writer has moved the head since.
     */
    private List<LedgerEntry> appendAtKnownHead(
            List<LedgerEntry.Draft> drafts, IntFunction<Span> spanOf) {
        Known was = known;
        if (was == null || drafts.isEmpty() || drafts.size() >= LedgerDao.COPY_FROM) {
            return null;
        }
        Map<String, LedgerDao.Head> orgHeads = new HashMap<>();
        for (LedgerEntry.Draft d : drafts) {
            String org = Objects.requireNonNull(d, "drafts must not hold null").orgId();
            LedgerDao.Head h = was.orgs().get(org);
            if (h == null) {
                return null;
            }
            orgHeads.put(org, h);
        }
        Chain c = chain(drafts, was.head(), orgHeads, spanOf);
        if (!dao.storeFrom(was.head(), c.entries(), c.after(), orgHeads, c.spans())) {
            return null;
        }
        atKnownHead.incrementAndGet();
        remember(was.orgs(), c.after(), orgHeads);
        return c.entries();
    }

    private boolean inTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.hasResource(db.dataSource());
    }

    /**
     * Appends entries in the given order, inside the caller's open transaction ({@link
     * Database#inTransaction}), and returns them with their positions and hashes. One batch
     * statement whatever the number of drafts.
     *
     * @throws IllegalStateException when no transaction of this database is open
     * @throws IllegalArgumentException for a page entry: those are appended with their span ({@link
     *     #append(List, Span)}), or the object page would never read their listings
     */
    public List<LedgerEntry> append(List<LedgerEntry.Draft> drafts) {
        Objects.requireNonNull(drafts, "drafts");
        for (LedgerEntry.Draft d : drafts) {
            if (d != null && d.kind().lists()) {
                throw new IllegalArgumentException(
                        d.kind() + " entries are appended with the span of what they list");
            }
        }
        return write(drafts, i -> null);
    }

    /**
     * The organisations' heads as this ledger left them with its last append, and the global head
     * that append left: while the global head is still that one, nothing was appended since, by
     * this node or any other writer, so they are still the heads (an append moves the global head,
     * and its hash covers every entry). A rolled-back append leaves the global head where it was,
     * never where the known heads say. Saves the read of the heads of a partner read again and
     * again (docs/adr/0034).
     */
    private record Known(LedgerDao.Head head, Map<String, LedgerDao.Head> orgs) {}

    /** Organisations whose heads are kept known at most; past it only the last append's. */
    private static final int KNOWN_ORGS = 4096;

    private volatile Known known;

    /**
     * Appends {@code drafts}, recording {@code spanOf.apply(i)} as the span of the {@code i}-th if
     * it is a page entry.
     */
    private List<LedgerEntry> write(List<LedgerEntry.Draft> drafts, IntFunction<Span> spanOf) {
        Objects.requireNonNull(drafts, "drafts");
        if (!inTransaction()) {
            throw new IllegalStateException(
                    "Ledger.append must run inside the caller's transaction"
                            + " (Database.inTransaction), so that entries commit with what they"
                            + " record");
        }
        if (drafts.isEmpty()) {
            return List.of();
        }
        LedgerDao.Head head = dao.lockHead();
        Set<String> orgIds = new LinkedHashSet<>();
        for (LedgerEntry.Draft d : drafts) {
            orgIds.add(Objects.requireNonNull(d, "drafts must not hold null").orgId());
        }
        Known was = known;
        Map<String, LedgerDao.Head> stillKnown =
                was != null && was.head().equals(head) ? was.orgs() : Map.of();
        Map<String, LedgerDao.Head> orgHeads = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String org : orgIds) {
            LedgerDao.Head h = stillKnown.get(org);
            if (h != null) {
                orgHeads.put(org, h);
            } else {
                unknown.add(org);
            }
        }
        if (!unknown.isEmpty()) {
            orgHeads.putAll(dao.orgHeads(unknown));
        }
        Chain c = chain(drafts, head, orgHeads, spanOf);
        dao.store(c.entries(), c.after(), orgHeads, c.spans());
        remember(stillKnown, c.after(), orgHeads);
        return c.entries();
    }

    /** An append's entries chained from a head, the head after them and their spans. */
    private record Chain(
            List<LedgerEntry> entries, LedgerDao.Head after, List<LedgerDao.SpanRow> spans) {}

    /**
     * Chains {@code drafts} from {@code head} and from each organisation's head in {@code orgHeads}
     * (absent: its first entry), which it moves to each organisation's last entry.
     */
    private static Chain chain(
            List<LedgerEntry.Draft> drafts,
            LedgerDao.Head head,
            Map<String, LedgerDao.Head> orgHeads,
            IntFunction<Span> spanOf) {
        Hashing.Encoder encoder = new Hashing.Encoder();
        List<LedgerEntry> entries = new ArrayList<>(drafts.size());
        long seq = head.seq();
        String prev = head.hash();
        for (LedgerEntry.Draft d : drafts) {
            LedgerDao.Head org = orgHeads.getOrDefault(d.orgId(), LedgerDao.Head.EMPTY);
            long orgSeq = org.seq() + 1;
            String orgHash = encoder.orgHash(d, orgSeq, org.hash());
            seq++;
            String hash = encoder.hash(seq, prev, orgHash);
            entries.add(new LedgerEntry(d, seq, prev, hash, orgSeq, org.hash(), orgHash));
            orgHeads.put(d.orgId(), new LedgerDao.Head(orgSeq, orgHash));
            prev = hash;
        }
        List<LedgerDao.SpanRow> spans = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry e = entries.get(i);
            if (e.kind().lists()) {
                spans.add(
                        new LedgerDao.SpanRow(
                                e.seq(), Objects.requireNonNull(spanOf.apply(i), "span")));
            }
        }
        return new Chain(entries, new LedgerDao.Head(seq, prev), spans);
    }

    /** Keeps the heads an append left: {@code moved} over those still known from before. */
    private void remember(
            Map<String, LedgerDao.Head> stillKnown,
            LedgerDao.Head after,
            Map<String, LedgerDao.Head> moved) {
        Map<String, LedgerDao.Head> nowKnown =
                stillKnown.size() + moved.size() > KNOWN_ORGS
                        ? new HashMap<>()
                        : new HashMap<>(stillKnown);
        nowKnown.putAll(moved);
        known = new Known(after, Map.copyOf(nowKnown));
    }

    /**
     * Checks the whole ledger: every entry's hashes, the global chain without gaps, every
     * organisation's chain, and that the heads match the last entries (so that entries removed at
     * the end are found too). Reads in parallel on as many connections as there are processors.
     */
    public VerifyResult verify() {
        return new Verifier(dao, verifyThreads, minRange, maxRange).global();
    }

    /** Checks one organisation's chain and head, as its partner would check an export. */
    public VerifyResult verify(String orgId) {
        Objects.requireNonNull(orgId, "orgId");
        return new Verifier(dao, verifyThreads, minRange, maxRange).org(orgId);
    }

    /**
     * The newest entries recorded from {@code sinceMicros} on that name one object, at most {@code
     * limit}: its receipts and disclosures (also those listed in page entries), newest first. The
     * ledger does not record collections: an id held in two collections is one here.
     */
    public List<LedgerEntry> naming(String objectId, long sinceMicros, int limit) {
        Objects.requireNonNull(objectId, "objectId");
        return lookups.naming(objectId, sinceMicros, limit);
    }

    /**
     * An organisation's chain as its head records it.
     *
     * @param entries the head's org_seq: how many entries the chain holds if it is intact
     * @param hash the head's hash
     * @param lastAtMicros when the head's entry was recorded; empty if that entry is missing (which
     *     verification reports)
     */
    public record OrgHead(long entries, String hash, OptionalLong lastAtMicros) {
        public OrgHead {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(lastAtMicros, "lastAtMicros");
            if (entries < 0) {
                throw new IllegalArgumentException("entries must not be negative, not " + entries);
            }
        }
    }

    /**
     * The global chain as its head records it.
     *
     * @param seq the head's position: how many entries the ledger holds if it is intact (0 when
     *     empty)
     * @param hash the head's hash
     * @param lastAtMicros when the head's entry was recorded; empty for an empty ledger, or when
     *     that entry is missing (which verification reports)
     */
    public record Head(long seq, String hash, OptionalLong lastAtMicros) {
        public Head {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(lastAtMicros, "lastAtMicros");
            if (seq < 0) {
                throw new IllegalArgumentException("seq must not be negative, not " + seq);
            }
        }
    }

    /**
     * The global head and the time of its entry: two rows read by primary key, whatever the
     * ledger's size (the dashboard asks it on every view).
     */
    public Head head() {
        return lookups.head();
    }

    /**
     * Where the global chain stands: its head's position and hash. Every append moves it, so two
     * equal positions mean nothing was appended in between. One row by primary key, no entry read:
     * it does not wait on a reader or writer of the entries.
     */
    public record Position(long seq, String hash) {
        public Position {
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** The global chain's {@link Position}, from its head row alone. */
    public Position position() {
        return lookups.position();
    }

    /** Every organisation's head, by organisation id: what the console shows of each chain. */
    public Map<String, OrgHead> orgHeads() {
        return lookups.orgHeads();
    }

    /** The entry at a position of the global chain. */
    public Optional<LedgerEntry> entry(long seq) {
        return lookups.entry(seq);
    }

    /**
     * What an export of {@code orgId}'s entries from {@code fromMicros} (inclusive) to {@code
     * toMicros} (exclusive) holds. An export is the contiguous run of the organisation's chain from
     * its first to its last entry in that period, so it may include a few entries recorded just
     * outside it by transactions that committed in a different order than their clocks.
     */
    public LedgerExport.Plan planExport(
            String orgId, OptionalLong fromMicros, OptionalLong toMicros) {
        return LedgerExport.plan(dao, node, clock, orgId, fromMicros, toMicros);
    }

    /** Writes an export planned with {@link #planExport} as JSON lines (docs/ledger.md). */
    public void export(LedgerExport.Plan plan, OutputStream out) {
        LedgerExport.write(dao, plan, out);
    }

    /**
     * Writes {@code orgId}'s entries in a period as JSON lines for a bilateral review: a header,
     * then one line per entry with both chains' fields. See {@link #planExport}.
     */
    public void export(
            String orgId, OptionalLong fromMicros, OptionalLong toMicros, OutputStream out) {
        export(planExport(orgId, fromMicros, toMicros), out);
    }

    /**
     * Checks an export on its own, as the partner does: no database needed (also {@link
     * LedgerExport#verify}).
     */
    public VerifyResult verifyExport(InputStream in) {
        return LedgerExport.verify(in);
    }

    /**
     * The exchange report: per organisation, area of cooperation and calendar quarter (UTC), the
     * object versions sent and received, in total, by TLP and by STIX type.
     */
    public List<ExchangeRow> report(
            Optional<String> orgId, OptionalLong fromMicros, OptionalLong toMicros) {
        return ExchangeReport.run(dao, orgId, fromMicros, toMicros, true);
    }

    /**
     * The exchange report's totals over a period, every organisation: {@link #report}'s rows with
     * empty {@code byTlp} and {@code byType}, at a third of its work; what each part of {@link
     * #reportTotals(long, long, long)} gives.
     */
    public List<ExchangeRow> reportTotals(OptionalLong fromMicros, OptionalLong toMicros) {
        return ExchangeReport.run(dao, Optional.empty(), fromMicros, toMicros, false);
    }

    /**
     * {@link #reportTotals} over {@code [fromMicros, toMicros)} and over its recent part, {@code
     * [recentFromMicros, toMicros)}, from one read of the period: the dashboard's flows over 90
     * days and their last 30 (ADR 0028).
     */
    public RecentTotals reportTotals(long fromMicros, long recentFromMicros, long toMicros) {
        if (recentFromMicros < fromMicros || recentFromMicros > toMicros) {
            throw new IllegalArgumentException("the recent part is not within the period");
        }
        return ExchangeReport.recentTotals(dao, fromMicros, recentFromMicros, toMicros);
    }

    /**
     * A period's totals and its recent part's, each as {@link #reportTotals(OptionalLong,
     * OptionalLong)} gives them over its own days.
     */
    public record RecentTotals(List<ExchangeRow> period, List<ExchangeRow> recent) {
        public RecentTotals {
            period = List.copyOf(period);
            recent = List.copyOf(recent);
        }
    }
}
