package org.entente.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.entente.server.localnode.TaxiiClient;
import tools.jackson.databind.JsonNode;

/** STIX objects and envelopes for tests, made fresh each time. */
public final class Fixtures {
    private Fixtures() {}

    public static String newId(String type) {
        return type + "--" + UUID.randomUUID();
    }

    /** A valid indicator with the given id and modified timestamp. */
    public static String indicator(String id, String modified) {
        return indicator(id, modified, "198.51.100." + (Math.abs(id.hashCode()) % 250));
    }

    public static String indicator(String id, String modified, String ip) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"%s",\
                "name":"C2 server %s","pattern":"[ipv4-addr:value = '%s']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}"""
                .formatted(id, modified, ip, ip);
    }

    public static String ipv4(String value) {
        return """
                {"type":"ipv4-addr","spec_version":"2.1","id":"%s","value":"%s"}"""
                .formatted(newId("ipv4-addr"), value);
    }

    public static String envelope(List<String> objects) {
        return objects.stream().collect(Collectors.joining(",", "{\"objects\":[", "]}"));
    }

    /**
     * The ids of the objects an envelope or a manifest lists, in order; none when it lists none.
     */
    public static List<String> ids(TaxiiClient.Response r) {
        List<String> ids = new ArrayList<>();
        JsonNode objects = r.json().get("objects");
        if (objects != null) {
            objects.forEach(o -> ids.add(o.get("id").stringValue()));
        }
        return ids;
    }

    public static String envelope(String... objects) {
        return envelope(List.of(objects));
    }
}
