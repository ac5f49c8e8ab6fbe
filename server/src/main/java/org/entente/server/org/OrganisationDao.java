package org.entente.server.org;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;
import org.springframework.jdbc.core.RowMapper;

/**
 * Organisations. Every request reads its caller's organisation, which changes only by an
 * administrator's hand, so what is found is remembered for two seconds (only hits: something
 * recorded is found at once). A change made on another node behind the same database shows here
 * within those two seconds; one made here, at once.
 */
public final class OrganisationDao {
    private static final RowMapper<Organisation> ORG =
            (rs, n) ->
                    new Organisation(
                            rs.getString("id"),
                            OrgKind.valueOf(rs.getString("kind")),
                            rs.getString("name"),
                            Optional.ofNullable(rs.getString("country")),
                            split(rs.getString("sectors")),
                            Optional.ofNullable(rs.getString("contact")),
                            rs.getString("identity_id"),
                            java.time.Instant.EPOCH.plus(
                                    rs.getLong("created_at"),
                                    java.time.temporal.ChronoUnit.MICROS));

    private final Database db;
    private final Cache<String, Organisation> byId = shortCache(10_000);

    /** The local agency, apart: no id, however made up, can look it up. */
    private final Cache<Boolean, Organisation> local = shortCache(1);

    public OrganisationDao(Database db) {
        this.db = db;
    }

    private static <K> Cache<K, Organisation> shortCache(int size) {
        return Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(2))
                .maximumSize(size)
                .build();
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.asList(csv.split(","));
    }

    public void insert(Organisation o) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO organisations (id, kind, name, country, sectors, contact,
                                                   identity_id, created_at)
                        VALUES (:id, :kind, :name, :country, :sectors, :contact, :identity, :now)
                        """)
                .param("id", o.id())
                .param("kind", o.kind().name())
                .param("name", o.name())
                .param("country", o.country().orElse(null))
                .param("sectors", o.sectors().isEmpty() ? null : String.join(",", o.sectors()))
                .param("contact", o.contact().orElse(null))
                .param("identity", o.identityId())
                .param(
                        "now",
                        o.created().getEpochSecond() * 1_000_000L + o.created().getNano() / 1000)
                .update();
    }

    public void update(Organisation o) {
        db.jdbc()
                .sql(
                        """
                        UPDATE organisations SET name = :name, country = :country,
                               sectors = :sectors, contact = :contact
                         WHERE id = :id
                        """)
                .param("id", o.id())
                .param("name", o.name())
                .param("country", o.country().orElse(null))
                .param("sectors", o.sectors().isEmpty() ? null : String.join(",", o.sectors()))
                .param("contact", o.contact().orElse(null))
                .update();
        byId.invalidateAll();
        local.invalidateAll();
    }

    public Optional<Organisation> byId(String id) {
        // a loader's null is not cached: an id not found is asked again next time
        return Optional.ofNullable(byId.get(id, k -> load(k).orElse(null)));
    }

    public Optional<Organisation> byId(OrgId id) {
        return byId(id.value());
    }

    private Optional<Organisation> load(String id) {
        return db.jdbc()
                .sql("SELECT * FROM organisations WHERE id = :id")
                .param("id", id)
                .query(ORG)
                .optional();
    }

    /** By id or by exact name, as people type it on the command line. */
    public Optional<Organisation> find(String idOrName) {
        return db
                .jdbc()
                .sql("SELECT * FROM organisations WHERE id = :k OR name = :k")
                .param("k", idOrName)
                .query(ORG)
                .list()
                .stream()
                .findFirst();
    }

    public Optional<Organisation> local() {
        return Optional.ofNullable(local.get(true, k -> loadLocal().orElse(null)));
    }

    private Optional<Organisation> loadLocal() {
        return db.jdbc()
                .sql("SELECT * FROM organisations WHERE kind = 'LOCAL'")
                .query(ORG)
                .optional();
    }

    public List<Organisation> list() {
        return db.jdbc().sql("SELECT * FROM organisations ORDER BY kind, name").query(ORG).list();
    }
}
