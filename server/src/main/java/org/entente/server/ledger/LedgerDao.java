package org.entente.server.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entente.server.db.BinaryCopy;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.RowMapper;

/** The ledger's tables. Appends run in the caller's transaction; scans on their own connection. */
final class LedgerDao {
    /** The end of a chain: its last position and hash (0 and {@link Hashing#GENESIS} if empty). */
    record Head(long seq, String hash) {
        static final Head EMPTY = new Head(0, Hashing.GENESIS);
    }

    /**
     * The heads and the last stored position, read by one statement so that they agree even while
     * appends go on.
     */
    record Snapshot(Head head, long maxSeq, Map<String, Head> orgHeads) {}

    /**
     * The separator of the fields {@link #scanSql} joins into one column. Drafts refuse control
     * characters, so it never occurs inside a field the ledger wrote.
     */
    static final byte SEP = 0x1F;

    private static final String INSERT =
            """
            INSERT INTO ledger_entries (seq, at, kind, principal_id, org_id, agreement_id, area,
                                        rule, object_id, object_version, object_type, tlp, detail,
                                        prev_hash, hash, org_seq, org_prev_hash, org_hash)
            VALUES
            """;

    /**
     * SQLite's INSERT, with the column that holds a page entry's listing packed ({@link
     * PackedListing}, docs/adr/0041) instead of {@code detail}.
     */
    private static final String INSERT_PACKED =
            """
            INSERT INTO ledger_entries (seq, at, kind, principal_id, org_id, agreement_id, area,
                                        rule, object_id, object_version, object_type, tlp, detail,
                                        prev_hash, hash, org_seq, org_prev_hash, org_hash, listing)
            VALUES
            """;

    private static final String MOVE_ORG_HEAD =
            """
            INSERT INTO ledger_org_heads (org_id, org_seq, org_hash) VALUES (?, ?, ?)
            ON CONFLICT (org_id) DO UPDATE SET org_seq = excluded.org_seq,
                                               org_hash = excluded.org_hash
            """;

    /** The columns an entry is stored in on PostgreSQL, which keeps every listing as text. */
    private static final String STORED =
            "seq, at, kind, principal_id, org_id, agreement_id, area, rule, object_id,"
                    + " object_version, object_type, tlp, detail, prev_hash, hash, org_seq,"
                    + " org_prev_hash, org_hash";

    /** The columns an entry is read from, on either database: a listing may be packed. */
    static final String COLUMNS = STORED + ", listing";

    static final RowMapper<LedgerEntry> ENTRY =
            (rs, n) ->
                    new LedgerEntry(
                            new LedgerEntry.Draft(
                                    rs.getLong("at"),
                                    LedgerEntry.Kind.valueOf(rs.getString("kind")),
                                    rs.getString("principal_id"),
                                    rs.getString("org_id"),
                                    Optional.ofNullable(rs.getString("agreement_id")),
                                    Optional.ofNullable(rs.getString("area")),
                                    rs.getString("rule"),
                                    Optional.ofNullable(rs.getString("object_id")),
                                    Optional.ofNullable(rs.getString("object_version")),
                                    Optional.ofNullable(rs.getString("object_type")),
                                    Optional.ofNullable(rs.getString("tlp")).map(Tlp::valueOf),
                                    Optional.ofNullable(detail(rs))),
                            rs.getLong("seq"),
                            rs.getString("prev_hash"),
                            rs.getString("hash"),
                            rs.getLong("org_seq"),
                            rs.getString("org_prev_hash"),
                            rs.getString("org_hash"));

    /**
     * A row's {@code detail}: its text, or the text of its packed listing (SQLite, docs/adr/0041).
     * The text of a packed listing is {@link PageListing#write}'s, so that the entry the row is
     * read into takes it without parsing it again: it is canonical by construction.
     *
     * @throws IllegalStateException when the row holds both, or a packed listing that cannot be
     *     read: the entry was changed behind the ledger's back
     */
    static String detail(ResultSet rs) throws SQLException {
        byte[] packed = rs.getBytes("listing");
        if (packed == null) {
            return rs.getString("detail");
        }
        return PageListing.unpackedText(rs.getLong("seq"), rs.getString("detail"), packed);
    }

    /**
     * A row's {@code detail} as an export shows it (the stored values as they are): its text, or
     * its packed listing's; null when the packed listing cannot be read, so that the partner's
     * check finds the entry's hash broken rather than the export stopping.
     */
    static String exported(ResultSet rs) throws SQLException {
        try {
            return detail(rs);
        } catch (IllegalStateException e) {
            return rs.getBytes("listing") == null ? rs.getString("detail") : null;
        }
    }

    private final Database db;

    LedgerDao(Database db) {
        this.db = db;
    }

    Dialect dialect() {
        return db.dialect();
    }

    /**
     * Takes the append lock (the head row, until the transaction ends) and reads the head, in one
     * statement. The UPDATE is the portable way to lock a row: PostgreSQL holds its row lock to the
     * end of the transaction, and SQLite already has the one write lock; both return the row it
     * locked.
     */
    Head lockHead() {
        return db.jdbc()
                .sql("UPDATE ledger_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the ledger's head row is missing, so nothing can be"
                                                + " appended; run 'entente ledger verify' and"
                                                + " restore the database from a backup"));
    }

    Map<String, Head> orgHeads(Collection<String> orgIds) {
        Map<String, Head> heads = new HashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT org_id, org_seq, org_hash FROM ledger_org_heads
                         WHERE org_id IN (:orgs)
                        """)
                .param("orgs", orgIds)
                .query(
                        rs -> {
                            heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3)));
                        });
        return heads;
    }

    /** Rows per INSERT statement: 18 parameters each stays far below both databases' limits. */
    private static final int ROWS_PER_INSERT = 500;

    /**
     * Inserts the entries with multi-row INSERTs of up to {@link #ROWS_PER_INSERT} rows, a few
     * statements per page whatever its size. On PostgreSQL this took a page of 1,000 entries from
     * 25 to 21 ms against a JDBC batch, which the server still executes row by row; on SQLite the
     * two are even (docs/benchmarks.md, "Ledger: detail").
     */
    void insert(List<LedgerEntry> entries) {
        if (db.dialect() == Dialect.POSTGRESQL && entries.size() >= COPY_FROM) {
            copy(entries);
            return;
        }
        for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
            List<LedgerEntry> rows =
                    entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
            boolean packed = db.dialect() == Dialect.SQLITE;
            db.template()
                    .update(
                            insertSql(rows.size(), packed),
                            ps -> {
                                int p = 1;
                                for (LedgerEntry e : rows) {
                                    p = bind(ps, p, e, packed);
                                }
                            });
        }
    }

    /** A page entry's position and the span of what it lists (docs/adr/0027). */
    record SpanRow(long seq, Ledger.Span span) {}

    /**
     * Stores an append made after {@link #lockHead}, in the caller's transaction: its entries, the
     * heads they move and their page entries' spans. On PostgreSQL one statement carries it all,
     * unless the entries are many enough for {@code COPY}: a read's append had cost four round
     * trips to the server where one does now (docs/benchmarks.md, "Session 21").
     */
    void store(List<LedgerEntry> entries, Head head, Map<String, Head> orgs, List<SpanRow> spans) {
        if (entries.isEmpty()) {
            return;
        }
        if (db.dialect() == Dialect.POSTGRESQL && entries.size() < COPY_FROM) {
            storeAtOnce(entries, head, orgs, spans);
            return;
        }
        insert(entries);
        moveHead(head);
        moveOrgHeads(orgs);
        insertSpans(spans);
    }

    /** PostgreSQL: the entries, the organisations' heads and the spans ahead of the head's move. */
    private void storeAtOnce(
            List<LedgerEntry> entries, Head head, Map<String, Head> orgs, List<SpanRow> spans) {
        List<Map.Entry<String, Head>> orgRows = new ArrayList<>(orgs.entrySet());
        StringBuilder sql = new StringBuilder(1024);
        sql.append("WITH entries AS (").append(insertSql(entries.size(), false)).append(")");
        if (!orgRows.isEmpty()) {
            sql.append(", org_heads AS (")
                    .append(rows(MOVE_ORG_HEAD, orgRows.size(), "(?, ?, ?)"))
                    .append(")");
        }
        if (!spans.isEmpty()) {
            sql.append(", spans AS (").append(rows(INSERT_SPAN, spans.size(), "(?, ?, ?, ?)"));
            sql.append(")");
        }
        sql.append(" UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1");
        int moved =
                db.template()
                        .update(
                                sql.toString(),
                                ps -> {
                                    int p = bind(ps, 1, entries, orgRows, spans);
                                    ps.setLong(p++, head.seq());
                                    ps.setString(p, head.hash());
                                });
        if (moved != 1) {
            throw new IllegalStateException("the ledger's head row is missing");
        }
    }

    /**
     * PostgreSQL, in a statement committed on its own: stores an append chained from {@code from}
     * (its entries, the heads they move, their spans) only if the head is still {@code from}, and
     * returns whether it did. The head's UPDATE locks its row as {@link #lockHead} does, and
     * rereads it once a writer holding it has committed; the inserts take only the rows it moved,
     * so an append from a head that has moved on writes nothing (docs/adr/0036).
     */
    boolean storeFrom(
            Head from,
            List<LedgerEntry> entries,
            Head after,
            Map<String, Head> orgs,
            List<SpanRow> spans) {
        List<Map.Entry<String, Head>> orgRows = new ArrayList<>(orgs.entrySet());
        String moved = " WHERE EXISTS (SELECT 1 FROM moved)";
        StringBuilder sql = new StringBuilder(1024);
        sql.append("WITH moved AS (UPDATE ledger_head SET seq = ?, hash = ?")
                .append(" WHERE id = 1 AND seq = ? AND hash = ? RETURNING 1)");
        sql.append(", entries AS (INSERT INTO ledger_entries (")
                .append(STORED)
                .append(") SELECT * FROM (")
                .append(values(entries.size(), 18))
                .append(") AS v")
                .append(moved)
                .append(")");
        if (!orgRows.isEmpty()) {
            sql.append(", org_heads AS (INSERT INTO ledger_org_heads (org_id, org_seq, org_hash)")
                    .append(" SELECT * FROM (")
                    .append(values(orgRows.size(), 3))
                    .append(") AS v")
                    .append(moved)
                    .append(" ON CONFLICT (org_id) DO UPDATE SET org_seq = excluded.org_seq,")
                    .append(" org_hash = excluded.org_hash)");
        }
        if (!spans.isEmpty()) {
            sql.append(", spans AS (INSERT INTO ledger_page_spans")
                    .append(" (seq, added_from, added_to, width_class) SELECT * FROM (")
                    .append(values(spans.size(), 4))
                    .append(") AS v")
                    .append(moved)
                    .append(")");
        }
        sql.append(" SELECT count(*) FROM moved");
        Long n =
                db.template()
                        .query(
                                sql.toString(),
                                ps -> {
                                    int p = 1;
                                    ps.setLong(p++, after.seq());
                                    ps.setString(p++, after.hash());
                                    ps.setLong(p++, from.seq());
                                    ps.setString(p++, from.hash());
                                    bind(ps, p, entries, orgRows, spans);
                                },
                                rs -> rs.next() ? rs.getLong(1) : 0L);
        return n != null && n == 1;
    }

    /** {@code VALUES} of {@code rows} rows of {@code columns} placeholders each. */
    private static String values(int rows, int columns) {
        String row = "(?" + ", ?".repeat(columns - 1) + ")";
        StringBuilder sql = new StringBuilder(8 + rows * (row.length() + 2)).append("VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }

    private static final String INSERT_SPAN =
            "INSERT INTO ledger_page_spans (seq, added_from, added_to, width_class) VALUES (?, ?, ?, ?)";

    /** Rows per spans' INSERT: 4 parameters each. */
    private static final int SPANS_PER_INSERT = 500;

    /** Records each page entry's span, with multi-row INSERTs (docs/adr/0027). */
    void insertSpans(List<SpanRow> spans) {
        for (int from = 0; from < spans.size(); from += SPANS_PER_INSERT) {
            List<SpanRow> rows =
                    spans.subList(from, Math.min(spans.size(), from + SPANS_PER_INSERT));
            db.template()
                    .update(
                            rows(INSERT_SPAN, rows.size(), "(?, ?, ?, ?)"),
                            ps -> {
                                int p = 1;
                                for (SpanRow r : rows) {
                                    p = bind(ps, p, r);
                                }
                            });
        }
    }

    /** Binds an append's entries, then its organisations' heads, then its spans, from {@code p}. */
    private static int bind(
            PreparedStatement ps,
            int p,
            List<LedgerEntry> entries,
            List<Map.Entry<String, Head>> orgRows,
            List<SpanRow> spans)
            throws SQLException {
        for (LedgerEntry e : entries) {
            p = bind(ps, p, e, false);
        }
        for (Map.Entry<String, Head> o : orgRows) {
            p = bind(ps, p, o);
        }
        for (SpanRow r : spans) {
            p = bind(ps, p, r);
        }
        return p;
    }

    private static int bind(PreparedStatement ps, int p, Map.Entry<String, Head> org)
            throws SQLException {
        ps.setString(p++, org.getKey());
        ps.setLong(p++, org.getValue().seq());
        ps.setString(p++, org.getValue().hash());
        return p;
    }

    private static int bind(PreparedStatement ps, int p, SpanRow r) throws SQLException {
        ps.setLong(p++, r.seq());
        ps.setLong(p++, r.span().from());
        ps.setLong(p++, r.span().to());
        ps.setInt(p++, r.span().widthClass());
        return p;
    }

    /**
     * {@code sql}, an INSERT of one row of placeholders {@code row}, made to insert {@code n} rows;
     * what follows the row (an {@code ON CONFLICT}) is kept.
     */
    private static String rows(String sql, int n, String row) {
        int at = sql.indexOf(row);
        StringBuilder out = new StringBuilder(sql.length() + n * (row.length() + 2));
        out.append(sql, 0, at);
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ", ").append(row);
        }
        return out.append(sql, at + row.length(), sql.length()).toString();
    }

    /**
     * Entries of at least this many rows go to PostgreSQL through binary {@code COPY}: one round
     * trip, no statement to parse and no parameters to bind, each value as its length and bytes. A
     * pull records one entry per object received, a chunk of a thousand at a time, and the
     * multi-row INSERT of those cost the server about as much as the objects' own COPY
     * (docs/benchmarks.md, "Catch-up on PostgreSQL"). A page served to a partner (one entry) or an
     * agreement's change is not worth a COPY's set-up.
     */
    static final int COPY_FROM = 64;

    private static final String COPY =
            """
            COPY ledger_entries (seq, at, kind, principal_id, org_id, agreement_id, area, rule,
                                 object_id, object_version, object_type, tlp, detail, prev_hash,
                                 hash, org_seq, org_prev_hash, org_hash)
            FROM STDIN WITH (FORMAT binary)
            """;

    /**
     * The entries through PostgreSQL's binary {@code COPY}, in the caller's transaction. {@code
     * COPY} has no {@code ON CONFLICT}, nor does the INSERT: a taken position fails the append
     * either way, which rolls the caller back.
     */
    private void copy(List<LedgerEntry> entries) {
        long copied =
                BinaryCopy.copy(
                        db,
                        COPY,
                        out -> {
                            for (LedgerEntry e : entries) {
                                LedgerEntry.Draft d = e.draft();
                                out.fields(18);
                                out.int8(e.seq());
                                out.int8(d.at());
                                out.text(d.kind().name());
                                out.text(d.principalId());
                                out.text(d.orgId());
                                out.text(d.agreementId().orElse(null));
                                out.text(d.area().orElse(null));
                                out.text(d.rule());
                                out.text(d.objectId().orElse(null));
                                out.text(d.objectVersion().orElse(null));
                                out.text(d.objectType().orElse(null));
                                out.text(d.tlp().map(Enum::name).orElse(null));
                                out.text(d.detail().orElse(null));
                                out.text(e.prevHash());
                                out.text(e.hash());
                                out.int8(e.orgSeq());
                                out.text(e.orgPrevHash());
                                out.text(e.orgHash());
                            }
                        });
        if (copied != entries.size()) {
            throw new IllegalStateException(
                    "COPY wrote " + copied + " ledger entries of " + entries.size());
        }
    }

    /** An INSERT of {@code rows} entries, with the packed listing's column when {@code packed}. */
    private static String insertSql(int rows, boolean packed) {
        String insert = packed ? INSERT_PACKED : INSERT;
        String row = "(?" + ", ?".repeat(packed ? 18 : 17) + ")";
        StringBuilder sql = new StringBuilder(insert.length() + rows * (row.length() + 2));
        sql.append(insert, 0, insert.indexOf("VALUES")).append("VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }

    /**
     * Binds an entry's fields from {@code p}; with {@code packed} (SQLite), a page entry's listing
     * goes into the {@code listing} column packed, and its {@code detail} is NULL.
     */
    private static int bind(PreparedStatement ps, int p, LedgerEntry e, boolean packed)
            throws SQLException {
        LedgerEntry.Draft d = e.draft();
        ps.setLong(p++, e.seq());
        ps.setLong(p++, d.at());
        ps.setString(p++, d.kind().name());
        ps.setString(p++, d.principalId());
        ps.setString(p++, d.orgId());
        ps.setString(p++, d.agreementId().orElse(null));
        ps.setString(p++, d.area().orElse(null));
        ps.setString(p++, d.rule());
        ps.setString(p++, d.objectId().orElse(null));
        ps.setString(p++, d.objectVersion().orElse(null));
        ps.setString(p++, d.objectType().orElse(null));
        ps.setString(p++, d.tlp().map(Enum::name).orElse(null));
        byte[] listing =
                packed && d.kind().lists() ? PackedListing.pack(d.detail().orElseThrow()) : null;
        ps.setString(p++, listing == null ? d.detail().orElse(null) : null);
        ps.setString(p++, e.prevHash());
        ps.setString(p++, e.hash());
        ps.setLong(p++, e.orgSeq());
        ps.setString(p++, e.orgPrevHash());
        ps.setString(p++, e.orgHash());
        if (packed) {
            ps.setBytes(p++, listing);
        }
        return p;
    }

    void moveHead(Head head) {
        db.jdbc()
                .sql("UPDATE ledger_head SET seq = :seq, hash = :hash WHERE id = 1")
                .param("seq", head.seq())
                .param("hash", head.hash())
                .update();
    }

    void moveOrgHeads(Map<String, Head> heads) {
        if (heads.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Head>> rows = new ArrayList<>(heads.entrySet());
        db.template()
                .update(
                        rows(MOVE_ORG_HEAD, rows.size(), "(?, ?, ?)"),
                        ps -> {
                            int p = 1;
                            for (Map.Entry<String, Head> o : rows) {
                                p = bind(ps, p, o);
                            }
                        });
    }

    /** The global head, every organisation head and the highest stored seq, all at one moment. */
    Snapshot snapshot() {
        Head[] head = {null};
        long[] max = {0};
        Map<String, Head> orgs = new HashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT 0 AS part, NULL AS org_id, seq, hash,
                               (SELECT MAX(seq) FROM ledger_entries) AS max_seq
                          FROM ledger_head WHERE id = 1
                        UNION ALL
                        SELECT 1, org_id, org_seq, org_hash, NULL FROM ledger_org_heads
                        """)
                .query(
                        rs -> {
                            if (rs.getInt("part") == 0) {
                                head[0] = new Head(rs.getLong("seq"), rs.getString("hash"));
                                max[0] = rs.getLong("max_seq");
                            } else {
                                orgs.put(
                                        rs.getString("org_id"),
                                        new Head(rs.getLong("seq"), rs.getString("hash")));
                            }
                        });
        if (head[0] == null) {
            throw new IllegalStateException(
                    "the ledger's head row is missing: the database was tampered with or damaged");
        }
        return new Snapshot(head[0], max[0], orgs);
    }

    /**
     * One organisation's head (absent if it has none) and highest stored org_seq, at one moment.
     */
    OrgSnapshot orgSnapshot(String orgId) {
        Head[] head = {null};
        long[] max = {0};
        db.jdbc()
                .sql(
                        """
                        SELECT 0 AS part, org_seq AS seq, org_hash AS hash
                          FROM ledger_org_heads WHERE org_id = :org
                        UNION ALL
                        SELECT 1, MAX(org_seq), NULL FROM ledger_entries WHERE org_id = :org
                        """)
                .param("org", orgId)
                .query(
                        rs -> {
                            if (rs.getInt("part") == 0) {
                                head[0] = new Head(rs.getLong("seq"), rs.getString("hash"));
                            } else {
                                max[0] = rs.getLong("seq");
                            }
                        });
        return new OrgSnapshot(Optional.ofNullable(head[0]), max[0]);
    }

    record OrgSnapshot(Optional<Head> head, long maxOrgSeq) {}

    /**
     * The query verification reads. On SQLite, one column per entry holding every field joined by
     * {@link #SEP}, led by seq, at, org_seq and a mask of the optional fields that are NULL (which
     * concat_ws skips): fetching a column through the driver's JNI costs more than joining it
     * inside SQLite; then a packed listing's column (docs/adr/0041), NULL for every other entry. On
     * PostgreSQL the columns as they are, the packed listing's last, since its concat_ws costs the
     * server about four times the scan itself while the driver hands columns out for free
     * (docs/benchmarks.md, "Ledger: detail").
     */
    static String scanSql(Dialect dialect, String where) {
        if (dialect == Dialect.POSTGRESQL) {
            return "SELECT seq, at, org_seq, kind, principal_id, org_id, agreement_id, area, rule,"
                    + " object_id, object_version, object_type, tlp, detail, prev_hash, hash,"
                    + " org_prev_hash, org_hash, listing FROM ledger_entries WHERE "
                    + where;
        }
        String sep = String.valueOf((char) SEP);
        return "SELECT concat_ws('"
                + sep
                + "', seq, at, org_seq,"
                + " (CASE WHEN agreement_id IS NULL THEN 1 ELSE 0 END)"
                + " + (CASE WHEN area IS NULL THEN 2 ELSE 0 END)"
                + " + (CASE WHEN object_id IS NULL THEN 4 ELSE 0 END)"
                + " + (CASE WHEN object_version IS NULL THEN 8 ELSE 0 END)"
                + " + (CASE WHEN object_type IS NULL THEN 16 ELSE 0 END)"
                + " + (CASE WHEN tlp IS NULL THEN 32 ELSE 0 END)"
                + " + (CASE WHEN detail IS NULL THEN 64 ELSE 0 END),"
                + " kind, principal_id, org_id, agreement_id, area, rule, object_id,"
                + " object_version, object_type, tlp, detail, prev_hash, hash, org_prev_hash,"
                + " org_hash), listing"
                + " FROM ledger_entries WHERE "
                + where;
    }

    /** Consumes rows of a scan; returns false to stop early. */
    interface Rows {
        boolean row(ResultSet rs) throws SQLException;
    }

    /**
     * Rows a scan fetches at a time on PostgreSQL. A page entry's listing is up to about 100 KB, so
     * 128 of them are about 13 MB; 10,000, as before, held every listing of a ledger of a few
     * thousand page entries at once, more than a 256 MB heap (and verifying 1,000,000 per-version
     * entries is no slower: 614,520–690,121 entries/s against 516,932–567,303, session 14).
     */
    static final int FETCHED = 128;

    /**
     * Streams a query on a connection of its own, outside any transaction of the caller. SQLite
     * steps through rows as they are read; PostgreSQL needs a transaction and a fetch size to use a
     * cursor instead of loading the whole result.
     */
    void scan(String sql, List<Object> params, Rows rows) {
        boolean postgres = db.dialect() == Dialect.POSTGRESQL;
        try (Connection c = db.dataSource().getConnection()) {
            if (postgres) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                // Scans walk an index range in its order. Without fresh statistics (right after a
                // bulk of appends, before autovacuum analyzes) PostgreSQL prefers a bitmap scan
                // and a sort, which spills hundreds of megabytes per range to disk.
                try (java.sql.Statement hints = c.createStatement()) {
                    hints.execute("SET LOCAL enable_bitmapscan = off");
                    hints.execute("SET LOCAL enable_sort = off");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (postgres) {
                    ps.setFetchSize(FETCHED);
                }
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!rows.row(rs)) {
                            break;
                        }
                    }
                }
            } finally {
                if (postgres) {
                    c.rollback();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
    }

    /**
     * The first and last org_seq of an organisation's entries in a period, or empty if it has none
     * there.
     */
    Optional<long[]> orgSeqRange(String orgId, long from, long to) {
        long[] range =
                db.jdbc()
                        .sql(
                                """
                                SELECT MIN(org_seq), MAX(org_seq), COUNT(*) FROM ledger_entries
                                 WHERE org_id = :org AND at >= :from AND at < :to
                                """)
                        .param("org", orgId)
                        .param("from", from)
                        .param("to", to)
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)})
                        .single();
        return range[2] == 0 ? Optional.empty() : Optional.of(range);
    }

    Database database() {
        return db;
    }
}
