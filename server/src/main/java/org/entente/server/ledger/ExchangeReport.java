package org.entente.server.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.entente.stix.Tlp;

/**
 * The exchange report: disclosures and receipts counted per organisation, area and calendar
 * quarter, in total, by TLP and by type.
 *
 * <p>Receipts are counted by the databases (three GROUP BY queries over the period's index range,
 * one per breakdown, because distinct object versions do not add up across groups); disclosures in
 * Java, because page entries list their versions in {@code detail}. Quarters are cut in Java and
 * handed to the query as a CASE over their boundaries, which is the same SQL on both databases
 * where date functions are not.
 */
final class ExchangeReport {
    private record Key(String org, String area, int quarter) {}

    private static final class Builder {
        ExchangeRow.Flow total = ExchangeRow.Flow.NONE;
        final Map<String, ExchangeRow.Flow> byTlp = new HashMap<>();
        final Map<String, ExchangeRow.Flow> byType = new TreeMap<>();
    }

    private enum Breakdown {
        TOTAL(null),
        TLP("tlp"),
        TYPE("object_type");

        final String column;

        Breakdown(String column) {
            this.column = column;
        }
    }

    private ExchangeReport() {}

    static List<ExchangeRow> run(
            LedgerDao dao, Optional<String> orgId, OptionalLong fromMicros, OptionalLong toMicros) {
        Map<String, Object> params = new HashMap<>();
        params.put("from", fromMicros.orElse(Long.MIN_VALUE));
        params.put("to", toMicros.orElse(Long.MAX_VALUE));
        orgId.ifPresent(o -> params.put("org", o));
        String period =
                "at >= :from AND at < :to" + (orgId.isPresent() ? " AND org_id = :org" : "");
        String where = "kind IN ('DISCLOSED', 'DISCLOSED_PAGE', 'RECEIVED') AND " + period;
        long[] bounds =
                dao.database()
                        .jdbc()
                        .sql("SELECT MIN(at), MAX(at), COUNT(*) FROM ledger_entries WHERE " + where)
                        .params(params)
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                        .single();
        if (bounds[2] == 0) {
            return List.of();
        }
        List<LocalDate> quarters = quarters(bounds[0], bounds[1]);
        StringBuilder quarterOf = new StringBuilder(quarters.size() == 1 ? "0" : "CASE");
        for (int q = 1; q < quarters.size(); q++) {
            quarterOf.append(" WHEN at < :q").append(q).append(" THEN ").append(q - 1);
            params.put("q" + q, micros(quarters.get(q)));
        }
        if (quarters.size() > 1) {
            quarterOf.append(" ELSE ").append(quarters.size() - 1).append(" END");
        }

        Map<Key, Builder> rows = new HashMap<>();
        for (Breakdown b : Breakdown.values()) {
            String column = b.column == null ? "" : ", " + b.column;
            String sql =
                    """
                    SELECT org_id, area, q, kind%1$s, COUNT(*) AS entries,
                           COUNT(DISTINCT object_id || ' ' || object_version) AS objects
                      FROM (SELECT org_id, area, kind, object_id, object_version%1$s,
                                   %2$s AS q
                              FROM ledger_entries
                             WHERE kind = 'RECEIVED' AND %3$s) e
                     GROUP BY org_id, area, q, kind%1$s
                    """
                            .formatted(column, quarterOf, period);
            dao.database()
                    .jdbc()
                    .sql(sql)
                    .params(params)
                    .query(
                            rs -> {
                                Key key =
                                        new Key(
                                                rs.getString("org_id"),
                                                rs.getString("area"),
                                                rs.getInt("q"));
                                Builder builder = rows.computeIfAbsent(key, k -> new Builder());
                                long entries = rs.getLong("entries");
                                long objects = rs.getLong("objects");
                                ExchangeRow.Flow flow =
                                        new ExchangeRow.Flow(0, 0, objects, entries);
                                switch (b) {
                                    case TOTAL -> builder.total = builder.total.plus(flow);
                                    case TLP ->
                                            builder.byTlp.merge(
                                                    tlpLabel(rs.getString("tlp")),
                                                    flow,
                                                    ExchangeRow.Flow::plus);
                                    case TYPE ->
                                            builder.byType.merge(
                                                    rs.getString("object_type"),
                                                    flow,
                                                    ExchangeRow.Flow::plus);
                                }
                            });
        }
        disclosures(dao, period, params, quarters, rows);
        List<ExchangeRow> report = new ArrayList<>();
        rows.entrySet().stream()
                .sorted(
                        Map.Entry.comparingByKey(
                                Comparator.comparing(Key::org)
                                        .thenComparing(
                                                Key::area,
                                                Comparator.nullsFirst(Comparator.naturalOrder()))
                                        .thenComparingInt(Key::quarter)))
                .forEach(
                        e ->
                                report.add(
                                        new ExchangeRow(
                                                e.getKey().org(),
                                                Optional.ofNullable(e.getKey().area()),
                                                label(quarters.get(e.getKey().quarter())),
                                                e.getValue().total,
                                                inTlpOrder(e.getValue().byTlp),
                                                e.getValue().byType)));
        return report;
    }

    /** Distinct versions and how often they went, for one group of the report. */
    private static final class Tally {
        final Set<String> versions = new HashSet<>();
        long disclosures;

        void add(String objectId, String version) {
            versions.add(objectId + ' ' + version);
            disclosures++;
        }

        ExchangeRow.Flow flow() {
            return new ExchangeRow.Flow(versions.size(), disclosures, 0, 0);
        }
    }

    private static final class Tallies {
        final Tally total = new Tally();
        final Map<String, Tally> byTlp = new HashMap<>();
        final Map<String, Tally> byType = new HashMap<>();
    }

    /**
     * The sent side, counted in Java: a page entry ({@code DISCLOSED_PAGE}) lists its versions in
     * {@code detail}, which no portable SQL unpacks, and a version counts once whether an old
     * per-version entry or a page entry recorded it. Each listed version counts as one disclosure,
     * as its own entry did before page entries, so the figures keep their meaning across the
     * change.
     */
    private static void disclosures(
            LedgerDao dao,
            String period,
            Map<String, Object> params,
            List<LocalDate> quarters,
            Map<Key, Builder> rows) {
        Map<LocalDate, Integer> quarterIndex = new HashMap<>();
        for (int q = 0; q < quarters.size(); q++) {
            quarterIndex.put(quarters.get(q), q);
        }
        Map<Key, Tallies> tallies = new HashMap<>();
        dao.database()
                .jdbc()
                .sql(
                        "SELECT org_id, area, at, kind, object_id, object_version, object_type,"
                                + " tlp, detail FROM ledger_entries"
                                + " WHERE kind IN ('DISCLOSED', 'DISCLOSED_PAGE') AND "
                                + period)
                .params(params)
                .query(
                        (java.sql.ResultSet rs) -> {
                            Key key =
                                    new Key(
                                            rs.getString("org_id"),
                                            rs.getString("area"),
                                            quarterIndex.get(quarterStart(rs.getLong("at"))));
                            Tallies t = tallies.computeIfAbsent(key, k -> new Tallies());
                            if ("DISCLOSED_PAGE".equals(rs.getString("kind"))) {
                                for (DisclosedVersion v :
                                        PageListing.read(rs.getString("detail"))) {
                                    count(t, v.objectId(), v.version(), v.tlp().name(), v.type());
                                }
                            } else {
                                count(
                                        t,
                                        rs.getString("object_id"),
                                        rs.getString("object_version"),
                                        rs.getString("tlp"),
                                        rs.getString("object_type"));
                            }
                        });
        tallies.forEach(
                (key, t) -> {
                    Builder b = rows.computeIfAbsent(key, k -> new Builder());
                    b.total = b.total.plus(t.total.flow());
                    t.byTlp.forEach(
                            (tlp, tally) ->
                                    b.byTlp.merge(tlp, tally.flow(), ExchangeRow.Flow::plus));
                    t.byType.forEach(
                            (type, tally) ->
                                    b.byType.merge(type, tally.flow(), ExchangeRow.Flow::plus));
                });
    }

    private static void count(Tallies t, String objectId, String version, String tlp, String type) {
        t.total.add(objectId, version);
        t.byTlp.computeIfAbsent(tlpLabel(tlp), k -> new Tally()).add(objectId, version);
        t.byType.computeIfAbsent(type, k -> new Tally()).add(objectId, version);
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

    private static long micros(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
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
