package org.entente.server.console;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;

/** The sign-in audit: one row per attempt and step, never changed. */
final class SignInDao {
    private static final long MICROS = 1_000_000L;

    private final Database db;

    SignInDao(Database db) {
        this.db = db;
    }

    void insert(SignInEvent e) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO sign_in_events (id, at, name, principal_id, outcome, remote)
                        VALUES (:id, :at, :name, :principal, :outcome, :remote)
                        """)
                .param("id", e.id())
                .param("at", micros(e.at()))
                .param("name", e.name())
                .param("principal", e.principalId().orElse(null))
                .param("outcome", e.outcome().name())
                .param("remote", e.remote())
                .update();
    }

    /**
     * The failures of a name since {@code since} that came after its last successful sign-in: a
     * person who finally signs in starts again from nothing.
     */
    long failuresSince(String name, Instant since) {
        List<String> failures =
                Arrays.stream(SignInOutcome.values())
                        .filter(o -> o.failure)
                        .map(Enum::name)
                        .toList();
        return db.jdbc()
                .sql(
                        """
                        SELECT COUNT(*) FROM sign_in_events
                         WHERE name = :name AND at > :since AND outcome IN (:failures)
                           AND at > COALESCE((SELECT MAX(at) FROM sign_in_events
                                               WHERE name = :name
                                                 AND outcome IN ('SIGNED_IN', 'ENROLLED')), 0)
                        """)
                .param("name", name)
                .param("since", micros(since))
                .param("failures", failures)
                .query(Long.class)
                .single();
    }

    /** The latest events, newest first. */
    List<SignInEvent> latest(int limit) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM sign_in_events ORDER BY at DESC, id LIMIT CAST(:limit AS INTEGER)")
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new SignInEvent(
                                        rs.getString("id"),
                                        instant(rs.getLong("at")),
                                        rs.getString("name"),
                                        Optional.ofNullable(rs.getString("principal_id")),
                                        SignInOutcome.valueOf(rs.getString("outcome")),
                                        rs.getString("remote")))
                .list();
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * MICROS + t.getNano() / 1000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, MICROS), Math.floorMod(micros, MICROS) * 1000);
    }
}
