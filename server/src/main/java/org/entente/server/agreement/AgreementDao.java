package org.entente.server.agreement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.entente.server.collection.Area;
import org.entente.server.db.Database;
import org.entente.server.store.Condition;
import org.entente.stix.Tlp;

/** Agreements with their parties, areas and history. */
public final class AgreementDao {
    private final Database db;

    public AgreementDao(Database db) {
        this.db = db;
    }

    public Optional<Agreement> byId(String id) {
        return load("SELECT * FROM agreements WHERE id = :k", Map.of("k", id)).stream().findFirst();
    }

    /**
     * The generation of the agreement tables: a number the database moves on, in the same
     * transaction, with every change to agreements, their parties and areas, and organisations
     * (triggers of migration V9, docs/adr/0016). Equal numbers mean nothing of those changed in
     * between, whichever node or tool wrote them.
     */
    public long generation() {
        return db.jdbc().sql("SELECT " + GENERATION).query(Long.class).single();
    }

    /**
     * Whether {@code condition} holds and, when {@code generation} is given, the agreement tables
     * are still at it: asked in one statement, as a read's own statement asked them.
     */
    public boolean holds(Condition condition, OptionalLong generation) {
        String sql =
                "SELECT CASE WHEN ("
                        + condition.sql()
                        + ")"
                        + (generation.isPresent() ? " AND " + GENERATION + " = :held_at" : "")
                        + " THEN 1 ELSE 0 END";
        var statement = db.jdbc().sql(sql).params(condition.params());
        if (generation.isPresent()) {
            statement = statement.param("held_at", generation.getAsLong());
        }
        return statement.query(Integer.class).single() == 1;
    }

    /**
     * {@link #generation()} as an SQL expression, for a statement that must hold only while the
     * agreement tables are at a generation it names (ADR 0035): read in the statement's own
     * snapshot, once per statement.
     */
    public static final String GENERATION =
            "(SELECT generation FROM agreement_generation WHERE id = 1)";

    public List<Agreement> list() {
        return load("SELECT * FROM agreements ORDER BY created_at, id", Map.of());
    }

    /** The agreements an organisation is a party to. */
    public List<Agreement> forOrganisation(String orgId) {
        return load(
                """
                SELECT a.* FROM agreements a
                  JOIN agreement_parties p ON p.agreement_id = a.id
                 WHERE p.organisation_id = :org
                 ORDER BY a.created_at, a.id
                """,
                Map.of("org", orgId));
    }

    private List<Agreement> load(String sql, Map<String, Object> params) {
        record Head(
                String id,
                AgreementKind kind,
                String title,
                Optional<LocalDate> signed,
                Instant from,
                Optional<Instant> until,
                AgreementStatus status,
                Optional<String> textRef) {}
        List<Head> heads =
                db.jdbc()
                        .sql(sql)
                        .params(params)
                        .query(
                                (rs, n) ->
                                        new Head(
                                                rs.getString("id"),
                                                AgreementKind.valueOf(rs.getString("kind")),
                                                rs.getString("title"),
                                                Optional.ofNullable(rs.getString("signed_on"))
                                                        .map(LocalDate::parse),
                                                micros(rs.getLong("effective_from")),
                                                optionalMicros(rs, "expires_at"),
                                                AgreementStatus.valueOf(rs.getString("status")),
                                                Optional.ofNullable(rs.getString("text_ref"))))
                        .list();
        if (heads.isEmpty()) {
            return List.of();
        }
        List<String> ids = heads.stream().map(Head::id).toList();
        Map<String, List<String>> parties = new HashMap<>();
        db.jdbc()
                .sql(
                        "SELECT agreement_id, organisation_id FROM agreement_parties"
                                + " WHERE agreement_id IN (:ids) ORDER BY organisation_id")
                .param("ids", ids)
                .query(
                        (ResultSet rs) -> {
                            parties.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(rs.getString(2));
                        });
        Map<String, Map<Area, AreaRules>> areas = new HashMap<>();
        db.jdbc()
                .sql("SELECT * FROM agreement_areas WHERE agreement_id IN (:ids)")
                .param("ids", ids)
                .query(
                        (ResultSet rs) -> {
                            AreaRules r = areaRules(rs);
                            areas.computeIfAbsent(
                                            rs.getString("agreement_id"),
                                            k -> new EnumMap<>(Area.class))
                                    .put(r.area(), r);
                        });
        List<Agreement> out = new ArrayList<>(heads.size());
        for (Head h : heads) {
            out.add(
                    new Agreement(
                            h.id(),
                            h.kind(),
                            h.title(),
                            h.signed(),
                            h.from(),
                            h.until(),
                            h.status(),
                            h.textRef(),
                            parties.getOrDefault(h.id(), List.of()),
                            areas.getOrDefault(h.id(), Map.of())));
        }
        return out;
    }

    private static AreaRules areaRules(ResultSet rs) throws SQLException {
        return new AreaRules(
                Area.of(rs.getString("area")),
                Direction.valueOf(rs.getString("direction")),
                Tlp.valueOf(rs.getString("tlp_ceiling")),
                set(rs.getString("object_types")),
                set(rs.getString("labels_any")),
                set(rs.getString("labels_none")),
                rs.getInt("min_confidence"),
                Onward.valueOf(rs.getString("onward")),
                rs.getInt("feedback") != 0,
                rs.getInt("anonymise") != 0);
    }

    private static Set<String> set(String csv) {
        return csv == null || csv.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(csv.split(",")));
    }

    private static String csv(Set<String> values) {
        return values.isEmpty() ? null : String.join(",", new TreeSet<>(values));
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static Optional<Instant> optionalMicros(ResultSet rs, String column)
            throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(micros(v));
    }

    /** Inserts a new agreement, or replaces everything but its creation time; in a transaction. */
    public void save(Agreement a, long nowMicros) {
        int updated =
                db.jdbc()
                        .sql(
                                """
                                UPDATE agreements SET kind = :kind, title = :title,
                                       signed_on = :signed, effective_from = :from,
                                       expires_at = :until, status = :status,
                                       text_ref = :text, updated_at = :now
                                 WHERE id = :id
                                """)
                        .params(head(a, nowMicros))
                        .update();
        if (updated == 0) {
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO agreements (id, kind, title, signed_on, effective_from,
                                                    expires_at, status, text_ref, created_at,
                                                    updated_at)
                            VALUES (:id, :kind, :title, :signed, :from, :until, :status, :text,
                                    :now, :now)
                            """)
                    .params(head(a, nowMicros))
                    .update();
        }
        db.jdbc()
                .sql("DELETE FROM agreement_parties WHERE agreement_id = :id")
                .param("id", a.id())
                .update();
        for (String party : a.parties()) {
            db.jdbc()
                    .sql(
                            "INSERT INTO agreement_parties (agreement_id, organisation_id) VALUES (:a, :o)")
                    .param("a", a.id())
                    .param("o", party)
                    .update();
        }
        db.jdbc()
                .sql("DELETE FROM agreement_areas WHERE agreement_id = :id")
                .param("id", a.id())
                .update();
        for (AreaRules r : a.areas().values()) {
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO agreement_areas (agreement_id, area, direction, tlp_ceiling,
                                   object_types, labels_any, labels_none, min_confidence, onward,
                                   feedback, anonymise)
                            VALUES (:a, :area, :direction, :ceiling, :types, :any, :none, :conf,
                                    :onward, :feedback, :anonymise)
                            """)
                    .param("a", a.id())
                    .param("area", r.area().key)
                    .param("direction", r.direction().name())
                    .param("ceiling", r.tlpCeiling().name())
                    .param("types", csv(r.types()))
                    .param("any", csv(r.labelsAny()))
                    .param("none", csv(r.labelsNone()))
                    .param("conf", r.minConfidence())
                    .param("onward", r.onward().name())
                    .param("feedback", r.feedback() ? 1 : 0)
                    .param("anonymise", r.anonymise() ? 1 : 0)
                    .update();
        }
    }

    private static Map<String, Object> head(Agreement a, long nowMicros) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", a.id());
        p.put("kind", a.kind().name());
        p.put("title", a.title());
        p.put("signed", a.signedOn().map(LocalDate::toString).orElse(null));
        p.put("from", micros(a.effectiveFrom()));
        p.put("until", a.expiresAt().map(AgreementDao::micros).orElse(null));
        p.put("status", a.status().name());
        p.put("text", a.textRef().orElse(null));
        p.put("now", nowMicros);
        return p;
    }

    public void appendHistory(
            String agreementId,
            long at,
            Optional<String> principalId,
            String change,
            Optional<AgreementStatus> from,
            AgreementStatus to,
            Optional<String> note) {
        int seq =
                db.jdbc()
                        .sql(
                                "SELECT COALESCE(MAX(seq), 0) + 1 FROM agreement_history WHERE agreement_id = :a")
                        .param("a", agreementId)
                        .query(Integer.class)
                        .single();
        db.jdbc()
                .sql(
                        """
                        INSERT INTO agreement_history (agreement_id, seq, at, principal_id, change,
                                                       from_status, to_status, note)
                        VALUES (:a, :seq, :at, :p, :change, :from, :to, :note)
                        """)
                .param("a", agreementId)
                .param("seq", seq)
                .param("at", at)
                .param("p", principalId.orElse(null))
                .param("change", change)
                .param("from", from.map(Enum::name).orElse(null))
                .param("to", to.name())
                .param("note", note.orElse(null))
                .update();
    }

    public List<HistoryEntry> history(String agreementId) {
        return db.jdbc()
                .sql("SELECT * FROM agreement_history WHERE agreement_id = :a ORDER BY seq")
                .param("a", agreementId)
                .query(
                        (rs, n) ->
                                new HistoryEntry(
                                        rs.getInt("seq"),
                                        rs.getLong("at"),
                                        Optional.ofNullable(rs.getString("principal_id")),
                                        rs.getString("change"),
                                        Optional.ofNullable(rs.getString("from_status"))
                                                .map(AgreementStatus::valueOf),
                                        AgreementStatus.valueOf(rs.getString("to_status")),
                                        Optional.ofNullable(rs.getString("note"))))
                .list();
    }
}
