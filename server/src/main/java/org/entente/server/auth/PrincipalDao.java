package org.entente.server.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.entente.server.db.Database;
import org.entente.server.org.OrgId;
import org.springframework.jdbc.core.RowMapper;

/** Principals, their passwords (hashed) and their collection grants. */
public final class PrincipalDao {
    private static final RowMapper<NodePrincipal> PRINCIPAL = (rs, n) -> principal(rs, "");

    /** A principal and its password's hash, if it has one: what HTTP Basic checks against. */
    record Credentials(NodePrincipal principal, Optional<String> passwordHash) {}

    private final Database db;

    public PrincipalDao(Database db) {
        this.db = db;
    }

    /**
     * A principal from a row whose columns are named {@code prefix + "id"} and so on. A row with no
     * organisation can only come from outside the node (the node's setup gives every principal
     * one), and is refused rather than guessed.
     */
    static NodePrincipal principal(ResultSet rs, String prefix) throws SQLException {
        String organisation = rs.getString(prefix + "organisation_id");
        if (organisation == null) {
            throw new IllegalStateException(
                    "principal '"
                            + rs.getString(prefix + "name")
                            + "' has no organisation recorded; the node's setup gives every"
                            + " principal one at start");
        }
        return new NodePrincipal(
                rs.getString(prefix + "id"),
                rs.getString(prefix + "name"),
                roles(rs.getString(prefix + "roles")),
                rs.getInt(prefix + "disabled") != 0,
                new OrgId(organisation));
    }

    static Set<Role> roles(String csv) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (csv != null && !csv.isBlank()) {
            Arrays.stream(csv.split(",")).map(Role::parse).forEach(roles::add);
        }
        return roles;
    }

    public void insert(NodePrincipal p, long nowMicros) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO principals (id, name, roles, password_hash, disabled,
                                                created_at, organisation_id)
                        VALUES (:id, :name, :roles, NULL, :disabled, :now, :org)
                        """)
                .param("id", p.id())
                .param("name", p.name())
                .param(
                        "roles",
                        p.roles().stream()
                                .map(Enum::name)
                                .sorted()
                                .collect(Collectors.joining(",")))
                .param("disabled", p.disabled() ? 1 : 0)
                .param("now", nowMicros)
                .param("org", p.organisation().value())
                .update();
    }

    /**
     * Gives principals recorded without an organisation (by versions before organisations, or by an
     * older {@code token create --role partner}) to the local agency. Those with a partner or
     * constituent role cannot belong to it and were wrongly read as local: they are disabled and
     * lose their grants, for an administrator to record again under their organisation. The same as
     * migration V5, for a database that had no local agency when it ran.
     */
    public void adoptOrphans(OrgId local) {
        String outside =
                "organisation_id IS NULL AND (roles LIKE '%PARTNER%' OR roles LIKE"
                        + " '%CONSTITUENT%')";
        db.jdbc()
                .sql(
                        "DELETE FROM collection_grants WHERE principal_id IN (SELECT id FROM"
                                + " principals WHERE "
                                + outside
                                + ")")
                .update();
        db.jdbc().sql("UPDATE principals SET disabled = 1 WHERE " + outside).update();
        db.jdbc()
                .sql("UPDATE principals SET organisation_id = :org WHERE organisation_id IS NULL")
                .param("org", local.value())
                .update();
    }

    public void setDisabled(String principalId, boolean disabled) {
        db.jdbc()
                .sql("UPDATE principals SET disabled = :d WHERE id = :id")
                .param("d", disabled ? 1 : 0)
                .param("id", principalId)
                .update();
    }

    public void setRoles(String principalId, Set<Role> roles) {
        db.jdbc()
                .sql("UPDATE principals SET roles = :roles WHERE id = :id")
                .param(
                        "roles",
                        roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                .param("id", principalId)
                .update();
    }

    public Optional<NodePrincipal> byCertificateSubject(String subject) {
        return db.jdbc()
                .sql("SELECT * FROM principals WHERE certificate_subject = :s")
                .param("s", subject)
                .query(PRINCIPAL)
                .optional();
    }

    public void setCertificateSubject(String principalId, String subject) {
        db.jdbc()
                .sql("UPDATE principals SET certificate_subject = :s WHERE id = :id")
                .param("s", subject)
                .param("id", principalId)
                .update();
    }

    public Optional<NodePrincipal> byId(String id) {
        return db.jdbc()
                .sql("SELECT * FROM principals WHERE id = :id")
                .param("id", id)
                .query(PRINCIPAL)
                .optional();
    }

    public Optional<NodePrincipal> byName(String name) {
        return db.jdbc()
                .sql("SELECT * FROM principals WHERE name = :name")
                .param("name", name)
                .query(PRINCIPAL)
                .optional();
    }

    /** Whether a principal has a password set (the hash itself stays here). */
    public boolean hasPassword(String principalId) {
        return db.jdbc()
                        .sql(
                                "SELECT COUNT(*) FROM principals WHERE id = :id"
                                        + " AND password_hash IS NOT NULL")
                        .param("id", principalId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public List<NodePrincipal> list() {
        return db.jdbc().sql("SELECT * FROM principals ORDER BY name").query(PRINCIPAL).list();
    }

    /**
     * Up to {@code limit} principals in the order of their names, after {@code after} (empty for
     * the first), whose name holds {@code contains} in any case (empty for all), each with whether
     * it has a password: one statement for a page of the console's list.
     */
    public List<Principals.Listed> page(String after, String contains, int limit) {
        return db.jdbc()
                .sql(
                        "SELECT *, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password"
                                + " FROM principals WHERE name > :after"
                                // NB: both sides lowered by the database, which lowers
                                // as it can (SQLite only ASCII): a name is always found as
                                // it is written
                                + " AND LOWER(name) LIKE LOWER(CAST(:like AS TEXT)) ESCAPE '!'"
                                + " ORDER BY name LIMIT CAST(:limit AS INTEGER)")
                .param("after", after)
                .param("like", "%" + likeLiteral(contains) + "%")
                .param("limit", limit)
                .query(
                        (rs, n) ->
                                new Principals.Listed(
                                        principal(rs, ""), rs.getInt("has_password") != 0))
                .list();
    }

    /** {@code text} matched literally by {@code LIKE ... ESCAPE '!'}. */
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A principal by name with its password's hash, in one query (every Basic request asks). */
    Optional<Credentials> credentials(String name) {
        return db.jdbc()
                .sql("SELECT * FROM principals WHERE name = :name")
                .param("name", name)
                .query(
                        (rs, n) ->
                                new Credentials(
                                        principal(rs, ""),
                                        Optional.ofNullable(rs.getString("password_hash"))))
                .optional();
    }

    public void setPasswordHash(String principalId, String hash) {
        db.jdbc()
                .sql("UPDATE principals SET password_hash = :hash WHERE id = :id")
                .param("hash", hash)
                .param("id", principalId)
                .update();
    }

    public List<Grant> grants(String principalId) {
        return db.jdbc()
                .sql("SELECT * FROM collection_grants WHERE principal_id = :p")
                .param("p", principalId)
                .query(
                        (rs, n) ->
                                new Grant(
                                        rs.getString("collection_id"),
                                        rs.getInt("can_read") != 0,
                                        rs.getInt("can_write") != 0))
                .list();
    }

    public Optional<Grant> grant(String principalId, String collectionId) {
        return db.jdbc()
                .sql(
                        "SELECT * FROM collection_grants WHERE principal_id = :p"
                                + " AND collection_id = :c")
                .param("p", principalId)
                .param("c", collectionId)
                .query(
                        (rs, n) ->
                                new Grant(
                                        rs.getString("collection_id"),
                                        rs.getInt("can_read") != 0,
                                        rs.getInt("can_write") != 0))
                .optional();
    }

    /** Sets (replaces) a principal's rights on a collection. */
    public void setGrant(String principalId, Grant grant) {
        db.inTransaction(
                () -> {
                    db.jdbc()
                            .sql(
                                    "DELETE FROM collection_grants WHERE principal_id = :p"
                                            + " AND collection_id = :c")
                            .param("p", principalId)
                            .param("c", grant.collectionId())
                            .update();
                    db.jdbc()
                            .sql(
                                    """
                                    INSERT INTO collection_grants
                                        (principal_id, collection_id, can_read, can_write)
                                    VALUES (:p, :c, :r, :w)
                                    """)
                            .param("p", principalId)
                            .param("c", grant.collectionId())
                            .param("r", grant.canRead() ? 1 : 0)
                            .param("w", grant.canWrite() ? 1 : 0)
                            .update();
                });
    }
}
