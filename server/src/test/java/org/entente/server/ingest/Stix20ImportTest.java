package org.entente.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;

/**
 * STIX 2.0 feeds (Talos, TAXII 2.0 servers) are stored as STIX 2.1, each object's status line
 * saying it was upgraded and what changed, on a TAXII POST and on an import alike (issue 9, item
 * 3).
 */
class Stix20ImportTest {
    /** A STIX 2.0 bundle as such feeds publish it: no spec_version, labels, seconds only. */
    private static String bundle(String indicator, String malware, String bad) {
        return """
                {"type":"bundle","id":"bundle--%s","spec_version":"2.0","objects":[
                {"type":"indicator","id":"%s","created":"2017-06-01T00:00:00Z",\
                "modified":"2017-06-01T00:00:00Z","labels":["malicious-activity"],\
                "pattern":"[domain-name:value = 'evil.example']","valid_from":"2017-06-01T00:00:00Z",\
                "object_marking_refs":["%s"]},
                {"type":"malware","id":"%s","created":"2017-06-01T00:00:00.000Z",\
                "modified":"2017-06-01T00:00:00.000Z","name":"Poison Ivy","labels":["remote-access-trojan"],\
                "object_marking_refs":["%s"]},
                {"type":"indicator","id":"%s","created":"2017-06-01T00:00:00Z",\
                "modified":"2017-06-01T00:00:00Z","labels":["malicious-activity"],\
                "pattern":"[domain-name:value = ","valid_from":"2017-06-01T00:00:00Z"}
                ]}"""
                .formatted(
                        UUID.randomUUID(),
                        indicator,
                        Tlp.GREEN.markingId(),
                        malware,
                        Tlp.GREEN.markingId(),
                        bad);
    }

    private static void servedAsValidStix21(JsonNode object) {
        assertThat(object.get("spec_version").stringValue()).isEqualTo("2.1");
        assertThat(Validator.withInstalledPatternChecker().validate(object).valid())
                .as(object.toString())
                .isTrue();
    }

    @EachDatabase
    void aStix20BundlePostedIsStoredAsStix21AndSaysSo(TestNode node) {
        Collection c = node.newCollection();
        String indicator = "indicator--" + UUID.randomUUID();
        String malware = "malware--" + UUID.randomUUID();
        String bad = "indicator--" + UUID.randomUUID();
        Response r = node.admin().post(node.objectsPath(c), bundle(indicator, malware, bad));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.json().get("success_count").intValue()).isEqualTo(2);
        List<String> notes = new ArrayList<>();
        r.json().get("successes").forEach(s -> notes.add(s.get("message").stringValue()));
        assertThat(notes)
                .hasSize(2)
                .allMatch(m -> m.startsWith("stored as STIX 2.1, upgraded from STIX 2.0"));
        assertThat(notes).anyMatch(m -> m.contains("indicator_types"));
        JsonNode failure = r.json().get("failures").get(0);
        assertThat(failure.get("id").stringValue()).isEqualTo(bad);
        assertThat(failure.get("message").stringValue())
                .contains("still invalid once upgraded to STIX 2.1")
                .contains("pattern");

        JsonNode served =
                node.admin()
                        .get(node.objectsPath(c) + indicator + "/")
                        .json()
                        .get("objects")
                        .get(0);
        servedAsValidStix21(served);
        assertThat(served.get("indicator_types").get(0).stringValue())
                .isEqualTo("malicious-activity");
        assertThat(served.get("pattern_type").stringValue()).isEqualTo("stix");
        assertThat(served.get("created").stringValue()).isEqualTo("2017-06-01T00:00:00.000Z");
        servedAsValidStix21(
                node.admin().get(node.objectsPath(c) + malware + "/").json().get("objects").get(0));
        // counted as stored anew, not as held: the same again is held
        Response again = node.admin().post(node.objectsPath(c), bundle(indicator, malware, bad));
        assertThat(again.json().get("successes").get(0).get("message").stringValue())
                .startsWith(StatusDetail.HELD);
    }

    @EachDatabase
    void aStix20FileImportedStreamedIsStoredAsStix21(TestNode node) throws Exception {
        Collection c = node.newCollection();
        String indicator = "indicator--" + UUID.randomUUID();
        String malware = "malware--" + UUID.randomUUID();
        Path file = Files.createTempFile("entente-stix20-", ".json");
        try {
            Files.writeString(file, bundle(indicator, malware, "indicator--" + UUID.randomUUID()));
            PostStatus s =
                    node.node()
                            .ingest()
                            .add(
                                    c,
                                    "test",
                                    node.node().policy().operatorWrite(),
                                    new Payload.File(file, false),
                                    Ingest.Shape.ANY,
                                    Ingest.Listener.NONE);
            assertThat(s.successCount()).isEqualTo(2);
            assertThat(s.failureCount()).isEqualTo(1);
            assertThat(s.successes())
                    .allMatch(d -> d.message().orElse("").contains("upgraded from STIX 2.0"));
        } finally {
            Files.deleteIfExists(file);
        }
        JsonNode served =
                StixJson.parse(
                        node.admin()
                                .get(node.objectsPath(c) + malware + "/")
                                .json()
                                .get("objects")
                                .get(0)
                                .toString());
        servedAsValidStix21(served);
        assertThat(served.get("malware_types").get(0).stringValue())
                .isEqualTo("remote-access-trojan");
    }
}
