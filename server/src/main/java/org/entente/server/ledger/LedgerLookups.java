package org.entente.server.ledger;

import static org.entente.server.ledger.LedgerDao.COLUMNS;
import static org.entente.server.ledger.LedgerDao.ENTRY;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.db.Database;

/**
 * Single entries of the ledger looked up by what they hold (their position, the object they name),
 * for the console and tests; the chain's appends, scans and exports are {@link LedgerDao}'s.
 */
final class LedgerLookups {
    private final Database db;

    LedgerLookups(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * The newest entries from {@code since} on that name {@code objectId}: as their object, or in
     * the listing of a page entry (which holds the id as {@code {"id":"<id>",}} in its one
     * canonical spelling: docs/ledger.md). Read by time, through the index on {@code at}.
     */
    List<LedgerEntry> naming(String objectId, long since, int limit) {
        StringBuilder needle = new StringBuilder("%{\"id\":\"");
        for (char c : objectId.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                needle.append('!');
            }
            needle.append(c);
        }
        needle.append("\",%");
        return db.jdbc()
                .sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM ledger_entries WHERE at >= :since AND (object_id = :id"
                                + " OR (kind IN ('DISCLOSED_PAGE', 'RECEIVED_PAGE')"
                                + " AND detail LIKE :needle ESCAPE '!'))"
                                + " ORDER BY seq DESC LIMIT :n")
                .param("since", since)
                .param("id", objectId)
                .param("needle", needle.toString())
                .param("n", limit)
                .query(ENTRY)
                .list();
    }

    Optional<LedgerEntry> entry(long seq) {
        return db.jdbc()
                .sql("SELECT " + COLUMNS + " FROM ledger_entries WHERE seq = :seq")
                .param("seq", seq)
                .query(ENTRY)
                .optional();
    }

    /** The global head with the time of its entry, through the head row and the primary key. */
    Ledger.Head head() {
        return db.jdbc()
                .sql(
                        """
                        SELECT h.seq, h.hash, e.at
                          FROM ledger_head h
                          LEFT JOIN ledger_entries e ON e.seq = h.seq
                         WHERE h.id = 1
                        """)
                .query(
                        (rs, n) -> {
                            long at = rs.getLong("at");
                            boolean none = rs.wasNull();
                            return new Ledger.Head(
                                    rs.getLong("seq"),
                                    rs.getString("hash"),
                                    none
                                            ? java.util.OptionalLong.empty()
                                            : java.util.OptionalLong.of(at));
                        })
                .optional()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the ledger's head row is missing: the database was"
                                                + " tampered with or damaged"));
    }

    /**
     * Every organisation's head with the time of its last entry: one row per organisation that has
     * a chain, read through the head table and the (org_id, org_seq) index.
     */
    Map<String, Ledger.OrgHead> orgHeads() {
        Map<String, Ledger.OrgHead> heads = new LinkedHashMap<>();
        db.jdbc()
                .sql(
                        """
                        SELECT h.org_id, h.org_seq, h.org_hash, e.at
                          FROM ledger_org_heads h
                          LEFT JOIN ledger_entries e
                            ON e.org_id = h.org_id AND e.org_seq = h.org_seq
                         ORDER BY h.org_id
                        """)
                .query(
                        rs -> {
                            long at = rs.getLong("at");
                            heads.put(
                                    rs.getString("org_id"),
                                    new Ledger.OrgHead(
                                            rs.getLong("org_seq"),
                                            rs.getString("org_hash"),
                                            rs.wasNull()
                                                    ? java.util.OptionalLong.empty()
                                                    : java.util.OptionalLong.of(at)));
                        });
        return heads;
    }
}
