package org.entente.server.federation;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;

/**
 * Peers: their records, the sync lease, and the health and counts of their runs. Credentials are
 * sealed on the way in and opened on the way out, so nothing else ever sees them sealed or stores
 * them clear. What hangs off a peer has DAOs of its own: {@link PeerCollectionDao} (collections and
 * cursors), {@link PushFailureDao} (refusals to retry), {@link PeerEventDao} (events).
 */
public final class PeerDao {
    private final Database db;
    private final Secrets secrets;

    public PeerDao(Database db, Secrets secrets) {
        this.db = db;
        this.secrets = secrets;
    }

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

    /**
     * Removes a peer and every row that hangs off it (its events, refusals to retry, collections
     * and cursors), children first; in the caller's transaction. The ledger keeps what flowed.
     *
     * <p>On PostgreSQL the peer's row is locked first: a run that records one of its rows meanwhile
     * either ends before the deletes (which then take its row too) or waits for them and fails on
     * the missing peer. Without the lock such a row, committed between the children's delete and
     * the peer's, failed the removal. SQLite has one writer at a time.
     */
    public void delete(String peerId) {
        if (db.dialect() == Dialect.POSTGRESQL) {
            db.jdbc()
                    .sql("SELECT id FROM peers WHERE id = :p FOR UPDATE")
                    .param("p", peerId)
                    .query(String.class)
                    .list();
        }
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

    public PeerHealth health(String peerId) {
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
                                new PeerHealth(
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
                .orElse(PeerHealth.NEW);
    }

    /**
     * Counts what a pull stored and refused, and how far the peer's date_added has come; in the
     * transaction that moves the pull cursor over those objects.
     */
    public void countReceived(String peerId, OptionalLong newestSeen, long stored, long refused) {
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

    /** Counts objects of ours the peer accepted and refused; in the caller's transaction. */
    public void countSent(String peerId, long sent, long rejected) {
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

    static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
