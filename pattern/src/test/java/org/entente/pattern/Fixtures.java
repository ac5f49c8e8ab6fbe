package org.entente.pattern;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small builders for tests: JSON from text, observations, indicators. */
final class Fixtures {
    private Fixtures() {}

    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    static Clock fixedClock() {
        return Clock.fixed(T0, ZoneOffset.UTC);
    }

    /** JSON with apostrophes for quotes, to keep test text readable. */
    static JsonNode json(String text) {
        return StixJson.parse(text.replace('\'', '"'));
    }

    static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    /** One observation at {@code T0 + seconds} holding the objects keyed "0", "1"... */
    static Observation obs(long seq, long seconds, String... objects) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < objects.length; i++) {
            map.put(Integer.toString(i), json(objects[i]));
        }
        return Observation.of(seq, T0.plusSeconds(seconds), map);
    }

    static Observation obs(String... objects) {
        return obs(1, 0, objects);
    }

    static String id(int n) {
        return "indicator--" + new UUID(0x0000_0000_0000_4000L, 0x8000_0000_0000_0000L | n);
    }

    static ObjectNode indicator(String id, String pattern) {
        ObjectNode o = StixJson.mapper().createObjectNode();
        o.put("type", "indicator");
        o.put("spec_version", "2.1");
        o.put("id", id);
        o.put("created", "2024-01-01T00:00:00.000Z");
        o.put("modified", "2024-01-01T00:00:00.000Z");
        o.put("pattern", pattern);
        o.put("pattern_type", "stix");
        o.put("valid_from", "2024-01-01T00:00:00Z");
        return o;
    }

    /** Whether {@code pattern} matches a stream of observations at some point. */
    static boolean matches(String pattern, Observation... stream) {
        return !matchesOf(pattern, stream).isEmpty();
    }

    static List<Match> matchesOf(String pattern, Observation... stream) {
        IndicatorMatcher m = new IndicatorMatcher(fixedClock());
        IndicatorMatcher.Result r = m.add(Indicator.of(id(1), pattern));
        if (!r.loaded()) {
            throw new AssertionError("not loaded: " + r);
        }
        List<Match> out = new java.util.ArrayList<>();
        for (Observation o : stream) {
            out.addAll(m.match(o));
        }
        return out;
    }
}
