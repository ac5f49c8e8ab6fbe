package org.entente.server.federation;

import java.util.UUID;
import org.entente.stix.Tlp;

/** STIX objects for federation tests, each new. */
final class Samples {
    private Samples() {}

    static String id(String type) {
        return type + "--" + UUID.randomUUID();
    }

    /** An indicator named {@code name}, marked {@code tlp} (unmarked when null). */
    static String indicator(String id, String name, Tlp tlp) {
        return indicator(id, name, tlp, "2024-01-01T00:00:00.000Z", "");
    }

    static String indicator(String id, String name, Tlp tlp, String modified, String extra) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"%s","name":"%s","pattern":"[ipv4-addr:value = '203.0.113.%d']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s%s}"""
                .formatted(
                        id,
                        modified,
                        name,
                        Math.abs(id.hashCode() % 250),
                        tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]",
                        extra);
    }

    /** Our sighting of {@code sighted}, marked {@code tlp}, seen at {@code where} if given. */
    static String sighting(String id, String sighted, Tlp tlp, String createdBy, String where) {
        return """
                {"type":"sighting","spec_version":"2.1","id":"%s","created":"2024-02-01T00:00:00.000Z",\
                "modified":"2024-02-01T00:00:00.000Z","sighting_of_ref":"%s","count":3%s%s%s}"""
                .formatted(
                        id,
                        sighted,
                        tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]",
                        createdBy == null ? "" : ",\"created_by_ref\":\"" + createdBy + "\"",
                        where == null ? "" : ",\"where_sighted_refs\":[\"" + where + "\"]");
    }

    /** The identity object a created_by_ref needs nowhere: STIX does not require it present. */
    static String name(tools.jackson.databind.JsonNode o) {
        return o.path("name").asString(o.path("type").asString(""));
    }
}
