package org.entente.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StoredBody;
import org.entente.server.testing.PlainNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A marking definition may come after the objects it marks, in a body held in memory and in one
 * streamed from disk alike (issue 9, item 2); the node's own export re-imported loses nothing.
 */
class MarkingsLastTest {
    private static final String TLP2 = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private static Node node(Dialect dialect) throws Exception {
        return PlainNode.fresh(dialect);
    }

    /** Indicators marked by a TLP 2.0 GREEN definition of its own id and a statement, both last. */
    private static List<String> markedObjects(int n, String green, String statement) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"indicator--%s",\
                    "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                    "name":"n%d","pattern":"[ipv4-addr:value = '198.51.100.%d']",\
                    "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",\
                    "object_marking_refs":["%s","%s"]}"""
                            .formatted(UUID.randomUUID(), i, i % 250, green, statement));
        }
        out.add(
                """
                {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                "created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN",\
                "extensions":{"%s":{"extension_type":"property-extension","tlp_2_0":"green"}}}"""
                        .formatted(green, TLP2));
        out.add(
                """
                {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                "created":"2017-06-01T00:00:00Z","definition_type":"statement",\
                "definition":{"statement":"Copyright 2017, Example"}}"""
                        .formatted(statement));
        return out;
    }

    private static String bundle(List<String> objects) {
        return "{\"type\":\"bundle\",\"id\":\"bundle--"
                + UUID.randomUUID()
                + "\",\"objects\":["
                + String.join(",", objects)
                + "]}";
    }

    private static long green(Node n, Collection c) {
        return n.database()
                .jdbc()
                .sql(
                        "SELECT COUNT(*) FROM objects o JOIN collections c ON c.seq ="
                                + " o.collection_seq WHERE c.id = :c AND o.tlp = :t")
                .param("c", c.id())
                .param("t", Tlp.GREEN.name())
                .query(Long.class)
                .single();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void markingDefinitionsLastAreReadFirstWhetherTheBodyIsHeldOrStreamed(Dialect dialect)
            throws Exception {
        try (Node n = node(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            String green = "marking-definition--" + UUID.randomUUID();
            String statement = "marking-definition--" + UUID.randomUUID();
            byte[] body =
                    bundle(markedObjects(2500, green, statement)).getBytes(StandardCharsets.UTF_8);
            PostStatus held =
                    n.ingest()
                            .add(
                                    c,
                                    "test",
                                    n.policy().operatorWrite(),
                                    new Payload.Bytes(body),
                                    Ingest.Shape.ANY,
                                    Ingest.Listener.NONE);
            assertThat(held.failureCount()).as(held.failures().toString()).isZero();

            String green2 = "marking-definition--" + UUID.randomUUID();
            String statement2 = "marking-definition--" + UUID.randomUUID();
            Path file = Files.createTempFile("entente-markings-last-", ".json");
            Files.writeString(file, bundle(markedObjects(2500, green2, statement2)));
            PostStatus streamed =
                    n.ingest()
                            .add(
                                    c,
                                    "test",
                                    n.policy().operatorWrite(),
                                    new Payload.File(file, true),
                                    Ingest.Shape.ANY,
                                    Ingest.Listener.NONE);
            assertThat(streamed.failureCount()).as(streamed.failures().toString()).isZero();
            assertThat(streamed.successCount()).isEqualTo(2502);
            assertThat(green(n, c)).isEqualTo(5000);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theNodesOwnExportReimportedLosesNothing(Dialect dialect) throws Exception {
        Path export = Files.createTempFile("entente-export-", ".json");
        int total;
        try (Node n = node(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            List<String> objects =
                    markedObjects(
                            3000,
                            "marking-definition--" + UUID.randomUUID(),
                            "marking-definition--" + UUID.randomUUID());
            // the definitions go in last: the export lists them last too, by date added
            n.ingest()
                    .add(
                            c,
                            "test",
                            n.policy().operatorWrite(),
                            new Payload.Bytes(bundle(objects).getBytes(StandardCharsets.UTF_8)),
                            Ingest.Shape.ANY,
                            Ingest.Listener.NONE);
            List<String> exported = new ArrayList<>();
            ObjectQuery q = ObjectQuery.all(c.id(), 1000);
            while (true) {
                var page = n.disclosures().operatorBodies(q);
                for (StoredBody b : page.items()) {
                    exported.add(new String(b.body(), StandardCharsets.UTF_8));
                }
                if (!page.more()) {
                    break;
                }
                q = q.after(page.last());
            }
            total = exported.size();
            assertThat(total).isEqualTo(objects.size());
            Files.writeString(export, bundle(exported));
        }
        try (Node fresh = node(dialect)) {
            Collection c = fresh.collections().find("api", "threat-intel").orElseThrow();
            PostStatus again =
                    fresh.ingest()
                            .add(
                                    c,
                                    "test",
                                    fresh.policy().operatorWrite(),
                                    new Payload.File(export, false),
                                    Ingest.Shape.ANY,
                                    Ingest.Listener.NONE);
            assertThat(again.failureCount()).as(again.failures().toString()).isZero();
            assertThat(again.successCount()).isEqualTo(total);
        }
    }
}
