package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.org.Organisation;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.server.store.Visibility;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * {@link Policy#verdict}, the console's "who may receive this", says of every recipient and object
 * what that recipient's TAXII read actually returns: shared exactly when the object is on its page.
 */
class VerdictTest {
    private static String indicator(String id, Tlp tlp) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"verdict","pattern":"[ipv4-addr:value = '198.51.100.9']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, tlp.markingId());
    }

    @EachDatabase
    void theVerdictOfEachRecipientIsWhatItsTaxiiReadReturns(TestNode node) {
        Collection c = node.newCollection();
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String green = "green " + tag;
        String amber = "amber " + tag;
        String receiving = "receiving " + tag;
        String constituent = "constituent " + tag;
        local.organisation("partner", green, "JP");
        local.organisation("partner", amber, "SG");
        local.organisation("partner", receiving, "KR");
        local.organisation("constituent", constituent, "JP");
        local.agreement(
                "g " + tag,
                green,
                Agency.area("information-exchange", "share", "green", "none", false));
        local.agreement(
                "a " + tag,
                amber,
                Agency.area("information-exchange", "both", "amber", "constituents", false));
        local.agreement(
                "r " + tag,
                receiving,
                Agency.area("information-exchange", "receive", "amber", "none", false));
        local.agreement(
                "c " + tag,
                constituent,
                Agency.area("information-exchange", "share", "amber", "none", false));
        Map<String, TaxiiClient> readers = new LinkedHashMap<>();
        readers.put(green, node.client("Bearer " + local.token("g-" + tag, green, "partner")));
        readers.put(amber, node.client("Bearer " + local.token("a-" + tag, amber, "partner")));
        readers.put(
                receiving, node.client("Bearer " + local.token("r-" + tag, receiving, "partner")));
        readers.put(
                constituent,
                node.client("Bearer " + local.token("c-" + tag, constituent, "constituent")));

        List<String> ids = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (Tlp tlp : Tlp.values()) {
            String id = Fixtures.newId("indicator");
            ids.add(id);
            ours.add(indicator(id, tlp));
        }
        local.post(c.id(), ours);
        // what the amber partner sent us: its own to read back, GREEN and AMBER onward to
        // constituents only (its area's onward rule), never to another partner
        for (Tlp tlp : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)) {
            String id = Fixtures.newId("indicator");
            ids.add(id);
            TaxiiClient.Response r =
                    readers.get(amber)
                            .post(node.objectsPath(c), Fixtures.envelope(indicator(id, tlp)));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
        }

        Policy policy = node.node().policy();
        int shared = 0;
        int withheld = 0;
        for (Map.Entry<String, TaxiiClient> reader : readers.entrySet()) {
            Organisation org = node.node().organisationUseCases().require(reader.getKey());
            TaxiiClient.Response page = reader.getValue().get(node.objectsPath(c) + "?limit=1000");
            Set<String> read = new HashSet<>();
            if (page.status() == 200) {
                for (JsonNode o : page.json().path("objects")) {
                    read.add(o.get("id").stringValue());
                }
            }
            for (String id : ids) {
                List<StoredObject> latest =
                        node.node()
                                .objects()
                                .objects(
                                        ObjectQuery.object(c.id(), id, VersionFilter.LAST),
                                        Visibility.all())
                                .items();
                assertThat(latest).as(id).hasSize(1);
                ObjectFacts facts = latest.get(0).facts();
                Verdict v = policy.verdict(org, c, facts);
                assertThat(v.goes())
                        .as("%s receives %s (%s): %s", org.name(), id, facts.tlp(), v)
                        .isEqualTo(read.contains(id));
                if (v.goes()) {
                    shared++;
                } else {
                    withheld++;
                    assertThat(((Verdict.Withheld) v).why()).isNotBlank();
                }
            }
        }
        // both answers occur, for every kind of reason
        assertThat(shared).isGreaterThan(3);
        assertThat(withheld).isGreaterThan(3);
        Organisation r = node.node().organisationUseCases().require(receiving);
        assertThat(policy.verdict(r, c, facts(node, c, ids.get(0))))
                .isEqualTo(
                        new Verdict.Withheld(
                                "no agreement in force with "
                                        + receiving
                                        + " shares the area information-exchange"));
        Organisation a = node.node().organisationUseCases().require(amber);
        assertThat(policy.verdict(a, c, facts(node, c, ids.get(ids.size() - 1))))
                .isInstanceOf(Verdict.Returned.class);
    }

    private static ObjectFacts facts(TestNode node, Collection c, String id) {
        return node.node()
                .objects()
                .objects(ObjectQuery.object(c.id(), id, VersionFilter.LAST), Visibility.all())
                .items()
                .get(0)
                .facts();
    }
}
