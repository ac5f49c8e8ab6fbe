package org.entente.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;

import java.util.ArrayList;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.server.trust.Parties.Party;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * What goes on from what we received (issue 8, item 11 and the Low items): a partner reads back
 * what it sent; the onward table is coherent for constituents; our sightings of a received object
 * follow that object's rules; HEAD discloses nothing.
 */
class ReadBackAndOnwardTest {
    private static List<String> ids(TaxiiClient client, String path) {
        TaxiiClient.Response r = client.get(path);
        List<String> out = new ArrayList<>();
        if (r.status() == 200 && r.json().has("objects")) {
            r.json().get("objects").forEach(o -> out.add(o.get("id").stringValue()));
        }
        return out;
    }

    @EachDatabase
    void aPartnerReadsBackWhatItSentAtAnyLevelItMaySend(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber+strict", "none"));
        String green = Stix.id("indicator");
        String amber = Stix.id("indicator");
        String strict = Stix.id("indicator");
        p.taxii()
                .post(
                        node.objectsPath(c),
                        envelope(
                                Stix.indicator(green, Tlp.GREEN),
                                Stix.indicator(amber, Tlp.AMBER),
                                Stix.indicator(strict, Tlp.AMBER_STRICT)));
        assertThat(ids(p.taxii(), node.objectsPath(c)))
                .containsExactlyInAnyOrder(green, amber, strict);
        // handing them back is no disclosure of ours
        long disclosed =
                Agency.disclosedVersions(node.node()).stream()
                        .filter(v -> List.of(green, amber, strict).contains(v.objectId()))
                        .count();
        assertThat(disclosed).isZero();
    }

    @EachDatabase
    void whatMayGoToConstituentsAtAmberMayAtGreen(TestNode node) {
        Collection c = node.newCollection();
        Party source =
                Parties.party(node, "partner", Parties.area("receive", "amber", "constituents"));
        Party constituent =
                Parties.party(node, "constituent", Parties.area("share", "amber", "none"));
        Party other = Parties.party(node, "partner", Parties.area("share", "amber", "none"));
        String green = Stix.id("indicator");
        String amber = Stix.id("indicator");
        source.taxii()
                .post(
                        node.objectsPath(c),
                        envelope(
                                Stix.indicator(green, Tlp.GREEN),
                                Stix.indicator(amber, Tlp.AMBER)));
        assertThat(ids(constituent.taxii(), node.objectsPath(c)))
                .containsExactlyInAnyOrder(green, amber);
        // onward constituents is not community: another partner gets neither
        assertThat(ids(other.taxii(), node.objectsPath(c))).isEmpty();
    }

    @EachDatabase
    void ourSightingOfAReceivedObjectFollowsThatObjectsRules(TestNode node) {
        Collection c = node.newCollection();
        Party source =
                Parties.party(
                        node,
                        "partner",
                        Parties.area("both", "amber+strict", "none", "\"feedback\":true"));
        Party third = Parties.party(node, "partner", Parties.area("share", "amber+strict", "none"));
        String indicator = Stix.id("indicator");
        source.taxii()
                .post(node.objectsPath(c), envelope(Stix.indicator(indicator, Tlp.AMBER_STRICT)));
        String sighting = Stix.id("sighting");
        TaxiiClient.Response posted =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        """
                                        {"type":"sighting","spec_version":"2.1","id":"%s",\
                                        "created":"2024-02-01T00:00:00.000Z","modified":"2024-02-01T00:00:00.000Z",\
                                        "sighting_of_ref":"%s"%s}"""
                                                .formatted(
                                                        sighting,
                                                        indicator,
                                                        Stix.marking(Tlp.AMBER_STRICT))));
        assertThat(posted.json().get("success_count").intValue()).as(posted.text()).isEqualTo(1);
        // the third partner may have our AMBER+STRICT, but this sighting is about the source's
        assertThat(ids(third.taxii(), node.objectsPath(c))).doesNotContain(sighting);
        // the source itself reads it: it is about its own object
        assertThat(ids(source.taxii(), node.objectsPath(c))).contains(sighting);
    }

    @EachDatabase
    void headDisclosesNothing(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("share", "amber", "none"));
        String id = Stix.id("indicator");
        node.admin().post(node.objectsPath(c), envelope(Stix.indicator(id, Tlp.GREEN)));
        long before = Agency.disclosedTo(node.node(), p.id());
        for (String path : List.of(node.objectsPath(c), node.objectsPath(c) + id + "/")) {
            TaxiiClient.Response head =
                    p.taxii()
                            .send(
                                    p.taxii()
                                            .request(path)
                                            .method(
                                                    "HEAD",
                                                    java.net.http.HttpRequest.BodyPublishers
                                                            .noBody())
                                            .build());
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("X-TAXII-Date-Added-First")).isPresent();
        }
        assertThat(Agency.disclosedTo(node.node(), p.id())).isEqualTo(before);
        JsonNode page = p.taxii().get(node.objectsPath(c)).json();
        assertThat(page.get("objects").size()).isEqualTo(1);
        assertThat(Agency.disclosedTo(node.node(), p.id())).isEqualTo(before + 1);
    }
}
