package org.entente.server.trust;

import java.util.UUID;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.TestNode;

/** Other organisations of a test: each with an agreement, a principal and its TAXII client. */
final class Parties {
    private Parties() {}

    /** An organisation of this node as a test uses it. */
    record Party(String name, String id, String identity, String token, TaxiiClient taxii) {}

    /**
     * A new organisation of {@code kind} (partner, constituent) under an agreement in force with
     * {@code areas}, each the JSON of an area as the REST API takes it.
     */
    static Party party(TestNode node, String kind, String... areas) {
        Agency agency = node.agency("test");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = kind + " " + tag;
        String id = agency.organisation(kind, name, kind.equals("partner") ? "JP" : "SG");
        if (areas.length > 0) {
            agency.agreement("agreement " + tag, name, areas);
        }
        String token = agency.token("p-" + tag, name, kind);
        String identity = node.node().organisations().byId(id).orElseThrow().identityId();
        return new Party(name, id, identity, token, node.client("Bearer " + token));
    }

    /** An area's rules, with the REST API's defaults for what is not named. */
    static String area(String direction, String ceiling, String onward, String... more) {
        StringBuilder s =
                new StringBuilder("{\"area\":\"information-exchange\",\"direction\":\"")
                        .append(direction)
                        .append("\",\"tlp_ceiling\":\"")
                        .append(ceiling)
                        .append("\",\"onward\":\"")
                        .append(onward)
                        .append('"');
        for (String m : more) {
            s.append(',').append(m);
        }
        return s.append('}').toString();
    }
}
