package org.entente.server.console;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entente.server.db.Database;

/** People's TOTP secrets (sealed) and the last step each accepted. */
final class TotpDao {
    /** A stored secret: its sealed text and the last step whose code was taken. */
    record Stored(String sealed, long lastStep) {}

    private final Database db;

    TotpDao(Database db) {
        this.db = db;
    }

    Optional<Stored> find(String principalId) {
        return db.jdbc()
                .sql("SELECT sealed, last_step FROM totp_secrets WHERE principal_id = :p")
                .param("p", principalId)
                .query((rs, n) -> new Stored(rs.getString("sealed"), rs.getLong("last_step")))
                .optional();
    }

    /** Which of these principals have a second factor enrolled. */
    Set<String> enrolledAmong(Collection<String> principalIds) {
        if (principalIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(
                db.jdbc()
                        .sql("SELECT principal_id FROM totp_secrets WHERE principal_id IN (:ids)")
                        .param("ids", List.copyOf(principalIds))
                        .query(String.class)
                        .list());
    }

    void insert(String principalId, String sealed, long enrolledAtMicros, long step) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO totp_secrets (principal_id, sealed, enrolled_at, last_step)
                        VALUES (:p, :sealed, :at, :step)
                        """)
                .param("p", principalId)
                .param("sealed", sealed)
                .param("at", enrolledAtMicros)
                .param("step", step)
                .update();
    }

    /**
     * Takes a step's code: true for the first caller, on any node, and false for every later one
     * and for any earlier step (one row, one conditional update: nothing to race).
     */
    boolean take(String principalId, long step) {
        return db.jdbc()
                        .sql(
                                "UPDATE totp_secrets SET last_step = :step"
                                        + " WHERE principal_id = :p AND last_step < :step")
                        .param("step", step)
                        .param("p", principalId)
                        .update()
                == 1;
    }

    void delete(String principalId) {
        db.jdbc()
                .sql("DELETE FROM totp_secrets WHERE principal_id = :p")
                .param("p", principalId)
                .update();
    }
}
