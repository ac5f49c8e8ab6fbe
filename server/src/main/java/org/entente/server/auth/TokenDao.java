package org.entente.server.auth;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.entente.server.db.Database;

/** API tokens, stored only as SHA-256 hashes. */
public final class TokenDao {
    /** What is known of a token without its secret. */
    public record TokenRow(
            String hash,
            String principalId,
            String label,
            long createdAt,
            OptionalLong expiresAt,
            OptionalLong revokedAt) {}

    private final Database db;

    public TokenDao(Database db) {
        this.db = db;
    }

    public void insert(TokenRow row) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO tokens (hash, principal_id, label, created_at, expires_at,
                                            revoked_at)
                        VALUES (:hash, :p, :label, :created, :expires, NULL)
                        """)
                .param("hash", row.hash())
                .param("p", row.principalId())
                .param("label", row.label())
                .param("created", row.createdAt())
                .param("expires", row.expiresAt().isPresent() ? row.expiresAt().getAsLong() : null)
                .update();
    }

    /**
     * A token with the principal it stands for.
     *
     * @param storedRoles the principal's roles as its row holds them, which {@link
     *     KeptToken#stillHolds} compares
     */
    public record Found(TokenRow token, NodePrincipal principal, String storedRoles) {}

    /** A token with the principal it stands for, in one query (every request asks). */
    public Optional<Found> withPrincipal(String hash) {
        return db.jdbc()
                .sql(
                        """
                        SELECT t.hash, t.principal_id, t.label, t.created_at, t.expires_at,
                               t.revoked_at, p.id AS p_id, p.name AS p_name, p.roles AS p_roles,
                               p.disabled AS p_disabled,
                               p.organisation_id AS p_organisation_id
                          FROM tokens t JOIN principals p ON p.id = t.principal_id
                         WHERE t.hash = :hash
                        """)
                .param("hash", hash)
                .query(
                        (rs, n) ->
                                new Found(
                                        row(rs, n),
                                        PrincipalDao.principal(rs, "p_"),
                                        rs.getString("p_roles")))
                .optional();
    }

    public Optional<TokenRow> byHash(String hash) {
        return db.jdbc()
                .sql("SELECT * FROM tokens WHERE hash = :hash")
                .param("hash", hash)
                .query(TokenDao::row)
                .optional();
    }

    public List<TokenRow> byPrincipal(String principalId) {
        return db.jdbc()
                .sql("SELECT * FROM tokens WHERE principal_id = :p ORDER BY created_at")
                .param("p", principalId)
                .query(TokenDao::row)
                .list();
    }

    /** Whether a principal has ever had a token with this label, revoked or not. */
    public boolean hasLabel(String principalId, String label) {
        return db.jdbc()
                        .sql(
                                "SELECT COUNT(*) FROM tokens WHERE principal_id = :p"
                                        + " AND label = :label")
                        .param("p", principalId)
                        .param("label", label)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public int revoke(String hash, long nowMicros) {
        return db.jdbc()
                .sql(
                        "UPDATE tokens SET revoked_at = :now WHERE hash = :hash AND revoked_at IS"
                                + " NULL")
                .param("now", nowMicros)
                .param("hash", hash)
                .update();
    }

    private static TokenRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long expires = rs.getLong("expires_at");
        boolean noExpiry = rs.wasNull();
        long revoked = rs.getLong("revoked_at");
        boolean notRevoked = rs.wasNull();
        return new TokenRow(
                rs.getString("hash"),
                rs.getString("principal_id"),
                rs.getString("label"),
                rs.getLong("created_at"),
                noExpiry ? OptionalLong.empty() : OptionalLong.of(expires),
                notRevoked ? OptionalLong.empty() : OptionalLong.of(revoked));
    }
}
