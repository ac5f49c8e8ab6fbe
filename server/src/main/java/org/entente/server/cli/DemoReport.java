package org.entente.server.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.entente.server.Node;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.ledger.DisclosedVersion;
import org.entente.server.ledger.PageListing;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * The end of {@code entente demo}: what flowed, from each receiver's ledger; what each side
 * withheld, with the policy's own reason; what was refused on arrival, from the status resources of
 * the pushes; and whether both ledgers verify. Read from the nodes' databases, not from the demo's
 * memory, so it shows what the nodes recorded rather than what the demo meant to do.
 */
final class DemoReport {
    private final Map<String, String> names;

    /** {@code names}: what to call each object, by id (an id without a name is printed as is). */
    DemoReport(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    void print(DemoAgency sg, DemoAgency jp, String sgPeerAtJp) {
        try (Node sgNode = sg.open();
                Node jpNode = jp.open()) {
            String singapore = sgNode.organisations().local().orElseThrow().name();
            say("What flowed");
            flowed(jpNode, "Singapore -> Japan (Japan's ledger, RECEIVED)");
            flowed(sgNode, "Japan -> Singapore (Singapore's ledger, RECEIVED)");
            say("");
            say("What was withheld, and why");
            NodePrincipal jpAtSg = sgNode.principals().byName("nisc-node").orElseThrow();
            withheld(sgNode, jpAtSg, "Singapore kept back from Japan:");
            NodePrincipal sgAtJp = jpNode.principals().byId(sgPeerAtJp).orElseThrow();
            withheld(jpNode, sgAtJp, "Japan kept back from Singapore:");
            say(
                    "  Refused on arrival (Singapore's answers in the status resources of Japan's pushes):");
            JsonNode health = jp.api("GET", "/api/v1/peers/sg", null);
            boolean any = false;
            for (JsonNode f : health.path("push_failures")) {
                any = true;
                say(
                        "    "
                                + name(f.get("object_id").stringValue())
                                + ": "
                                + f.get("message").stringValue());
            }
            if (!any) {
                say("    (none)");
            }
            say("");
            say(
                    "Japan's view of its peer: "
                            + health.get("state").stringValue()
                            + ", received "
                            + health.get("objects_received").longValue()
                            + ", sent "
                            + health.get("objects_sent").longValue()
                            + ", refused by "
                            + singapore
                            + " "
                            + health.get("objects_rejected").longValue());
            say(
                    "Ledgers: Singapore's "
                            + verdict(sgNode)
                            + "; Japan's "
                            + verdict(jpNode)
                            + " (entente ledger verify, export and report check them further)");
        }
    }

    private static void say(String line) {
        DemoCommand.say(line);
    }

    private String name(String id) {
        return names.getOrDefault(id, id);
    }

    private static String verdict(Node n) {
        var v = n.ledger().verify();
        return v.broken().isEmpty()
                ? v.checked() + " entries, chain intact"
                : "BROKEN: " + v.broken().get().problem();
    }

    private void flowed(Node n, String title) {
        say("  " + title + ":");
        List<String> lines = new ArrayList<>();
        n.database()
                .jdbc()
                .sql(
                        """
                        SELECT l.seq, l.kind, l.object_id, l.tlp, l.area, a.title, l.object_type, l.detail,
                               l.listing
                          FROM ledger_entries l
                          LEFT JOIN agreements a ON a.id = l.agreement_id
                         WHERE l.kind IN ('RECEIVED', 'RECEIVED_PAGE') ORDER BY l.seq
                        """)
                .query(
                        (java.sql.ResultSet rs) -> {
                            String under = rs.getString("title") + " / " + rs.getString("area");
                            if (rs.getString("kind").equals("RECEIVED_PAGE")) {
                                for (DisclosedVersion v : PageListing.listed(rs)) {
                                    lines.add(flowLine(n, v.objectId(), v.tlp(), under, v.type()));
                                }
                            } else {
                                lines.add(
                                        flowLine(
                                                n,
                                                rs.getString("object_id"),
                                                Tlp.valueOf(rs.getString("tlp")),
                                                under,
                                                rs.getString("object_type")));
                            }
                        });
        lines.forEach(DemoReport::say);
        if (lines.isEmpty()) {
            say("    (nothing)");
        }
    }

    private String flowLine(Node n, String id, Tlp tlp, String under, String type) {
        return String.format(
                "    %-52s %-17s under %s%s",
                name(id), tlp.label(), under, type.equals("sighting") ? sightingNote(n, id) : "");
    }

    /** Whether a sighting came back anonymised: without its creator and where it was seen. */
    private static String sightingNote(Node n, String id) {
        String body =
                n
                        .database()
                        .jdbc()
                        .sql("SELECT body FROM objects WHERE stix_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .list()
                        .stream()
                        .findFirst()
                        .orElse("{}");
        JsonNode s = StixJson.parse(body);
        return s.has("created_by_ref") || s.has("where_sighted_refs")
                ? " (feedback)"
                : " (feedback, anonymised: no creator, no place)";
    }

    /** Every object of ours the partner did not get, with the policy's reason. */
    private void withheld(Node n, NodePrincipal partner, String title) {
        say("  " + title);
        boolean any = false;
        String org = n.policy().organisationOf(partner).id();
        Set<String> disclosed =
                new HashSet<>(
                        n.database()
                                .jdbc()
                                .sql(
                                        "SELECT object_id FROM ledger_entries WHERE kind ="
                                                + " 'DISCLOSED' AND org_id = :org")
                                .param("org", org)
                                .query(String.class)
                                .list());
        for (Collection c : n.collections().list(n.settings().apiRoot())) {
            ReadScope scope = n.policy().read(partner, c);
            for (StoredObject o :
                    n.disclosures().operatorManifest(ObjectQuery.all(c.id(), 10_000)).items()) {
                ObjectFacts f = o.facts();
                if (f.originOrg().isPresent() || disclosed.contains(o.id())) {
                    continue; // received from others, or it went (the ledger says so)
                }
                String why;
                if (scope instanceof ReadScope.Shared shared) {
                    var reason = shared.whyWithheld(f);
                    if (reason.isEmpty()) {
                        continue;
                    }
                    why = reason.get();
                } else {
                    why =
                            "nothing in "
                                    + c.area()
                                    + " is shared with "
                                    + n.policy().organisationOf(partner).name()
                                    + " (no area in force shares it)";
                }
                any = true;
                say(String.format("    %-52s %s", name(o.id()), why));
            }
        }
        if (!any) {
            say("    (nothing)");
        }
    }
}
