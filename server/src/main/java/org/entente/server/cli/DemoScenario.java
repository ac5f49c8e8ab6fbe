package org.entente.server.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the two agencies of {@code entente demo} agree and publish: each side's record of their
 * memorandum, and sample data of every TLP chosen so that the report shows each rule at work (a
 * ceiling, an excluded label, a default marking, anonymised feedback). Kept apart from the command
 * so that the story can change without touching how nodes run.
 */
final class DemoScenario {
    static final String SG = "CSA Singapore";
    static final String JP = "NISC Japan";
    static final String TITLE = "Singapore-Japan cybersecurity MOC (demo)";

    private DemoScenario() {}

    /** Each agency records the other and its own side of the memorandum. */
    static void agree(DemoAgency sg, DemoAgency jp) {
        DemoCommand.say("Each agency records the other and its own side of \"" + TITLE + "\":");
        agreement(
                sg,
                JP,
                "JP",
                area(
                        "information-exchange",
                        "share",
                        "amber",
                        "none",
                        true,
                        false,
                        List.of("internal")),
                area("awareness", "both", "green", "community", false, false, List.of()));
        agreement(
                jp,
                SG,
                "SG",
                area("information-exchange", "receive", "amber", "none", true, true, List.of()),
                area("awareness", "both", "amber+strict", "none", false, false, List.of()));
        DemoCommand.say("");
    }

    private static ObjectNode area(
            String area,
            String direction,
            String ceiling,
            String onward,
            boolean feedback,
            boolean anonymise,
            List<String> labelsNone) {
        ObjectNode a =
                DemoAgency.object()
                        .put("area", area)
                        .put("direction", direction)
                        .put("tlp_ceiling", ceiling)
                        .put("onward", onward)
                        .put("feedback", feedback)
                        .put("anonymise", anonymise);
        ArrayNode none = a.putArray("labels_none");
        labelsNone.forEach(none::add);
        return a;
    }

    private static void agreement(
            DemoAgency a, String partner, String country, ObjectNode... areas) {
        a.api(
                "POST",
                "/api/v1/organisations",
                DemoAgency.object()
                        .put("kind", "partner")
                        .put("name", partner)
                        .put("country", country));
        ObjectNode body =
                DemoAgency.object()
                        .put("kind", "moc")
                        .put("title", TITLE)
                        .put("effective_from", LocalDate.now(ZoneOffset.UTC).toString())
                        .put("activate", true);
        body.putArray("parties").add(partner);
        ArrayNode list = body.putArray("areas");
        for (ObjectNode area : areas) {
            list.add(area);
        }
        JsonNode created = a.api("POST", "/api/v1/agreements", body);
        DemoCommand.say(
                "  "
                        + a.name()
                        + " (with "
                        + partner
                        + ", "
                        + created.get("status").stringValue()
                        + "):");
        for (JsonNode area : created.get("areas")) {
            DemoCommand.say(
                    "    "
                            + area.get("area").stringValue()
                            + ": "
                            + area.get("direction").stringValue()
                            + ", up to "
                            + area.get("tlp_ceiling").stringValue()
                            + ", onward "
                            + area.get("onward").stringValue()
                            + (area.path("labels_none").isEmpty()
                                    ? ""
                                    : ", never labels " + area.get("labels_none"))
                            + (area.path("feedback").asBoolean(false) ? ", feedback" : "")
                            + (area.path("anonymise").asBoolean(false) ? ", anonymise" : ""));
        }
    }

    // ---- sample data

    private static String indicator(
            String id, String name, Tlp tlp, String creator, String labels, int ip) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-03-01T00:00:00.000Z",\
                "modified":"2024-03-01T00:00:00.000Z","name":"%s","created_by_ref":"%s",\
                "pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix",\
                "valid_from":"2024-03-01T00:00:00Z"%s%s}"""
                .formatted(
                        id,
                        name,
                        creator,
                        ip,
                        tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]",
                        labels.isEmpty() ? "" : ",\"labels\":[\"" + labels + "\"]");
    }

    static String sighting(String id, String of, String creator, String name) {
        return """
                {"type":"sighting","spec_version":"2.1","id":"%s","created":"2024-03-02T00:00:00.000Z",\
                "modified":"2024-03-02T00:00:00.000Z","sighting_of_ref":"%s","count":4,\
                "created_by_ref":"%s","where_sighted_refs":["%s"],"description":"%s",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, of, creator, creator, name, Tlp.GREEN.markingId());
    }

    /**
     * Each agency publishes its sample data; {@code names} gets each object's name by id (and
     * Singapore's TLP:AMBER indicator under {@code sg-amber-id}) for the report.
     */
    static void publish(DemoAgency sg, DemoAgency jp, Map<String, String> names) {
        String sgId = sg.localIdentity();
        String jpId = jp.localIdentity();
        List<String> threat = new ArrayList<>();
        int ip = 10;
        Map<String, Tlp> levels = new LinkedHashMap<>();
        levels.put("C2 server (TLP:CLEAR)", Tlp.CLEAR);
        levels.put("C2 server (TLP:GREEN)", Tlp.GREEN);
        levels.put("C2 server (TLP:AMBER)", Tlp.AMBER);
        levels.put("C2 server (TLP:AMBER+STRICT)", Tlp.AMBER_STRICT);
        levels.put("C2 server (TLP:RED)", Tlp.RED);
        levels.put("C2 server (unmarked)", null);
        for (Map.Entry<String, Tlp> e : levels.entrySet()) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, e.getKey());
            if (e.getValue() == Tlp.AMBER) {
                names.put("sg-amber-id", id);
            }
            threat.add(indicator(id, e.getKey(), e.getValue(), sgId, "", ip++));
        }
        String internal = "indicator--" + UUID.randomUUID();
        names.put(internal, "Test sinkhole (TLP:GREEN, labelled internal)");
        threat.add(indicator(internal, names.get(internal), Tlp.GREEN, sgId, "internal", ip++));
        sg.post("threat-intel", threat);
        List<String> advisories = new ArrayList<>();
        for (Tlp t : List.of(Tlp.CLEAR, Tlp.AMBER)) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, "Advisory: phishing wave (" + t.label() + ")");
            advisories.add(indicator(id, names.get(id), t, sgId, "", ip++));
        }
        sg.post("advisories", advisories);
        List<String> jpAdvisories = new ArrayList<>();
        for (Tlp t : List.of(Tlp.GREEN, Tlp.AMBER_STRICT)) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, "Japan's advisory: ransomware campaign (" + t.label() + ")");
            jpAdvisories.add(indicator(id, names.get(id), t, jpId, "", ip++));
        }
        jp.post("advisories", jpAdvisories);
        String jpOwn = "indicator--" + UUID.randomUUID();
        names.put(jpOwn, "Japan's own scanner (TLP:GREEN)");
        jp.post(
                "threat-intel",
                List.of(indicator(jpOwn, names.get(jpOwn), Tlp.GREEN, jpId, "", ip)));
        DemoCommand.say(
                "Sample data: Singapore publishes "
                        + (threat.size() + advisories.size())
                        + " objects of every TLP, Japan "
                        + (jpAdvisories.size() + 1)
                        + "; after the first sync Japan sights Singapore's TLP:AMBER indicator.");
        DemoCommand.say("");
    }
}
