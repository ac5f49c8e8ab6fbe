package org.entente.server.federation;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.db.Database;

/**
 * Peers and what belongs to them: their collections and cursors, pushes to retry, events, health
 * and the sync lease. Credentials are sealed on the way in and opened on the way out, so nothing
 * else ever sees them sealed or stores them clear.
 */
public final class PeerDao {
    private final Database db;
    private final Secrets secrets;

    public PeerDao(Database db, Secrets secrets) {
        this.db = db;
        this.secrets = secrets;
    }

    /** A peer's health as recorded, for the API and the metrics. */
    public record Health(
            OptionalLong lastAttemptAt,
            OptionalLong lastSuccessAt,
            OptionalLong caughtUpAt,
            OptionalLong newestSeen,
            int failures,
            long received,
            long refused,
            long sent,
            long rejected) {
        static final Health NEW =
                new Health(
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        0,
                        0,
                        0,
                        0,
                        0);
    }

    /** What happened with a peer: a failed run, an object we refused, an object it refused. */
    public record Event(
            String peerId,
            long at,
            Kind kind,
            Optional<String> remoteId,
            Optional<String> objectId,
            String message) {
        public enum Kind {
            /** A run or a collection failed: unreachable, TLS, credentials, a bad answer. */
            ERROR,
            /** An object the peer sent that we refused (invalid, forged, over a limit, policy). */
            REFUSED,
            /** An object of ours the peer refused (its status resource says why). */
            REJECTED,
            /** Nothing flows where something could: no agreement in force, no mapping. */
            STOPPED
        }

        public Event {
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(remoteId, "remoteId");
            Objects.requireNonNull(objectId, "objectId");
            Objects.requireNonNull(message, "message");
            message = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
        }
    }

    /** An object of ours a peer refused, to retry. */
    public record PushFailure(
            String peerId,
            String remoteId,
            String stixId,
            String version,
            String message,
            int attempts,
            OptionalLong nextAttemptAt) {}

    private static final String PEER_COLUMNS =
            "id, name, organisation_id, agreement_id, principal_id, url, api_root, auth_kind,"
                    + " auth_user, auth_secret, trust_pem, client_cert_pem, client_key, pull, push,"
                    + " enabled, created_at";

    private Peer peer(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String kind = rs.getString("auth_kind");
        String secret = rs.getString("auth_secret");
        Peer.Credentials credentials =
                switch (kind) {
                    case "TOKEN" -> new Peer.Credentials.Token(secrets.open(secret, id + ":auth"));
                    case "BASIC" ->
                            new Peer.Credentials.Basic(
                                    rs.getString("auth_user"), secrets.open(secret, id + ":auth"));
                    default -> new Peer.Credentials.None();
                };
        String cert = rs.getString("client_cert_pem");
        Optional<Peer.ClientCertificate> client =
                cert == null
                        ? Optional.empty()
                        : Optional.of(
                                new Peer.ClientCertificate(
                                        cert,
                                        secrets.open(rs.getString("client_key"), id + ":key")));
        return new Peer(
                id,
                rs.getString("name"),
                rs.getString("organisation_id"),
                Optional.ofNullable(rs.getString("agreement_id")),
                rs.getString("principal_id"),
                URI.create(rs.getString("url")),
                Optional.ofNullable(rs.getString("api_root")),
                credentials,
                Optional.ofNullable(rs.getString("trust_pem")),
                client,
                rs.getInt("pull") != 0,
                rs.getInt("push") != 0,
                rs.getInt("enabled") != 0,
                rs.getLong("created_at"));
    }

    public void insert(Peer p) {
        String kind;
        String user = null;
        String secret = null;
        if (p.credentials() instanceof Peer.Credentials.Token t) {
            kind = "TOKEN";
            secret = secrets.seal(t.token(), p.id() + ":auth");
        } else if (p.credentials() instanceof Peer.Credentials.Basic b) {
            kind = "BASIC";
            user = b.user();
            secret = secrets.seal(b.password(), p.id() + ":auth");
        } else {
            kind = "NONE";
        }
        db.jdbc()
                .sql(
                        """
                        INSERT INTO peers (id, name, organisation_id, agreement_id, principal_id,
                                           url, api_root, auth_kind, auth_user, auth_secret,
                                           trust_pem, client_cert_pem, client_key, pull, push,
                                           enabled, created_at, failures, received, refused,
                                           sent, rejected)
                        VALUES (:id, :name, :org, :agreement, :principal, :url, :root, :kind,
                                :user, :secret, :trust, :cert, :key, :pull, :push, :enabled, :now,
                                0, 0, 0, 0, 0)
                        """)
                .param("id", p.id())
                .param("name", p.name())
                .param("org", p.organisationId())
                .param("agreement", p.agreementId().orElse(null))
                .param("principal", p.principalId())
                .param("url", p.url().toString())
                .param("root", p.apiRoot().orElse(null))
                .param("kind", kind)
                .param("user", user)
                .param("secret", secret)
                .param("trust", p.trustPem().orElse(null))
                .param(
                        "cert",
                        p.clientCertificate()
                                .map(Peer.ClientCertificate::certificatePem)
                                .orElse(null))
                .param(
                        "key",
                        p.clientCertificate()
                                .map(c -> secrets.seal(c.keyPem(), p.id() + ":key"))
                                .orElse(null))
                .param("pull", p.pull() ? 1 : 0)
                .param("push", p.push() ? 1 : 0)
                .param("enabled", p.enabled() ? 1 : 0)
                .param("now", p.createdAt())
                .update();
    }

    /** Removes a peer and all that belongs to it (the ledger keeps what flowed). */
    public void delete(String peerId) {
        for (String table :
                List.of("peer_events", "peer_push_failures", "peer_collections", "peers")) {
            db.jdbc()
                    .sql(
                            "DELETE FROM "
                                    + table
                                    + (table.equals("peers")
                                            ? " WHERE id = :p"
                                            : " WHERE peer_id = :p"))
                    .param("p", peerId)
                    .update();
        }
    }

    public void setEnabled(String peerId, boolean enabled) {
        db.jdbc()
                .sql("UPDATE peers SET enabled = :e WHERE id = :p")
                .param("e", enabled ? 1 : 0)
                .param("p", peerId)
                .update();
    }

    public List<Peer> list() {
        return db.jdbc()
                .sql("SELECT " + PEER_COLUMNS + " FROM peers ORDER BY name")
                .query((rs, n) -> peer(rs))
                .list();
    }

    /** By id or name. */
    public Optional<Peer> find(String idOrName) {
        return db
                .jdbc()
                .sql("SELECT " + PEER_COLUMNS + " FROM peers WHERE id = :k OR name = :k")
                .param("k", idOrName)
                .query((rs, n) -> peer(rs))
                .list()
                .stream()
                .findFirst();
    }

    /**
     * Takes the peer's sync lease for {@code owner} until {@code until}, if nobody else holds it;
     * in a transaction of its own.
     */
    public boolean lease(String peerId, String owner, long now, long until) {
        return db.inTransaction(
                () ->
                        db.jdbc()
                                        .sql(
                                                """
                                                UPDATE peers SET lease_owner = :owner,
                                                       lease_until = :until, last_attempt_at = :now
                                                 WHERE id = :p AND (lease_until IS NULL
                                                       OR lease_until < :now OR lease_owner = :owner)
                                                """)
                                        .param("owner", owner)
                                        .param("until", until)
                                        .param("now", now)
                                        .param("p", peerId)
                                        .update()
                                == 1);
    }

    /** Who holds the lease now, if anyone. */
    public Optional<String> leaseHolder(String peerId, long now) {
        return db
                .jdbc()
                .sql(
                        "SELECT lease_owner FROM peers WHERE id = :p AND lease_until IS NOT NULL"
                                + " AND lease_until >= :now")
                .param("p", peerId)
                .param("now", now)
                .query(String.class)
                .list()
                .stream()
                .findFirst();
    }

    /**
     * Records the end of a run and gives the lease back; in a transaction of its own.
     *
     * @param caughtUp whether every collection was pulled to its end
     */
    public void finishRun(
            String peerId, String owner, long now, boolean success, boolean caughtUp) {
        db.inTransaction(
                () ->
                        db.jdbc()
                                .sql(
                                        """
                                        UPDATE peers SET
                                          lease_owner = NULL, lease_until = NULL,
                                          last_success_at = CASE WHEN :ok = 1 THEN :now
                                                                 ELSE last_success_at END,
                                          caught_up_at = CASE WHEN :caught = 1 THEN :now
                                                              ELSE caught_up_at END,
                                          failures = CASE WHEN :ok = 1 THEN 0
                                                          ELSE failures + 1 END
                                         WHERE id = :p AND lease_owner = :owner
                                        """)
                                .param("ok", success ? 1 : 0)
                                .param("caught", caughtUp ? 1 : 0)
                                .param("now", now)
                                .param("p", peerId)
                                .param("owner", owner)
                                .update());
    }

    public Health health(String peerId) {
        return db
                .jdbc()
                .sql(
                        """
                        SELECT last_attempt_at, last_success_at, caught_up_at, newest_seen,
                               failures, received, refused, sent, rejected
                          FROM peers WHERE id = :p
                        """)
                .param("p", peerId)
                .query(
                        (rs, n) ->
                                new Health(
                                        optionalLong(rs, 1),
                                        optionalLong(rs, 2),
                                        optionalLong(rs, 3),
                                        optionalLong(rs, 4),
                                        rs.getInt(5),
                                        rs.getLong(6),
                                        rs.getLong(7),
                                        rs.getLong(8),
                                        rs.getLong(9)))
                .list()
                .stream()
                .findFirst()
                .orElse(Health.NEW);
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    // ---- collections and cursors

    private static PeerCollection collection(ResultSet rs) throws SQLException {
        return new PeerCollection(
                rs.getString("peer_id"),
                rs.getString("remote_id"),
                Optional.ofNullable(rs.getString("remote_alias")),
                Optional.ofNullable(rs.getString("remote_title")),
                rs.getInt("can_read") != 0,
                rs.getInt("can_write") != 0,
                Optional.ofNullable(rs.getString("local_collection")),
                new PeerCollection.PullCursor(
                        Optional.ofNullable(rs.getString("pull_after")),
                        Optional.ofNullable(rs.getString("pull_next"))),
                rs.getLong("push_after"),
                optionalLong(rs, rs.findColumn("push_pending")),
                rs.getLong("feedback_after"));
    }

    public List<PeerCollection> collections(String peerId) {
        return db.jdbc()
                .sql("SELECT * FROM peer_collections WHERE peer_id = :p ORDER BY remote_id")
                .param("p", peerId)
                .query((rs, n) -> collection(rs))
                .list();
    }

    /** A collection as the peer lists it now, and the collection of ours it maps to. */
    public record Listed(
            String remoteId,
            Optional<String> alias,
            Optional<String> title,
            boolean canRead,
            boolean canWrite,
            Optional<String> localCollection) {}

    /**
     * Records the peer's collection list: new collections start with empty cursors (everything
     * eligible is pulled and pushed), known ones keep theirs and their mapping, those no longer
     * listed can no longer be read or written.
     */
    public void saveListing(String peerId, List<Listed> listed, long now) {
        db.inTransaction(
                () -> {
                    db.jdbc()
                            .sql(
                                    "UPDATE peer_collections SET can_read = 0, can_write = 0"
                                            + " WHERE peer_id = :p")
                            .param("p", peerId)
                            .update();
                    for (Listed l : listed) {
                        int updated =
                                db.jdbc()
                                        .sql(
                                                """
                                                UPDATE peer_collections SET remote_alias = :alias,
                                                       remote_title = :title, can_read = :r,
                                                       can_write = :w, listed_at = :now,
                                                       local_collection = COALESCE(local_collection,
                                                                                   :local)
                                                 WHERE peer_id = :p AND remote_id = :id
                                                """)
                                        .param("alias", l.alias().orElse(null))
                                        .param("title", l.title().orElse(null))
                                        .param("r", l.canRead() ? 1 : 0)
                                        .param("w", l.canWrite() ? 1 : 0)
                                        .param("now", now)
                                        .param("local", l.localCollection().orElse(null))
                                        .param("p", peerId)
                                        .param("id", l.remoteId())
                                        .update();
                        if (updated == 0) {
                            db.jdbc()
                                    .sql(
                                            """
                                            INSERT INTO peer_collections
                                                (peer_id, remote_id, remote_alias, remote_title,
                                                 can_read, can_write, local_collection, push_after,
                                                 feedback_after, listed_at)
                                            VALUES (:p, :id, :alias, :title, :r, :w, :local,
                                                    0, 0, :now)
                                            """)
                                    .param("p", peerId)
                                    .param("id", l.remoteId())
                                    .param("alias", l.alias().orElse(null))
                                    .param("title", l.title().orElse(null))
                                    .param("r", l.canRead() ? 1 : 0)
                                    .param("w", l.canWrite() ? 1 : 0)
                                    .param("local", l.localCollection().orElse(null))
                                    .param("now", now)
                                    .update();
                        }
                    }
                });
    }

    /**
     * Moves a pull cursor from {@code from} to {@code to} in the caller's transaction, which also
     * stores the objects the move covers; counts what they were. Fails when the cursor is no longer
     * at {@code from}: another node or process pulled the same page meanwhile, and this transaction
     * must roll back.
     */
    public void advancePull(
            String peerId,
            String remoteId,
            PeerCollection.PullCursor from,
            PeerCollection.PullCursor to,
            OptionalLong newestSeen,
            long stored,
            long refused) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET pull_after = :after, pull_next = :next
                                 WHERE peer_id = :p AND remote_id = :id
                                   AND COALESCE(pull_after, '') = :fromAfter
                                   AND COALESCE(pull_next, '') = :fromNext
                                """)
                        .param("after", to.after().orElse(null))
                        .param("next", to.next().orElse(null))
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("fromAfter", from.after().orElse(""))
                        .param("fromNext", from.next().orElse(""))
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the pull cursor of "
                            + remoteId
                            + " moved meanwhile: another process pulled the same page");
        }
        db.jdbc()
                .sql(
                        """
                        UPDATE peers SET received = received + :stored,
                               refused = refused + :refused,
                               newest_seen = CASE WHEN :newest > COALESCE(newest_seen, 0)
                                                  THEN :newest ELSE newest_seen END
                         WHERE id = :p
                        """)
                .param("stored", stored)
                .param("refused", refused)
                .param("newest", newestSeen.orElse(0))
                .param("p", peerId)
                .update();
    }

    /** The cursor of one collection moved meanwhile: another process synced the same peer. */
    public static final class ConcurrentSync extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentSync(String message) {
            super(message);
        }
    }

    /** Notes, in a transaction of its own, that a page up to {@code upTo} is being sent. */
    public void pushPending(String peerId, String remoteId, long upTo) {
        db.inTransaction(
                () ->
                        db.jdbc()
                                .sql(
                                        "UPDATE peer_collections SET push_pending = :upTo"
                                                + " WHERE peer_id = :p AND remote_id = :id")
                                .param("upTo", upTo)
                                .param("p", peerId)
                                .param("id", remoteId)
                                .update());
    }

    /**
     * Moves the push cursor from {@code from} to {@code to} and clears the pending page, in the
     * caller's transaction, with the counts of what the peer answered.
     */
    public void advancePush(
            String peerId, String remoteId, long from, long to, long sent, long rejected) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET push_after = :to, push_pending = NULL
                                 WHERE peer_id = :p AND remote_id = :id AND push_after = :from
                                """)
                        .param("to", to)
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("from", from)
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the push cursor of "
                            + remoteId
                            + " moved meanwhile: another process pushed the same page");
        }
        countSent(peerId, sent, rejected);
    }

    /** Moves the feedback cursor, in the caller's transaction. */
    public void advanceFeedback(String peerId, String remoteId, long from, long to, long sent) {
        int moved =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_collections SET feedback_after = :to
                                 WHERE peer_id = :p AND remote_id = :id AND feedback_after = :from
                                """)
                        .param("to", to)
                        .param("p", peerId)
                        .param("id", remoteId)
                        .param("from", from)
                        .update();
        if (moved != 1) {
            throw new ConcurrentSync(
                    "the feedback cursor of " + remoteId + " moved meanwhile: another process ran");
        }
        countSent(peerId, sent, 0);
    }

    void countSent(String peerId, long sent, long rejected) {
        if (sent == 0 && rejected == 0) {
            return;
        }
        db.jdbc()
                .sql(
                        "UPDATE peers SET sent = sent + :sent, rejected = rejected + :rejected"
                                + " WHERE id = :p")
                .param("sent", sent)
                .param("rejected", rejected)
                .param("p", peerId)
                .update();
    }

    // ---- pushes to retry

    /**
     * Records a refusal to retry at {@code nextAttempt} (empty: given up); caller's transaction.
     */
    public void pushFailed(
            String peerId,
            String remoteId,
            String stixId,
            String version,
            String message,
            int attempts,
            OptionalLong nextAttempt,
            long now) {
        String m = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
        int updated =
                db.jdbc()
                        .sql(
                                """
                                UPDATE peer_push_failures SET message = :m, attempts = :a,
                                       next_attempt_at = :next
                                 WHERE peer_id = :p AND remote_id = :r AND stix_id = :id
                                   AND version = :v
                                """)
                        .param("m", m)
                        .param("a", attempts)
                        .param("next", nextAttempt.isPresent() ? nextAttempt.getAsLong() : null)
                        .param("p", peerId)
                        .param("r", remoteId)
                        .param("id", stixId)
                        .param("v", version)
                        .update();
        if (updated == 0) {
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO peer_push_failures (peer_id, remote_id, stix_id, version,
                                                            message, attempts, next_attempt_at,
                                                            first_failed_at)
                            VALUES (:p, :r, :id, :v, :m, :a, :next, :now)
                            """)
                    .param("p", peerId)
                    .param("r", remoteId)
                    .param("id", stixId)
                    .param("v", version)
                    .param("m", m)
                    .param("a", attempts)
                    .param("next", nextAttempt.isPresent() ? nextAttempt.getAsLong() : null)
                    .param("now", now)
                    .update();
        }
    }

    /** A refused object the peer now accepted; caller's transaction. */
    public void pushSucceeded(String peerId, String remoteId, String stixId, String version) {
        db.jdbc()
                .sql(
                        """
                        DELETE FROM peer_push_failures
                         WHERE peer_id = :p AND remote_id = :r AND stix_id = :id AND version = :v
                        """)
                .param("p", peerId)
                .param("r", remoteId)
                .param("id", stixId)
                .param("v", version)
                .update();
    }

    /** Refusals whose retry is due. */
    public List<PushFailure> dueFailures(String peerId, String remoteId, long now, int limit) {
        return db.jdbc()
                .sql(
                        """
                        SELECT * FROM peer_push_failures
                         WHERE peer_id = :p AND remote_id = :r AND next_attempt_at IS NOT NULL
                           AND next_attempt_at <= :now
                         ORDER BY next_attempt_at LIMIT :limit
                        """)
                .param("p", peerId)
                .param("r", remoteId)
                .param("now", now)
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new PushFailure(
                                        rs.getString("peer_id"),
                                        rs.getString("remote_id"),
                                        rs.getString("stix_id"),
                                        rs.getString("version"),
                                        rs.getString("message"),
                                        rs.getInt("attempts"),
                                        optionalLong(rs, rs.findColumn("next_attempt_at"))))
                .list();
    }

    public List<PushFailure> failures(String peerId) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM peer_push_failures WHERE peer_id = :p"
                                + " ORDER BY first_failed_at, stix_id")
                .param("p", peerId)
                .query(
                        (rs, n) ->
                                new PushFailure(
                                        rs.getString("peer_id"),
                                        rs.getString("remote_id"),
                                        rs.getString("stix_id"),
                                        rs.getString("version"),
                                        rs.getString("message"),
                                        rs.getInt("attempts"),
                                        optionalLong(rs, rs.findColumn("next_attempt_at"))))
                .list();
    }

    // ---- events

    /** How many events are kept per peer. */
    static final int EVENTS_KEPT = 500;

    /** Records events and forgets the oldest beyond {@link #EVENTS_KEPT}; own transaction. */
    public void record(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Event> kept =
                events.size() > EVENTS_KEPT
                        ? events.subList(events.size() - EVENTS_KEPT, events.size())
                        : events;
        db.inTransaction(
                () -> {
                    db.template()
                            .batchUpdate(
                                    """
                                    INSERT INTO peer_events (peer_id, at, kind, remote_id,
                                                             object_id, message)
                                    VALUES (?, ?, ?, ?, ?, ?)
                                    """,
                                    kept.stream()
                                            .map(
                                                    e ->
                                                            new Object[] {
                                                                e.peerId(),
                                                                e.at(),
                                                                e.kind().name(),
                                                                e.remoteId().orElse(null),
                                                                e.objectId().orElse(null),
                                                                e.message()
                                                            })
                                            .toList());
                    for (String peer : kept.stream().map(Event::peerId).distinct().toList()) {
                        db.jdbc()
                                .sql(
                                        """
                                        DELETE FROM peer_events WHERE peer_id = :p AND at <
                                          (SELECT MIN(at) FROM (SELECT at FROM peer_events
                                            WHERE peer_id = :p ORDER BY at DESC LIMIT :keep) k)
                                        """)
                                .param("p", peer)
                                .param("keep", EVENTS_KEPT)
                                .update();
                    }
                });
    }

    /** The latest events of a peer, newest first. */
    public List<Event> events(String peerId, int limit) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM peer_events WHERE peer_id = :p ORDER BY at DESC"
                                + " LIMIT :limit")
                .param("p", peerId)
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new Event(
                                        rs.getString("peer_id"),
                                        rs.getLong("at"),
                                        Event.Kind.valueOf(rs.getString("kind")),
                                        Optional.ofNullable(rs.getString("remote_id")),
                                        Optional.ofNullable(rs.getString("object_id")),
                                        rs.getString("message")))
                .list();
    }
}
