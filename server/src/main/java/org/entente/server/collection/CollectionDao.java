package org.entente.server.collection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.entente.server.db.Database;
import org.entente.stix.Tlp;
import org.springframework.jdbc.core.RowMapper;

/**
 * API roots and collections.
 *
 * <p>What every request reads and only an administrator's hand changes (an API root, a collection
 * by id or alias) is remembered for two seconds, so that a GET of one object costs one query, not
 * six. Only hits are kept: something created is found at once. Agreements, tokens and principals
 * are never cached this way: their changes take effect on the next request.
 */
public final class CollectionDao {
    private static final Duration REMEMBERED = Duration.ofSeconds(2);
    private static final RowMapper<Collection> COLLECTION =
            (rs, n) ->
                    new Collection(
                            rs.getString("id"),
                            rs.getString("api_root"),
                            Optional.ofNullable(rs.getString("alias")),
                            rs.getString("title"),
                            Optional.ofNullable(rs.getString("description")),
                            rs.getString("area"),
                            Tlp.valueOf(rs.getString("default_tlp")));

    private static final RowMapper<ApiRoot> API_ROOT =
            (rs, n) ->
                    new ApiRoot(
                            rs.getString("name"),
                            rs.getString("title"),
                            Optional.ofNullable(rs.getString("description")),
                            rs.getLong("max_content_length"));

    private final Database db;
    private final Cache<String, ApiRoot> roots = shortCache();
    private final Cache<List<String>, Collection> found = shortCache();

    public CollectionDao(Database db) {
        this.db = db;
    }

    private static <K, V> Cache<K, V> shortCache() {
        return Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
    }

    public List<ApiRoot> apiRoots() {
        return db.jdbc().sql("SELECT * FROM api_roots ORDER BY name").query(API_ROOT).list();
    }

    public Optional<ApiRoot> apiRoot(String name) {
        // the loader's null (nothing found) is not kept
        return Optional.ofNullable(roots.get(name, n -> loadApiRoot(n).orElse(null)));
    }

    private Optional<ApiRoot> loadApiRoot(String name) {
        return db.jdbc()
                .sql("SELECT * FROM api_roots WHERE name = :name")
                .param("name", name)
                .query(API_ROOT)
                .optional();
    }

    public void saveApiRoot(ApiRoot root) {
        roots.invalidateAll();
        int updated =
                db.jdbc()
                        .sql(
                                """
                                UPDATE api_roots SET title = :title, description = :description,
                                       max_content_length = :max
                                 WHERE name = :name
                                """)
                        .param("name", root.name())
                        .param("title", root.title())
                        .param("description", root.description().orElse(null))
                        .param("max", root.maxContentLength())
                        .update();
        if (updated == 0) {
            db.jdbc()
                    .sql(
                            """
                            INSERT INTO api_roots (name, title, description, max_content_length)
                            VALUES (:name, :title, :description, :max)
                            """)
                    .param("name", root.name())
                    .param("title", root.title())
                    .param("description", root.description().orElse(null))
                    .param("max", root.maxContentLength())
                    .update();
        }
    }

    /** Collections of an API root in a stable order (TAXII requires one). */
    public List<Collection> list(String apiRoot) {
        return db.jdbc()
                .sql("SELECT * FROM collections WHERE api_root = :root ORDER BY created_at, id")
                .param("root", apiRoot)
                .query(COLLECTION)
                .list();
    }

    /** A collection by id or by alias (TAXII lets an alias stand for the id in URLs). */
    public Optional<Collection> find(String apiRoot, String idOrAlias) {
        return Optional.ofNullable(
                found.get(List.of(apiRoot, idOrAlias), k -> load(k.get(0), k.get(1)).orElse(null)));
    }

    private Optional<Collection> load(String apiRoot, String idOrAlias) {
        return db
                .jdbc()
                .sql(
                        """
                        SELECT * FROM collections
                         WHERE api_root = :root AND (id = :key OR alias = :key)
                         ORDER BY CASE WHEN id = :key THEN 0 ELSE 1 END
                        """)
                .param("root", apiRoot)
                .param("key", idOrAlias)
                .query(COLLECTION)
                .list()
                .stream()
                .findFirst();
    }

    public Optional<Collection> byId(String id) {
        return db.jdbc()
                .sql("SELECT * FROM collections WHERE id = :id")
                .param("id", id)
                .query(COLLECTION)
                .optional();
    }

    public void insert(Collection c, long nowMicros) {
        db.jdbc()
                .sql(
                        """
                        INSERT INTO collections (id, seq, api_root, alias, title, description,
                                                 area, default_tlp, last_added, created_at)
                        VALUES (:id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM collections), :root,
                                :alias, :title, :description, :area, :tlp, 0, :now)
                        """)
                .param("id", c.id())
                .param("root", c.apiRoot())
                .param("alias", c.alias().orElse(null))
                .param("title", c.title())
                .param("description", c.description().orElse(null))
                .param("area", c.area())
                .param("tlp", c.defaultTlp().name())
                .param("now", nowMicros)
                .update();
    }
}
