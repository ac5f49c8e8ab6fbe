package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.policy.AgreementsEndToEndTest.collectionWithEveryTlp;
import static org.entente.server.policy.AgreementsEndToEndTest.memorandum;
import static org.entente.server.policy.AgreementsEndToEndTest.names;
import static org.entente.server.policy.AgreementsEndToEndTest.parties;
import static org.entente.server.testing.Fixtures.ids;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entente.server.ledger.Ledger;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.policy.AgreementsEndToEndTest.Parties;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

/**
 * The TAXII reads take the scope the policy kept without asking the agreements' generation first
 * (docs/adr/0035): its SQL admits no row once the generation has moved, and an empty answer is
 * checked. Every read endpoint (objects, one object, HEAD, versions, manifest) must show a change
 * made behind the node's back (by SQL, which only the database's triggers see) on the very next
 * request: a narrowing, or objects leave that no agreement lets go; a widening, or the partner is
 * told that what it may read does not exist; a suspension, or it reads instead of a 403.
 */
class KeptScopeTest {
    private static final String AMBER_BOTH =
            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"amber\",\"onward\":\"none\"}";
    private static final String GREEN_BOTH =
            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"green\",\"onward\":\"none\"}";

    private record Setting(
            TestNode node, TaxiiClient partner, String base, Map<String, String> ids, String id) {
        /** The AMBER object's id. */
        String amber() {
            return ids.get("AMBER");
        }

        String object() {
            return base + "objects/" + amber() + "/";
        }

        void sql(String statement) {
            node.node().database().jdbc().sql(statement).param("a", id).update();
        }
    }

    /** A partner with one agreement of {@code areas}, having read the collection once. */
    private static Setting setting(TestNode node, String areas) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        Response made = memorandum(node, p, areas);
        Map<String, String> ids = new HashMap<>();
        for (JsonNode o : node.admin().get(objectsOf(c)).json().get("objects")) {
            ids.put(o.get("name").stringValue(), o.get("id").stringValue());
        }
        assertThat(ids).containsKeys("AMBER", "GREEN");
        Setting s =
                new Setting(
                        node,
                        node.client("Bearer " + p.partnerToken()),
                        "/taxii2/api/collections/" + c + "/",
                        ids,
                        made.json().get("id").stringValue());
        // the first read makes and keeps the scope that the change below must not outlive
        assertThat(s.partner.get(s.base + "objects/").status()).isEqualTo(200);
        return s;
    }

    private static String objectsOf(String c) {
        return "/taxii2/api/collections/" + c + "/objects/";
    }

    private static int head(Setting s) {
        TaxiiClient c = s.partner;
        return c.send(
                        c.request(s.object())
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build())
                .status();
    }

    @EachDatabase
    void aNarrowingHoldsOnEveryReadEndpointAtOnce(TestNode node) {
        Setting s = setting(node, AMBER_BOTH);
        assertThat(s.partner.get(s.object()).status()).isEqualTo(200);
        assertThat(ids(s.partner.get(s.base + "manifest/"))).contains(s.amber());

        s.sql("UPDATE agreement_areas SET tlp_ceiling = 'GREEN' WHERE agreement_id = :a");
        assertThat(s.partner.get(s.object()).status()).as("the object").isEqualTo(404);
        assertThat(head(s)).as("HEAD of the object").isEqualTo(404);
        assertThat(s.partner.get(s.object() + "versions/").status())
                .as("its versions")
                .isEqualTo(404);
        assertThat(ids(s.partner.get(s.base + "manifest/")))
                .as("the manifest")
                .hasSize(2)
                .doesNotContain(s.amber());
        assertThat(names(s.partner.get(s.base + "objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN");
    }

    @EachDatabase
    void aWideningHoldsOnEveryReadEndpointAtOnce(TestNode node) {
        Setting s = setting(node, GREEN_BOTH);
        assertThat(s.partner.get(s.object()).status()).as("AMBER before").isEqualTo(404);
        assertThat(head(s)).isEqualTo(404);

        s.sql("UPDATE agreement_areas SET tlp_ceiling = 'AMBER' WHERE agreement_id = :a");
        assertThat(head(s)).as("HEAD of the object").isEqualTo(200);
        assertThat(s.partner.get(s.object() + "versions/").status())
                .as("its versions")
                .isEqualTo(200);
        Response one = s.partner.get(s.object());
        assertThat(one.status()).as("the object").isEqualTo(200);
        assertThat(names(one)).containsExactly("AMBER");
        assertThat(ids(s.partner.get(s.base + "manifest/"))).as("the manifest").contains(s.amber());
    }

    @EachDatabase
    void aSuspensionIsA403OnEveryReadEndpointAtOnce(TestNode node) {
        Setting s = setting(node, AMBER_BOTH);
        s.sql("UPDATE agreements SET status = 'SUSPENDED' WHERE id = :a");
        assertThat(s.partner.get(s.object()).status()).as("the object").isEqualTo(403);
        assertThat(s.partner.get(s.base + "manifest/").status()).as("the manifest").isEqualTo(403);

        s.sql("UPDATE agreements SET status = 'ACTIVE' WHERE id = :a");
        assertThat(s.partner.get(s.object()).status()).as("resumed").isEqualTo(200);
    }

    /**
     * What a read through a kept scope records: a page that went out under a changed agreement is
     * recorded under the agreement as it is now, never the one the scope was kept from.
     */
    @EachDatabase
    void aPageReadAgainAfterAChangeIsRecordedAsItWent(TestNode node) {
        Setting s = setting(node, AMBER_BOTH);
        long before = ledgerSize(node);
        s.sql("UPDATE agreement_areas SET tlp_ceiling = 'GREEN' WHERE agreement_id = :a");
        assertThat(names(s.partner.get(s.base + "objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN");
        // read through the ledger: SQLite keeps a listing packed (docs/adr/0041)
        List<String> listed = new ArrayList<>();
        Ledger ledger = node.node().ledger();
        for (long seq = before + 1; ; seq++) {
            var entry = ledger.entry(seq);
            if (entry.isEmpty()) {
                break;
            }
            var d = entry.get().draft();
            listed.add(d.detail().orElse("") + " " + d.objectId().orElse(""));
        }
        assertThat(String.join("\n", listed))
                .as("what the page carried, as recorded")
                .contains(s.ids().get("GREEN"))
                .doesNotContain(s.amber());
    }

    static long ledgerSize(TestNode node) {
        return node.node()
                .database()
                .jdbc()
                .sql("SELECT COALESCE(MAX(seq), 0) FROM ledger_entries")
                .query(Long.class)
                .single();
    }
}
