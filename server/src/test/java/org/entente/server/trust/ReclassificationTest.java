package org.entente.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;

import org.entente.server.collection.Collection;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.server.trust.Parties.Party;
import org.entente.stix.Tlp;

/**
 * A version re-marked upward withdraws the earlier ones: once an object is RED, no version of it
 * leaves (issue 8, item 10). Re-marking downward releases only the new version.
 */
class ReclassificationTest {
    private static final String V1 = "2024-01-01T00:00:00.000Z";
    private static final String V2 = "2024-06-01T00:00:00.000Z";
    private static final String V3 = "2025-01-01T00:00:00.000Z";

    @EachDatabase
    void remarkingUpwardWithdrawsEarlierVersions(TestNode node) {
        Collection c = node.newCollection();
        Party p = Parties.party(node, "partner", Parties.area("share", "amber", "none"));
        String id = Stix.id("indicator");
        String path = node.objectsPath(c) + id + "/";
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(Stix.indicator(id, V1, Stix.marking(Tlp.GREEN))));
        assertThat(p.taxii().get(path).status()).isEqualTo(200);

        node.admin()
                .post(node.objectsPath(c), envelope(Stix.indicator(id, V2, Stix.marking(Tlp.RED))));
        for (String q :
                new String[] {
                    "", "?match[version]=first", "?match[version]=all", "?match[version]=" + V1
                }) {
            assertThat(p.taxii().get(path + q).status()).as(q).isEqualTo(404);
        }
        assertThat(p.taxii().get(path + "versions/").status()).isEqualTo(404);
        assertThat(
                        p.taxii()
                                .get("/taxii2/api/collections/" + c.id() + "/manifest/")
                                .json()
                                .has("objects"))
                .isFalse();

        // marked down again, the new version goes; the RED one and those before it stay
        node.admin()
                .post(
                        node.objectsPath(c),
                        envelope(Stix.indicator(id, V3, Stix.marking(Tlp.GREEN))));
        assertThat(p.taxii().get(path + "versions/").json().get("versions").toString())
                .isEqualTo("[\"" + V3 + "\"]");
        // and our own readers see every version as it was marked
        assertThat(node.admin().get(path + "versions/").json().get("versions").size()).isEqualTo(3);
    }
}
