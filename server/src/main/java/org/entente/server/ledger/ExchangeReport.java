package org.entente.server.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.entente.stix.Tlp;

/**
 * The exchange report: disclosures and receipts counted per organisation, area and calendar
 * quarter, in total, by TLP and by type.
 *
 * <p>Both sides are counted in Java over the period's entries, read one organisation at a time
 * (through the index on {@code (org_id, at)}): page entries ({@code DISCLOSED_PAGE}, {@code
 * RECEIVED_PAGE}) list their versions in {@code detail}, which no portable SQL unpacks, and
 * distinct object versions do not add up across groups, so each group holds its own set of
 * versions.
 */
final class ExchangeReport {
    private record Key(String org, String area, int quarter) {}

    private static final class Builder {
        ExchangeRow.Flow total = ExchangeRow.Flow.NONE;
        ExchangeRow.Flow recent = ExchangeRow.Flow.NONE;
        boolean recentEntries;
        final Map<String, ExchangeRow.Flow> byTlp = new HashMap<>();
        final Map<String, ExchangeRow.Flow> byType = new TreeMap<>();
    }

    private ExchangeReport() {}

    /** The kinds of entry the report counts: disclosures and receipts, per version or per page. */
    private static final String COUNTED =
            "kind IN ('DISCLOSED', 'DISCLOSED_PAGE', 'RECEIVED', 'RECEIVED_PAGE')";

    /**
     * The report; with {@code breakdowns} false, the totals only (no set of versions kept per TLP
     * and type, a third of the work and memory): {@code byTlp} and {@code byType} are then empty.
     */
    static List<ExchangeRow> run(
            LedgerDao dao,
            Optional<String> orgId,
            OptionalLong fromMicros,
            OptionalLong toMicros,
            boolean breakdowns) {
        return withMemory(dao, orgId, fromMicros, toMicros, breakdowns, OptionalLong.empty())
                .rows();
    }

    /**
     * A report and, for the entries from {@code recentFromMicros} on, the report those alone would
     * give, both from one read of the period; the totals only. The dashboard's flows over 90 days
     * and their last 30 read each listing once where two reports read the last 30 days' twice.
     */
    static Ledger.RecentTotals recentTotals(
            LedgerDao dao, long fromMicros, long recentFromMicros, long toMicros) {
        Counted c =
                withMemory(
                        dao,
                        Optional.empty(),
                        OptionalLong.of(fromMicros),
                        OptionalLong.of(toMicros),
                        false,
                        OptionalLong.of(recentFromMicros));
        return new Ledger.RecentTotals(c.rows(), c.recentRows());
    }

    /**
     * A report, its recent part's report ({@link #recentTotals}; empty when not asked), the most
     * object versions its sets held at once (what its memory grows with) and how many entries it
     * read.
     */
    record Counted(
            List<ExchangeRow> rows,
            List<ExchangeRow> recentRows,
            long mostVersionsHeld,
            long entriesRead) {}

    static Counted withMemory(
            LedgerDao dao,
            Optional<String> orgId,
            OptionalLong fromMicros,
            OptionalLong toMicros,
            boolean breakdowns,
            OptionalLong recentFromMicros) {
        if (breakdowns && recentFromMicros.isPresent()) {
            throw new IllegalArgumentException("a recent part is counted in totals only");
        }
        Map<String, Object> params = new HashMap<>();
        params.put("from", fromMicros.orElse(Long.MIN_VALUE));
        params.put("to", toMicros.orElse(Long.MAX_VALUE));
        orgId.ifPresent(o -> params.put("org", o));
        String period =
                "at >= :from AND at < :to" + (orgId.isPresent() ? " AND org_id = :org" : "");
        String where = COUNTED + " AND " + period;
        long[] bounds =
                dao.database()
                        .jdbc()
                        .sql("SELECT MIN(at), MAX(at), COUNT(*) FROM ledger_entries WHERE " + where)
                        .params(params)
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                        .single();
        if (bounds[2] == 0) {
            return new Counted(List.of(), List.of(), 0, 0);
        }
        List<LocalDate> quarters = quarters(bounds[0], bounds[1]);
        Map<Key, Builder> rows = new HashMap<>();
        // read within the entries just bounded: one appended meanwhile, in a quarter not yet
        // counted (the report takes seconds), would have no quarter to go in
        long[] read = {0};
        long held =
                tally(
                        dao,
                        bounds[0],
                        bounds[1] + 1,
                        recentFromMicros.orElse(Long.MAX_VALUE),
                        orgId,
                        quarters,
                        breakdowns,
                        rows,
                        read);
        List<ExchangeRow> report = new ArrayList<>();
        List<ExchangeRow> recent = new ArrayList<>();
        rows.entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                Comparator.comparing(Key::org)
                                        .thenComparing(
                                                Key::area,
                                                Comparator.nullsFirst(Comparator.naturalOrder()))
                                        .thenComparingInt(Key::quarter)))
                .forEach(
                        e -> {
                            Key k = e.getKey();
                            Builder b = e.getValue();
                            Optional<String> area = Optional.ofNullable(k.area());
                            String quarter = label(quarters.get(k.quarter()));
                            report.add(
                                    new ExchangeRow(
                                            k.org(),
                                            area,
                                            quarter,
                                            b.total,
                                            inTlpOrder(b.byTlp),
                                            b.byType));
                            if (b.recentEntries) {
                                recent.add(
                                        new ExchangeRow(
                                                k.org(), area, quarter, b.recent, Map.of(),
                                                Map.of()));
                            }
                        });
        return new Counted(report, recent, held, read[0]);
    }

    /**
     * Distinct versions and how often they went, for one group of the report. Only the group's
     * total keeps a set. A type's tally counts by the total's answer: a version's type is its id's,
     * so the type's distinct versions are those the total counted as new. A TLP's tally counts by
     * the mark the total's set keeps for it on each version (a version may have gone under more
     * than one TLP); past {@link VersionSet#MARKS} TLPs in a report, which only an altered ledger
     * holds, a TLP keeps a set of its own.
     */
    private static final class Tally {
        private final VersionSet versions;
        long distinct;
        long times;

        private Tally(VersionSet versions) {
            this.versions = versions;
        }

        static Tally ofSet() {
            return new Tally(new VersionSet());
        }

        static Tally counted() {
            return new Tally(null);
        }

        /** Counts a version in this tally's own set (a TLP past the marks). */
        void add(VersionSet.Key version) {
            count(versions.add(version));
        }

        /** Counts a version found new or not by another tally's set. */
        void count(boolean isNew) {
            times++;
            if (isNew) {
                distinct++;
            }
        }

        long held() {
            return versions == null ? 0 : versions.size();
        }

        ExchangeRow.Flow flow(boolean sent) {
            return sent
                    ? new ExchangeRow.Flow(distinct, times, 0, 0)
                    : new ExchangeRow.Flow(0, 0, distinct, times);
        }
    }

    private static final class Tallies {
        final Tally total = Tally.ofSet();

        /** The versions from the recent part on: counted by the total's set's mark 0. */
        final Tally recent = Tally.counted();

        boolean recentEntries;
        final Map<String, Tally> byTlp = new HashMap<>();
        final Map<String, Tally> byType = new HashMap<>();
    }

    /** The mark of each TLP label in the report's sets, in the order the labels came. */
    private static final class Marks {
        private final Map<String, Integer> marks = new HashMap<>();

        /** The label's mark; -1 once every mark is taken. */
        int of(String label) {
            Integer mark = marks.get(label);
            if (mark == null) {
                if (marks.size() == VersionSet.MARKS) {
                    return -1;
                }
                mark = marks.size();
                marks.put(label, mark);
            }
            return mark;
        }
    }

    /** A group of the report and its direction: what went to an organisation, or came from it. */
    private record Side(Key key, boolean sent) {}

    /**
     * Both sides, counted in Java: a version counts once per group whether a per-version entry of
     * an earlier release ({@code DISCLOSED}, {@code RECEIVED}) or a page entry recorded it, and
     * each listed version counts as one disclosure or receipt, as its own entry did before page
     * entries, so the figures keep their meaning across the change.
     *
     * <p>One organisation at a time, its entries in the order of {@code at} (the index on {@code
     * (org_id, at)} gives them so), and each quarter's sets counted and dropped as the read passes
     * its end: the report holds the versions of one organisation's quarter, not of every group at
     * once. Returns the most versions its sets held; {@code read[0]} counts the entries read.
     *
     * <p>Entries from {@code recentFrom} on are also counted apart, in totals only: their versions
     * take the total's set's mark 0, and those new to it are the recent part's distinct versions.
     */
    private static long tally(
            LedgerDao dao,
            long from,
            long to,
            long recentFrom,
            Optional<String> orgId,
            List<LocalDate> quarters,
            boolean breakdowns,
            Map<Key, Builder> rows,
            long[] read) {
        Map<LocalDate, Integer> quarterIndex = new HashMap<>();
        for (int q = 0; q < quarters.size(); q++) {
            quarterIndex.put(quarters.get(q), q);
        }
        // the organisations the period names, from the index on (org_id, at) alone: a filter on
        // the kind would read every entry's row
        List<String> orgs =
                orgId.isPresent()
                        ? List.of(orgId.get())
                        : dao.database()
                                .jdbc()
                                .sql(
                                        "SELECT DISTINCT org_id FROM ledger_entries"
                                                + " WHERE at >= :from AND at < :to"
                                                + " AND org_id IS NOT NULL")
                                .param("from", from)
                                .param("to", to)
                                .query(String.class)
                                .list();
        VersionSet.Packer packer = new VersionSet.Packer();
        Marks marks = new Marks();
        Pending pending = new Pending();
        long[] most = {0};
        for (String org : orgs) {
            Map<Side, Tallies> tallies = new HashMap<>();
            int[] quarter = {-1};
            // streamed: on PostgreSQL a plain query loads every listing of the period at once
            dao.scan(
                    "SELECT seq, area, at, kind, object_id, object_version, object_type, tlp,"
                            + " detail, listing"
                            + " FROM ledger_entries WHERE org_id = ? AND at >= ? AND at < ?"
                            + " AND "
                            + COUNTED
                            + " ORDER BY at",
                    List.of(org, from, to),
                    rs -> {
                        read[0]++;
                        long at = rs.getLong("at");
                        boolean recent = at >= recentFrom;
                        int q = quarterIndex.get(quarterStart(at));
                        if (q != quarter[0]) {
                            most[0] = Math.max(most[0], close(tallies, rows));
                            quarter[0] = q;
                        }
                        LedgerEntry.Kind kind = LedgerEntry.Kind.valueOf(rs.getString("kind"));
                        Key key = new Key(org, rs.getString("area"), q);
                        boolean sent =
                                kind == LedgerEntry.Kind.DISCLOSED
                                        || kind == LedgerEntry.Kind.DISCLOSED_PAGE;
                        Tallies t =
                                tallies.computeIfAbsent(new Side(key, sent), k -> new Tallies());
                        t.recentEntries |= recent;
                        pending.start(t, breakdowns ? marks : null, recent);
                        if (kind.lists()) {
                            PageListing.listed(
                                    rs, v -> pending.add(packer.pack(v), v.tlp.label(), v.type));
                            pending.flush();
                        } else {
                            pending.one(
                                    packer.pack(
                                            rs.getString("object_id"),
                                            rs.getString("object_version")),
                                    tlpLabel(rs.getString("tlp")),
                                    rs.getString("object_type"));
                        }
                        return true;
                    });
            most[0] = Math.max(most[0], close(tallies, rows));
        }
        return most[0];
    }

    /**
     * Adds the groups counted so far to the report's rows and forgets their sets; how many versions
     * those sets held.
     */
    private static long close(Map<Side, Tallies> tallies, Map<Key, Builder> rows) {
        long held = 0;
        for (Map.Entry<Side, Tallies> e : tallies.entrySet()) {
            Side side = e.getKey();
            Tallies t = e.getValue();
            Builder b = rows.computeIfAbsent(side.key(), k -> new Builder());
            b.total = b.total.plus(t.total.flow(side.sent()));
            if (t.recentEntries) {
                b.recentEntries = true;
                b.recent = b.recent.plus(t.recent.flow(side.sent()));
            }
            t.byTlp.forEach(
                    (tlp, tally) ->
                            b.byTlp.merge(tlp, tally.flow(side.sent()), ExchangeRow.Flow::plus));
            t.byType.forEach(
                    (type, tally) ->
                            b.byType.merge(type, tally.flow(side.sent()), ExchangeRow.Flow::plus));
            held += t.total.held();
            for (Tally tlp : t.byTlp.values()) {
                held += tlp.held();
            }
        }
        tallies.clear();
        return held;
    }

    /**
     * The versions of one entry waiting to be counted in its group, a batch at a time ({@link
     * VersionSet#addAll}). With {@code marks} null, they count in the total only, and in the recent
     * part too if {@code recent}.
     */
    private static final class Pending {
        private final VersionSet.Batch batch = new VersionSet.Batch();
        private final String[] tlps = new String[VersionSet.Batch.SIZE];
        private final String[] types = new String[VersionSet.Batch.SIZE];
        private Tallies t;
        private Marks marks;
        private boolean recent;

        void start(Tallies t, Marks marks, boolean recent) {
            this.t = t;
            this.marks = marks;
            this.recent = recent;
        }

        /** Counts an entry's one version at once: a batch of one would only cost more. */
        void one(VersionSet.Key version, String tlpLabel, String type) {
            int mark = mark(tlpLabel);
            count(t.total.versions.add(version, mark), mark, tlpLabel, type, version);
        }

        /** Adds a version of a listing to the batch, counted when it is full or flushed. */
        void add(VersionSet.Key version, String tlpLabel, String type) {
            int mark = mark(tlpLabel);
            int i = batch.put(version, mark);
            tlps[i] = tlpLabel;
            types[i] = type;
            if (batch.full()) {
                flush();
            }
        }

        void flush() {
            int n = batch.size();
            t.total.versions.addAll(batch);
            for (int i = 0; i < n; i++) {
                int mark = batch.mark(i);
                count(
                        batch.added[i],
                        mark,
                        tlps[i],
                        types[i],
                        marks != null && mark < 0 ? batch.key(i) : null);
            }
            batch.clear();
            Arrays.fill(tlps, 0, n, null);
            Arrays.fill(types, 0, n, null);
        }

        private int mark(String tlpLabel) {
            return marks != null ? marks.of(tlpLabel) : recent ? 0 : -1;
        }

        /**
         * Counts a version the group's set answered {@code added} for; {@code version} is needed
         * only past the marks, where its TLP keeps a set of its own.
         */
        private void count(
                int added, int mark, String tlpLabel, String type, VersionSet.Key version) {
            boolean isNew = (added & VersionSet.NEW) != 0;
            t.total.count(isNew);
            if (marks == null) {
                if (recent) {
                    t.recent.count((added & VersionSet.NEW_MARK) != 0);
                }
                return;
            }
            if (mark >= 0) {
                t.byTlp
                        .computeIfAbsent(tlpLabel, k -> Tally.counted())
                        .count((added & VersionSet.NEW_MARK) != 0);
            } else {
                t.byTlp.computeIfAbsent(tlpLabel, k -> Tally.ofSet()).add(version);
            }
            t.byType.computeIfAbsent(type, k -> Tally.counted()).count(isNew);
        }
    }

    /**
     * The first day of each quarter from the one holding {@code from} to the one holding {@code
     * to}.
     */
    static List<LocalDate> quarters(long fromMicros, long toMicros) {
        List<LocalDate> starts = new ArrayList<>();
        LocalDate q = quarterStart(fromMicros);
        LocalDate last = quarterStart(toMicros);
        while (!q.isAfter(last)) {
            starts.add(q);
            q = q.plusMonths(3);
        }
        return starts;
    }

    private static LocalDate quarterStart(long micros) {
        LocalDate d =
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L))
                        .atZone(ZoneOffset.UTC)
                        .toLocalDate();
        return LocalDate.of(d.getYear(), ((d.getMonthValue() - 1) / 3) * 3 + 1, 1);
    }

    static String label(LocalDate quarterStart) {
        return quarterStart.getYear() + "-Q" + ((quarterStart.getMonthValue() - 1) / 3 + 1);
    }

    static final String NO_TLP = "none";

    private static String tlpLabel(String stored) {
        if (stored == null) {
            return NO_TLP;
        }
        try {
            return Tlp.valueOf(stored).label();
        } catch (IllegalArgumentException e) {
            return stored; // not a value the ledger writes; shown as it is (verify will object)
        }
    }

    private static Map<String, ExchangeRow.Flow> inTlpOrder(Map<String, ExchangeRow.Flow> byTlp) {
        Map<String, ExchangeRow.Flow> ordered = new LinkedHashMap<>();
        for (Tlp tlp : Tlp.values()) {
            ExchangeRow.Flow f = byTlp.get(tlp.label());
            if (f != null) {
                ordered.put(tlp.label(), f);
            }
        }
        byTlp.entrySet().stream()
                .filter(e -> !ordered.containsKey(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }
}
