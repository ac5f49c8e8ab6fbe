package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
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
        // and so does a page, every object of it (the store hands the driver's bytes on as they
        // came on both databases: no String made of them on the way)
        Response page = node.admin().get(node.objectsPath(c) + "?limit=" + objects.size());
        assertThat(page.status()).isEqualTo(200);
        for (String o : objects) {
            assertThat(page.text()).contains(o);
        }
    }

    /**
     * Every column of a row written in bulk is what the row-by-row INSERT writes for the same
     * object: absent values stay NULL (no TLP marking, no creator, no confidence, no labels), text
     * and numbers come through as they are.
     */
    @EachDatabase
    void aBulkChunkWritesTheRowsThatSingleInsertsWrite(TestNode node) {
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < ObjectRows.COPY_FROM * 2; i++) {
            String marking =
                    i % 3 == 0
                            ? ""
                            : ",\"object_marking_refs\":[\"marking-definition--"
                                    + (i % 3 == 1
                                            ? "bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
                                            : "34098fce-860f-48ae-8e50-ebd3cc5e41da")
                                    + "\"]";
            String creator =
                    i % 2 == 0 ? "" : ",\"created_by_ref\":\"identity--" + UUID.randomUUID() + "\"";
            String confidence = i % 4 == 0 ? "" : ",\"confidence\":" + (i % 101);
            String labels = i % 5 == 0 ? "" : ",\"labels\":[\"x\\\\y\",\"tab\\there\",\"é\"]";
            // modified is required of an SDO, to the millisecond at least: its precision varies
            String modified =
                    ",\"modified\":\"2024-02-0"
                            + (1 + i % 9)
                            + (i % 7 == 0 ? "T00:00:00.000Z\"" : "T00:00:00.123456Z\"");
            objects.add(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"indicator--%s",\
                    "created":"2024-01-01T00:00:00.000Z"%s,"name":"n\\\\N \\\\\\\\N NULL \\\\. %d",\
                    "pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix",\
                    "valid_from":"2024-01-01T00:00:00Z"%s%s%s%s}"""
                            .formatted(
                                    UUID.randomUUID(),
                                    modified,
                                    i,
                                    i % 250,
                                    confidence,
                                    labels,
                                    creator,
                                    marking));
        }
        Collection bulk = node.newCollection();
        Collection single = node.newCollection();
        Response r =
                node.admin()
                        .post(
                                node.objectsPath(bulk),
                                "{\"objects\":[" + String.join(",", objects) + "]}");
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.json().get("success_count").intValue()).as(r.text()).isEqualTo(objects.size());
        // envelopes smaller than a bulk chunk: one INSERT per row
        for (int from = 0; from < objects.size(); from += 10) {
            List<String> few = objects.subList(from, Math.min(objects.size(), from + 10));
            Response s =
                    node.admin()
                            .post(
                                    node.objectsPath(single),
                                    "{\"objects\":[" + String.join(",", few) + "]}");
            assertThat(s.status()).as(s.text()).isEqualTo(202);
        }
        List<List<String>> bulkRows = rows(node, bulk);
        assertThat(bulkRows).hasSize(objects.size()).isEqualTo(rows(node, single));
        assertThat(bulkRows.stream().filter(row -> row.get(7) == null)).isNotEmpty();
        assertThat(bulkRows.stream().filter(row -> row.get(9) == null)).isNotEmpty();
    }

    /** Every column but the collection and the time of adding, in the ids' order. */
    private static List<List<String>> rows(TestNode node, Collection c) {
        return node.node()
                .database()
                .jdbc()
                .sql(
                        """
                        SELECT stix_id, stix_type, spec_version, version, version_key, is_first,
                               is_last, tlp, effective_tlp, created_by, body, lineage, shadowed,
                               origin_org, origin_agreement, origin_area, onward_org,
                               onward_agreement, onward_area, confidence, labels, names_us
                          FROM objects
                         WHERE collection_seq = (SELECT seq FROM collections WHERE id = :c)
                         ORDER BY stix_id
                        """)
                .param("c", c.id())
                .query(
                        (rs, n) ->
                                IntStream.rangeClosed(1, 22)
                                        .mapToObj(
                                                col -> {
                                                    try {
                                                        return rs.getString(col);
                                                    } catch (java.sql.SQLException e) {
                                                        throw new IllegalStateException(e);
                                                    }
                                                })
                                        .toList())
                .list();
    }
}
