package org.entente.server.ledger;

import static org.entente.server.ledger.LedgerDao.COLUMNS;
import static org.entente.server.ledger.LedgerDao.ENTRY;

import java.util.List;
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
                                + " OR (kind = 'DISCLOSED_PAGE' AND detail LIKE :needle ESCAPE '!'))"
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
}
