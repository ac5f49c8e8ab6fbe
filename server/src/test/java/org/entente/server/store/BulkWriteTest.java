package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;

/**
 * A chunk large enough to be written in bulk (PostgreSQL's COPY) keeps every object byte for byte
 * and every fact the policy reads, whatever its text holds: quotes, commas, line breaks inside the
 * JSON, characters beyond ASCII.
 */
class BulkWriteTest {
    @EachDatabase
    void aBulkChunkKeepsEveryByte(TestNode node) {
        Collection c = node.newCollection();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < ObjectRows.COPY_FROM * 3; i++) {
            objects.add(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"indicator--%s",
                     "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
                     "name":"quote \\" comma , semicolon ; backslash \\\\ tab\\t %d",
                     "description":"東京 — Ünïcödé, \\"quoted\\", line\\nbreak, emoji 🛰",
                     "pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix",
                     "valid_from":"2024-01-01T00:00:00Z","confidence":%d,"labels":["APT","a,b"],
                     "object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}"""
                            .formatted(UUID.randomUUID(), i, i % 250, i % 101));
        }
        String body = "{\"objects\":[\n" + String.join(",\r\n", objects) + "\n]}";
        Response r = node.admin().post(node.objectsPath(c), body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.json().get("success_count").intValue()).isEqualTo(objects.size());
        for (String o : objects) {
            String id = o.substring(o.indexOf("indicator--"), o.indexOf("indicator--") + 47);
            byte[] served =
                    node.node()
                            .database()
                            .jdbc()
                            .sql("SELECT body FROM objects WHERE stix_id = :id")
                            .param("id", id)
                            .query(
                                    (rs, n) ->
                                            node.node().database().dialect().name().equals("SQLITE")
                                                    ? rs.getBytes(1)
                                                    : rs.getString(1)
                                                            .getBytes(StandardCharsets.UTF_8))
                            .single();
            assertThat(new String(served, StandardCharsets.UTF_8)).isEqualTo(o);
        }
        // the facts the policy reads came through too
        assertThat(
                        node.node()
                                .database()
                                .jdbc()
                                .sql(
                                        "SELECT COUNT(*) FROM objects o JOIN collections c ON"
                                                + " c.seq = o.collection_seq WHERE c.id = :c AND"
                                                + " o.tlp = 'GREEN' AND o.effective_tlp = 'GREEN'"
                                                + " AND o.labels IS NOT NULL AND o.confidence IS"
                                                + " NOT NULL AND o.lineage = '' AND o.is_last = 1")
                                .param("c", c.id())
                                .query(Long.class)
                                .single())
                .isEqualTo(objects.size());
        // and a GET serves the bytes as they came
        Response one =
                node.admin()
                        .get(
                                node.objectsPath(c)
                                        + objects.get(7)
                                                .substring(
                                                        objects.get(7).indexOf("indicator--"),
                                                        objects.get(7).indexOf("indicator--") + 47)
                                        + "/");
        assertThat(one.text()).contains(objects.get(7));
    }
}
