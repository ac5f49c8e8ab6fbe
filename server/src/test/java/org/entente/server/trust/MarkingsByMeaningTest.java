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
 * An object's TLP is read by meaning from its marking definitions, whatever their ids; a marking
 * whose meaning cannot be established counts as RED (issue 8, item 1).
 */
class MarkingsByMeaningTest {
    private static final String TLP2 = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /**
     * A TLP 2.0 marking definition under an id of its own; itself marked GREEN (an unmarked one
     * takes the collection's default, above a partner's AMBER ceiling).
     */
    static String tlp2Marking(String id, String level) {
        return """
                {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                "created":"2022-10-01T00:00:00.000Z","name":"TLP:%s",\
                "extensions":{"%s":{"extension_type":"property-extension","tlp_2_0":"%s"}}%s}"""
                .formatted(
                        id,
                        level.toUpperCase(java.util.Locale.ROOT),
                        TLP2,
                        level,
                        Stix.marking(Tlp.GREEN));
    }

    static String customMarking(String id) {
        return """
                {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                "created":"2022-10-01T00:00:00.000Z","definition_type":"x-pap",\
                "definition":{"pap":"red"}}"""
                .formatted(id);
    }

    static String statement(String id) {
        return """
                {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                "created":"2022-10-01T00:00:00.000Z","definition_type":"statement",\
                "definition":{"statement":"Copyright 2024, Example Agency"}}"""
                .formatted(id);
    }

    private static String markedWith(String id, String... markings) {
        return Stix.indicator(
                id,
                "2024-01-01T00:00:00.000Z",
                ",\"object_marking_refs\":[\"" + String.join("\",\"", markings) + "\"]");
    }

    private static List<String> ids(TaxiiClient client, TestNode node, Collection c, String what) {
        TaxiiClient.Response r = client.get("/taxii2/api/collections/" + c.id() + "/" + what);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JsonNode objects = r.json().get("objects");
        if (objects != null) {
            objects.forEach(o -> out.add(o.get("id").stringValue()));
        }
        return out;
    }

    @EachDatabase
    void redWrittenAnyValidWayNeverLeaves(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("share", "amber+strict", "none"));
        String red2 = Stix.id("marking-definition");
        String pap = Stix.id("marking-definition");
        String copyright = Stix.id("marking-definition");
        String amber2 = Stix.id("marking-definition");
        String byTlp2 = Stix.id("indicator");
        String byUnknown = Stix.id("indicator");
        String byBoth = Stix.id("indicator");
        String byStatement = Stix.id("indicator");
        String granular = Stix.id("indicator");
        // the objects first, their marking definitions last in the same envelope
        TaxiiClient.Response posted =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        markedWith(byTlp2, red2),
                                        markedWith(byUnknown, pap),
                                        markedWith(byBoth, amber2, red2),
                                        markedWith(byStatement, copyright),
                                        Stix.indicator(
                                                granular,
                                                "2024-01-01T00:00:00.000Z",
                                                ",\"granular_markings\":[{\"marking_ref\":\""
                                                        + red2
                                                        + "\",\"selectors\":[\"name\"]}]"),
                                        tlp2Marking(red2, "red"),
                                        customMarking(pap),
                                        statement(copyright),
                                        tlp2Marking(amber2, "amber")));
        assertThat(posted.json().get("success_count").intValue()).as(posted.text()).isEqualTo(9);

        // a statement is no TLP: that object takes the collection's default, AMBER+STRICT
        assertThat(ids(p.taxii(), node, c, "objects/?match[type]=indicator"))
                .containsExactly(byStatement);
        assertThat(ids(p.taxii(), node, c, "manifest/?match[type]=indicator"))
                .containsExactly(byStatement);
        for (String id : List.of(byTlp2, byUnknown, byBoth, granular)) {
            assertThat(p.taxii().get(node.objectsPath(c) + id + "/").status()).isEqualTo(404);
        }
        // and the ledger recorded the one that went, at its TLP
        assertThat(
                        org.entente.server.testing.Agency.disclosedVersions(node.node()).stream()
                                .filter(v -> v.objectId().equals(byStatement))
                                .map(v -> v.tlp().name())
                                .toList())
                .containsExactly("AMBER_STRICT");
    }

    @EachDatabase
    void aPartnerCannotSendRedUnderAnotherId(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber", "none"));
        String red2 = Stix.id("marking-definition");
        String earlier = Stix.id("marking-definition");
        // a definition sent in one request counts in later ones
        assertThat(
                        p.taxii()
                                .post(node.objectsPath(c), envelope(tlp2Marking(earlier, "red")))
                                .status())
                .isEqualTo(202);
        String a = Stix.id("indicator");
        String b = Stix.id("indicator");
        JsonNode status =
                p.taxii()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        markedWith(a, red2),
                                        tlp2Marking(red2, "red"),
                                        markedWith(b, earlier)))
                        .json();
        List<String> refused = new ArrayList<>();
        status.get("failures")
                .forEach(
                        f ->
                                refused.add(
                                        f.get("id").stringValue()
                                                + " "
                                                + f.get("message").stringValue()));
        assertThat(refused)
                .containsExactlyInAnyOrder(
                        a
                                + " TLP:RED is for named people only and is never accepted through the node",
                        b
                                + " TLP:RED is for named people only and is never accepted through the node");
    }

    @EachDatabase
    void anObjectMarkedWithAnUnknownMarkingIsRefusedWithTheReason(TestNode node) {
        Collection c = node.newCollection();
        String unknown = Stix.id("marking-definition");
        String id = Stix.id("indicator");
        JsonNode status =
                node.admin().post(node.objectsPath(c), envelope(markedWith(id, unknown))).json();
        assertThat(status.get("failures").get(0).get("message").stringValue())
                .isEqualTo(
                        "it is marked with "
                                + unknown
                                + ", which this node does not know: send that marking definition"
                                + " in the same envelope, or before");
    }

    @EachDatabase
    void aDefinitionSentLaterCanOnlyMakeObjectsStricter(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber+strict", "none"));
        String m = Stix.id("marking-definition");
        // the partner defines m as GREEN first; we then define the same id as RED ourselves
        p.taxii().post(node.objectsPath(c), envelope(tlp2Marking(m, "green")));
        String ours = Stix.id("indicator");
        node.admin()
                .post(node.objectsPath(c), envelope(markedWith(ours, m), tlp2Marking(m, "red")));
        assertThat(p.taxii().get(node.objectsPath(c) + ours + "/").status()).isEqualTo(404);
    }
}
