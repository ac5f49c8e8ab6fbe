package org.entente.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;

/**
 * The full-text index's writes (docs/adr/0015), made by {@link SearchIndexer} alone, off the write
 * path of ingest; {@link SearchDao} reads what they write.
 */
final class SearchIndex {
    private final Database db;
    private final ObjectDao objects;
    private final boolean sqlite;

    SearchIndex(Database db, ObjectDao objects) {
        this.db = Objects.requireNonNull(db, "db");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.sqlite = db.dialect() == Dialect.SQLITE;
    }

    /** The numbers of every collection, which the indexer walks. */
    List<Integer> collectionSeqs() {
        return db.jdbc()
                .sql("SELECT seq FROM collections ORDER BY seq")
                .query(Integer.class)
                .list();
    }

    /**
     * A figure that moves whenever an object is stored in any collection (the sum of their newest
     * date_added): the indexer's sign that ingest is busy.
     */
    long stored() {
        return db.jdbc()
                .sql("SELECT COALESCE(SUM(last_added), 0) FROM collections")
                .query(Long.class)
                .single();
    }

    /** One object version as the indexer reads it. */
    record Unindexed(long dateAdded, String type, byte[] body) {}

    /** Where a collection's index ends (0 before any version). */
    long mark(int collectionSeq) {
        return db.jdbc()
                .sql("SELECT indexed_to FROM search_marks WHERE collection_seq = :c")
                .param("c", collectionSeq)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** The versions added to a collection after {@code mark}, oldest first, at most {@code max}. */
    List<Unindexed> after(int collectionSeq, long mark, int max) {
        return db.jdbc()
                .sql(
                        "SELECT date_added, stix_type, body FROM objects"
                                + " WHERE collection_seq = :c AND date_added > :m"
                                + " ORDER BY date_added LIMIT CAST(:n AS INTEGER)")
                .param("c", collectionSeq)
                .param("m", mark)
                .param("n", max)
                .query(
                        (rs, n) ->
                                new Unindexed(rs.getLong(1), rs.getString(2), objects.body(rs, 3)))
                .list();
    }

    /** A version's words and the ids it points at, ready to write. */
    record Entry(long dateAdded, String words, List<String> refs) {
        Entry {
            refs = List.copyOf(refs);
        }
    }

    /**
     * Writes the entries of a collection read from {@code from}, and moves its mark to {@code to},
     * in one transaction; nothing when the mark is no longer {@code from} (another node sharing the
     * database indexed them first). Returns whether it wrote.
     */
    boolean write(int collectionSeq, long from, long to, List<Entry> entries) {
        return db.inTransaction(
                () -> {
                    db.jdbc()
                            .sql(
                                    "INSERT INTO search_marks (collection_seq, indexed_to)"
                                            + " VALUES (:c, 0) ON CONFLICT (collection_seq) DO NOTHING")
                            .param("c", collectionSeq)
                            .update();
                    // SQLite's writer already holds the database; PostgreSQL locks the mark's row,
                    // so that two nodes never index the same versions twice
                    long mark =
                            db.jdbc()
                                    .sql(
                                            "SELECT indexed_to FROM search_marks WHERE"
                                                    + " collection_seq = :c"
                                                    + (sqlite ? "" : " FOR UPDATE"))
                                    .param("c", collectionSeq)
                                    .query(Long.class)
                                    .single();
                    if (mark != from) {
                        return false;
                    }
                    List<Entry> worded =
                            entries.stream().filter(e -> !e.words().isEmpty()).toList();
                    if (sqlite) {
                        long first =
                                db.jdbc()
                                                .sql(
                                                        "SELECT COALESCE(MAX(doc), 0) FROM search_docs")
                                                .query(Long.class)
                                                .single()
                                        + 1;
                        batch(
                                "INSERT INTO search_docs (doc, s_collection, s_added)"
                                        + " VALUES (?, ?, ?)",
                                worded.size(),
                                (ps, i) -> {
                                    ps.setLong(1, first + i);
                                    ps.setInt(2, collectionSeq);
                                    ps.setLong(3, worded.get(i).dateAdded());
                                });
                        batch(
                                "INSERT INTO search_words (rowid, words) VALUES (?, ?)",
                                worded.size(),
                                (ps, i) -> {
                                    ps.setLong(1, first + i);
                                    ps.setString(2, worded.get(i).words());
                                });
                    } else if (!worded.isEmpty()) {
                        postgresDocs(collectionSeq, worded);
                    }
                    List<long[]> refIndex = new ArrayList<>();
                    List<String> refs = new ArrayList<>();
                    for (Entry e : entries) {
                        for (String ref : e.refs()) {
                            refIndex.add(new long[] {e.dateAdded()});
                            refs.add(ref);
                        }
                    }
                    batch(
                            "INSERT INTO search_refs (collection_seq, ref, date_added)"
                                    + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            refs.size(),
                            (ps, i) -> {
                                ps.setInt(1, collectionSeq);
                                ps.setString(2, refs.get(i));
                                ps.setLong(3, refIndex.get(i)[0]);
                            });
                    db.jdbc()
                            .sql(
                                    "UPDATE search_marks SET indexed_to = :to WHERE collection_seq = :c")
                            .param("to", to)
                            .param("c", collectionSeq)
                            .update();
                    return true;
                });
    }

    /**
     * PostgreSQL's documents of a batch, in one statement, numbered in the batch's order. A
     * version's words reach the database as the lexemes of its tsvector when they are all ASCII
     * letters and digits ({@link SearchText#postgresLexemes}), else as text for its parser.
     */
    private void postgresDocs(int collectionSeq, List<Entry> worded) {
        int size = worded.size();
        long[] added = new long[size];
        String[] lexemes = new String[size];
        String[] text = new String[size];
        for (int i = 0; i < size; i++) {
            Entry e = worded.get(i);
            added[i] = e.dateAdded();
            lexemes[i] = SearchText.postgresLexemes(e.words());
            text[i] = lexemes[i] == null ? e.words() : null;
        }
        db.jdbc()
                .sql(
                        "INSERT INTO search_docs (s_collection, s_added, words)"
                                + " SELECT :c, t.a, COALESCE(CAST(t.l AS TSVECTOR),"
                                + " to_tsvector('simple', t.w)) FROM unnest(CAST(:a AS BIGINT[]),"
                                + " CAST(:l AS TEXT[]), CAST(:w AS TEXT[])) WITH ORDINALITY"
                                + " AS t(a, l, w, n) ORDER BY t.n")
                .param("c", collectionSeq)
                .param("a", added)
                .param("l", lexemes)
                .param("w", text)
                .update();
    }

    private interface Setter {
        void set(PreparedStatement ps, int i) throws SQLException;
    }

    private void batch(String sql, int size, Setter setter) {
        if (size == 0) {
            return;
        }
        db.template()
                .batchUpdate(
                        sql,
                        new BatchPreparedStatementSetter() {
                            @Override
                            public void setValues(PreparedStatement ps, int i) throws SQLException {
                                setter.set(ps, i);
                            }

                            @Override
                            public int getBatchSize() {
                                return size;
                            }
                        });
    }
}
