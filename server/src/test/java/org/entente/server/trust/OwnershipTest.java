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
 * Only the organisation an object came from makes versions of it, and a POST's answers depend on
 * nothing the sender cannot read (issue 8, items 3 and 5; ADR 0009).
 */
class OwnershipTest {
    private static final String V1 = "2024-01-01T00:00:00.000Z";
    private static final String V2 = "2025-01-01T00:00:00.000Z";

    private static JsonNode post(TaxiiClient client, TestNode node, Collection c, String... o) {
        TaxiiClient.Response r = client.post(node.objectsPath(c), envelope(o));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json();
    }

    /** Each object's outcome as the sender sees it: "ok", "ok: <message>" or "refused: ...". */
    private static List<String> outcomes(JsonNode status) {
        List<String> out = new ArrayList<>();
        for (String list : new String[] {"successes", "failures"}) {
            JsonNode details = status.get(list);
            if (details != null) {
                for (JsonNode d : details) {
                    String message = d.has("message") ? ": " + d.get("message").stringValue() : "";
                    out.add(
                            d.get("id").stringValue()
                                    + " "
                                    + (list.equals("successes") ? "ok" : "refused")
                                    + message);
                }
            }
        }
        return out;
    }

    private static List<String> versionsOf(
            TaxiiClient client, TestNode node, Collection c, String id) {
        TaxiiClient.Response r = client.get(node.objectsPath(c) + id + "/?match[version]=all");
        List<String> out = new ArrayList<>();
        if (r.status() == 200 && r.json().has("objects")) {
            r.json().get("objects").forEach(o -> out.add(o.get("modified").stringValue()));
        }
        return out;
    }

    @EachDatabase
    void aPostAnswersAsIfIdsTheSenderCannotReadWereFree(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber", "none"));
        String red = Stix.id("indicator");
        String heldSco = "203.0.113." + (int) (Math.random() * 200 + 20);
        post(node.admin(), node, c, Stix.indicator(red, Tlp.RED), Stix.ipv4(heldSco, Tlp.RED));

        // the same requests about ids the node holds out of sight and ids it has never seen
        String free = Stix.id("indicator");
        String freeSco = "192.0.2." + (int) (Math.random() * 200 + 20);
        JsonNode held =
                post(
                        p.taxii(),
                        node,
                        c,
                        Stix.indicator(red, Tlp.GREEN),
                        Stix.indicator(red, V2, Stix.marking(Tlp.GREEN)),
                        Stix.ipv4(heldSco, Tlp.GREEN));
        JsonNode fresh =
                post(
                        p.taxii(),
                        node,
                        c,
                        Stix.indicator(free, Tlp.GREEN),
                        Stix.indicator(free, V2, Stix.marking(Tlp.GREEN)),
                        Stix.ipv4(freeSco, Tlp.GREEN));
        assertThat(outcomes(held))
                .containsExactlyElementsOf(
                        outcomes(fresh).stream()
                                .map(
                                        s ->
                                                s.replace(free, red)
                                                        .replace(
                                                                idOf(Stix.ipv4(freeSco, null)),
                                                                idOf(Stix.ipv4(heldSco, null))))
                                .toList());
        assertThat(outcomes(held)).allMatch(s -> s.endsWith(" ok"));

        // the sender reads back what it sent; our object is untouched for everyone else
        assertThat(versionsOf(p.taxii(), node, c, red)).containsExactlyInAnyOrder(V1, V2);
        assertThat(versionsOf(node.admin(), node, c, red)).containsExactly(V1);
        JsonNode ours = node.admin().get(node.objectsPath(c) + red + "/").json();
        assertThat(ours.get("objects").get(0).toString()).contains(Tlp.RED.markingId());
    }

    private static String idOf(String json) {
        return org.entente.stix.StixJson.parse(json).get("id").stringValue();
    }

    @EachDatabase
    void aPartnerCannotMakeVersionsOfAnObjectItCanReadButMayHandItBack(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber", "none"));
        String ours = Stix.id("indicator");
        String original = Stix.indicator(ours, Tlp.GREEN);
        post(node.admin(), node, c, original);

        JsonNode answer =
                post(
                        p.taxii(),
                        node,
                        c,
                        original,
                        Stix.indicator(ours, V2, Stix.marking(Tlp.GREEN)),
                        Stix.indicator(ours, V2, Stix.marking(Tlp.GREEN) + ",\"revoked\":true"));
        assertThat(outcomes(answer))
                .containsExactlyInAnyOrder(
                        ours + " ok: already held: identical object",
                        ours
                                + " refused: an object with this id is held here from another"
                                + " source: only the organisation it came from makes versions of"
                                + " it; give your object an id of its own",
                        ours
                                + " refused: an object with this id is held here from another"
                                + " source: only the organisation it came from makes versions of"
                                + " it; give your object an id of its own");
        assertThat(versionsOf(node.admin(), node, c, ours)).containsExactly(V1);
        assertThat(versionsOf(p.taxii(), node, c, ours)).containsExactly(V1);
    }

    @EachDatabase
    void aPartnerCannotRewriteAnotherPartnersObject(TestNode node) {
        Collection c = node.newCollection();
        // what the first partner sends goes on to the community, so the second reads it
        Party first = Parties.party(node, "partner", Parties.area("both", "amber", "community"));
        Party second = Parties.party(node, "partner", Parties.area("both", "amber", "none"));
        String theirs = Stix.id("indicator");
        String hidden = Stix.id("indicator");
        post(
                first.taxii(),
                node,
                c,
                Stix.indicator(theirs, Tlp.GREEN),
                Stix.indicator(hidden, Tlp.AMBER));
        assertThat(versionsOf(second.taxii(), node, c, theirs)).containsExactly(V1);
        assertThat(versionsOf(second.taxii(), node, c, hidden)).isEmpty();

        JsonNode answer =
                post(
                        second.taxii(),
                        node,
                        c,
                        Stix.indicator(theirs, V2, Stix.marking(Tlp.GREEN) + ",\"revoked\":true"),
                        Stix.indicator(hidden, V2, Stix.marking(Tlp.GREEN) + ",\"revoked\":true"));
        assertThat(outcomes(answer))
                .containsExactly(
                        hidden + " ok",
                        theirs
                                + " refused: an object with this id is held here from another"
                                + " source: only the organisation it came from makes versions of"
                                + " it; give your object an id of its own");
        // the revocation the second partner could not see the target of is its own, kept apart
        assertThat(versionsOf(node.admin(), node, c, hidden)).containsExactly(V1);
        assertThat(versionsOf(first.taxii(), node, c, hidden)).containsExactly(V1);
        assertThat(versionsOf(second.taxii(), node, c, hidden)).containsExactly(V2);
    }

    @EachDatabase
    void objectsClaimingAnotherOrganisationAreKeptApartAndOurIdentityCannotBeClaimed(
            TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("both", "amber", "community"));
        Party q = Parties.party(node, "partner", Parties.area("both", "amber", "community"));
        String local = node.agency("test").localIdentity();
        String claim = Stix.id("indicator");
        JsonNode answer =
                post(
                        p.taxii(),
                        node,
                        c,
                        Stix.indicator(
                                claim,
                                V1,
                                Stix.marking(Tlp.GREEN)
                                        + ",\"created_by_ref\":\""
                                        + q.identity()
                                        + "\""),
                        Stix.identity(q.identity(), "not really " + q.name()),
                        Stix.identity(local, "not really us"),
                        Stix.indicator(
                                Stix.id("indicator"),
                                V1,
                                Stix.marking(Tlp.GREEN) + ",\"created_by_ref\":\"" + local + "\""));
        List<String> o = outcomes(answer);
        assertThat(o).contains(claim + " ok", q.identity() + " ok");
        assertThat(o)
                .anyMatch(
                        s ->
                                s.startsWith(local + " refused: ")
                                        && s.contains("this node's own identity"));
        assertThat(o)
                .anyMatch(
                        s -> s.contains("refused: created_by_ref names this node's own identity"));
        // the claims are the sender's alone: neither the organisation claimed nor we see them
        assertThat(versionsOf(p.taxii(), node, c, claim)).containsExactly(V1);
        assertThat(versionsOf(q.taxii(), node, c, claim)).isEmpty();
        assertThat(versionsOf(node.admin(), node, c, claim)).isEmpty();
        assertThat(node.admin().get(node.objectsPath(c) + q.identity() + "/").status())
                .isEqualTo(404);
    }

    /**
     * Our own people cannot make an object claim to be a partner's: it would go out as that
     * partner's word under our rules, not the ones its agreement set. Ours, or a creator this node
     * does not know (a public feed's), are taken.
     */
    @EachDatabase
    void ourOwnObjectsCannotNameAnotherOrganisationAsTheirCreator(TestNode node) {
        Collection c = node.newCollection();
        Party q = Parties.party(node, "partner", Parties.area("both", "amber", "community"));
        String local = node.agency("test").localIdentity();
        String forged = Stix.id("indicator");
        String ours = Stix.id("indicator");
        String feeds = Stix.id("indicator");
        String vendor = Stix.id("identity");
        JsonNode answer =
                post(
                        node.admin(),
                        node,
                        c,
                        Stix.indicator(
                                forged,
                                V1,
                                Stix.marking(Tlp.GREEN)
                                        + ",\"created_by_ref\":\""
                                        + q.identity()
                                        + "\""),
                        Stix.indicator(
                                ours,
                                V1,
                                Stix.marking(Tlp.GREEN) + ",\"created_by_ref\":\"" + local + "\""),
                        Stix.indicator(
                                feeds,
                                V1,
                                Stix.marking(Tlp.GREEN)
                                        + ",\"created_by_ref\":\""
                                        + vendor
                                        + "\""));
        List<String> o = outcomes(answer);
        assertThat(o).contains(ours + " ok", feeds + " ok");
        assertThat(o)
                .anyMatch(
                        s ->
                                s.startsWith(
                                                forged
                                                        + " refused: created_by_ref names "
                                                        + q.identity())
                                        && s.contains("the identity of " + q.name())
                                        && s.contains("cannot claim to be another organisation's"));
        assertThat(versionsOf(node.admin(), node, c, forged)).isEmpty();
        assertThat(versionsOf(q.taxii(), node, c, forged)).isEmpty();
    }
}
