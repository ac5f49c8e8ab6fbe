package org.entente.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;

import java.util.ArrayList;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.server.trust.Parties.Party;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * Labels compare one way everywhere, without regard to case and never as patterns, on both
 * databases and in Java (issue 8, item 8).
 */
class LabelsTest {
    private static String labelled(String id, String... labels) {
        return Stix.indicator(
                id,
                "2024-01-01T00:00:00.000Z",
                Stix.marking(Tlp.GREEN) + ",\"labels\":[\"" + String.join("\",\"", labels) + "\"]");
    }

    private static List<String> ids(TaxiiClient client, String path) {
        TaxiiClient.Response r = client.get(path);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JsonNode objects = r.json().get("objects");
        if (objects != null) {
            objects.forEach(o -> out.add(o.get("id").stringValue()));
        }
        return out;
    }

    @EachDatabase
    void labelRulesMatchWithoutRegardToCaseAndNeverAsPatterns(TestNode node) {
        Collection c = node.newCollection();
        Party p =
                Parties.party(
                        node,
                        "partner",
                        Parties.area(
                                "share",
                                "amber",
                                "none",
                                "\"labels_any\":[\"share\",\"ok_1\"]",
                                "\"labels_none\":[\"internal\"]"));
        String upper = Stix.id("indicator");
        String wildcard = Stix.id("indicator");
        String pattern = Stix.id("indicator");
        String internal = Stix.id("indicator");
        String plain = Stix.id("indicator");
        String pipe = Stix.id("indicator");
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(
                                labelled(upper, "SHARE"),
                                labelled(wildcard, "okx1"),
                                labelled(pattern, "ok_1"),
                                labelled(internal, "Share", "INTERNAL"),
                                labelled(plain, "shared"),
                                labelled(pipe, "share|internal")));
        String base = "/taxii2/api/collections/" + c.id() + "/";
        List<String> objects = ids(p.taxii(), base + "objects/");
        assertThat(objects).containsExactlyInAnyOrder(upper, pattern);
        assertThat(ids(p.taxii(), base + "manifest/")).containsExactlyInAnyOrderElementsOf(objects);
        for (String id : List.of(wildcard, internal, plain, pipe)) {
            assertThat(p.taxii().get(base + "objects/" + id + "/versions/").status())
                    .isEqualTo(404);
        }
    }
}
