package org.entente.server.trust;

import java.util.UUID;
import org.entente.stix.ScoIds;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import tools.jackson.databind.node.ObjectNode;

/** STIX objects for the trust tests. */
final class Stix {
    private Stix() {}

    static String id(String type) {
        return type + "--" + UUID.randomUUID();
    }

    static String marking(Tlp tlp) {
        return tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]";
    }

    /** An indicator; {@code extra} is more JSON properties, each starting with a comma. */
    static String indicator(String id, String modified, String extra) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"%s",\
                "name":"indicator %s","pattern":"[ipv4-addr:value = '198.51.100.3']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s}"""
                .formatted(id, modified, id.substring(11, 19), extra);
    }

    static String indicator(String id, Tlp tlp) {
        return indicator(id, "2024-01-01T00:00:00.000Z", marking(tlp));
    }

    /** An ipv4-addr SCO with its deterministic id (UUIDv5 of its value). */
    static String ipv4(String value, Tlp tlp) {
        ObjectNode o =
                (ObjectNode)
                        StixJson.parse(
                                "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\""
                                        + value
                                        + "\""
                                        + marking(tlp)
                                        + "}");
        return StixJson.mapper().writeValueAsString(ScoIds.withId(o));
    }

    static String identity(String id, String name) {
        return """
                {"type":"identity","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2025-01-01T00:00:00.000Z",\
                "name":"%s","identity_class":"organization"%s}"""
                .formatted(id, name, marking(Tlp.GREEN));
    }
}
