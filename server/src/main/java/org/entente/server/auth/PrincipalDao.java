package org.entente.server.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.entente.server.db.Database;
import org.springframework.jdbc.core.RowMapper;

/** Principals, their passwords (hashed) and their collection grants. */
public final class PrincipalDao {
    private static final RowMapper<NodePrincipal> PRINCIPAL =
            (rs, n) ->
                    new NodePrincipal(
                            rs.getString("id"),
                            rs.getString("name"),
                            roles(rs.getString("roles")),
                            rs.getInt("disabled") != 0,
                            Optional.ofNullable(rs.getString("organisation_id")));

    private final Database db;

    public PrincipalDao(Database db) {
        this.db = db;
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
                .param("org", p.organisationId().orElse(null))
                .update();
    }

    /** Moves principals created before organisations existed into the local agency. */
    public void adoptOrphans(String localOrgId) {
        db.jdbc()
                .sql("UPDATE principals SET organisation_id = :org WHERE organisation_id IS NULL")
                .param("org", localOrgId)
                .update();
    }

    public void setDisabled(String principalId, boolean disabled) {
        db.jdbc()
                .sql("UPDATE principals SET disabled = :d WHERE id = :id")
                .param("d", disabled ? 1 : 0)
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

    public List<NodePrincipal> list() {
        return db.jdbc().sql("SELECT * FROM principals ORDER BY name").query(PRINCIPAL).list();
    }

    public Optional<String> passwordHash(String name) {
        return db.jdbc()
                .sql("SELECT password_hash FROM principals WHERE name = :name")
                .param("name", name)
                .query(String.class)
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
