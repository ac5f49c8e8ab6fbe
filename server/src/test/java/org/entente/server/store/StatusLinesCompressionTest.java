package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.indicator;
import static org.entente.server.testing.Fixtures.newId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

/**
 * On PostgreSQL a status resource's lines are compressed with lz4 where the server has it, and keep
 * the server's default (pglz) where it does not: the migration never fails for want of lz4, and the
 * lines read back the same either way. The embedded server of the tests is built without lz4;
 * Debian's (ENTENTE_CI_DEBIAN_POSTGRES=1 in .ci/run) with it.
 */
class StatusLinesCompressionTest {
    @EachDatabase
    void statusLinesAreCompressedWithLz4WhereTheServerHasIt(TestNode node) {
        Database db = node.node().database();
        if (db.dialect() != Dialect.POSTGRESQL) {
            return; // SQLite stores the lines as they are
        }
        boolean lz4 = serverHasLz4(db);
        for (String column : List.of("successes", "failures")) {
            String method =
                    db.jdbc()
                            .sql(
                                    "SELECT attcompression::text FROM pg_attribute"
                                            + " WHERE attrelid = 'status_chunks'::regclass"
                                            + " AND attname = :column")
                            .param("column", column)
                            .query(String.class)
                            .single();
            assertThat(method)
                    .as("%s: the column's method (l: lz4, empty: the default)", column)
                    .isEqualTo(lz4 ? "l" : "");
        }
        Collection c = node.newCollection();
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = newId("indicator");
            ids.add(id);
            objects.add(indicator(id, "2024-01-01T00:00:00.000Z"));
        }
        TaxiiClient.Response posted =
                node.postObjects(c, envelope(objects).getBytes(StandardCharsets.UTF_8), false);
        assertThat(posted.status()).isEqualTo(202);
        String statusId = posted.json().get("id").stringValue();
        String stored =
                db.jdbc()
                        .sql(
                                "SELECT pg_column_compression(successes) FROM status_chunks"
                                        + " WHERE status_id = :id AND chunk = 0")
                        .param("id", statusId)
                        .query(String.class)
                        .single();
        assertThat(stored)
                .as("a chunk's thousand lines are compressed")
                .isEqualTo(lz4 ? "lz4" : "pglz");
        // and they read back as they went in
        JsonNode status = node.admin().get("/taxii2/api/status/" + statusId + "/").json();
        assertThat(status.get("success_count").intValue()).isEqualTo(1000);
        List<String> listed = new ArrayList<>();
        status.get("successes").forEach(s -> listed.add(s.get("id").stringValue()));
        assertThat(listed).isEqualTo(ids);
    }

    /** Whether the server was built with lz4: the methods its default compression can be. */
    private static boolean serverHasLz4(Database db) {
        return db.jdbc()
                .sql(
                        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                                + " WHERE name = 'default_toast_compression'")
                .query(Boolean.class)
                .single();
    }
}
