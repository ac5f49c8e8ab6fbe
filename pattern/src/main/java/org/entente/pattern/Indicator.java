package org.entente.pattern;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.entente.stix.StixIds;
import org.entente.stix.Timestamps;
import tools.jackson.databind.JsonNode;

/**
 * What the matcher needs of a STIX indicator.
 *
 * @param id the indicator's id
 * @param version {@code modified} (else {@code created}) in sortable form, to keep the latest
 *     version when several arrive; empty when the object has neither
 * @param pattern the pattern text ({@code pattern_type} must be {@code stix})
 * @param validUntil when the indicator stops being valid, if it says
 * @param revoked whether this version revokes the indicator
 */
public record Indicator(
        String id, String version, String pattern, Optional<Instant> validUntil, boolean revoked) {
    public Indicator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    /** An indicator with just an id and a pattern (tests, CLI one-liners). */
    public static Indicator of(String id, String pattern) {
        return new Indicator(id, "", pattern, Optional.empty(), false);
    }

    /**
     * Reads an indicator object.
     *
     * @throws IllegalArgumentException saying why the object cannot be matched: not an indicator,
     *     no id, a pattern type other than {@code stix}, malformed timestamps
     */
    public static Indicator from(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = text(json, "type");
        if (!"indicator".equals(type)) {
            throw new IllegalArgumentException(
                    "not an indicator (type "
                            + (type == null ? "missing" : "'" + type + "'")
                            + ")");
        }
        String id = text(json, "id");
        if (id == null || !StixIds.isId(id) || !id.startsWith("indicator--")) {
            throw new IllegalArgumentException("the indicator has no valid id");
        }
        String patternType = text(json, "pattern_type");
        if (patternType != null && !patternType.equals("stix")) {
            throw new IllegalArgumentException(
                    "pattern_type '" + patternType + "' is not STIX patterning; not matched here");
        }
        String pattern = text(json, "pattern");
        if (pattern == null) {
            throw new IllegalArgumentException("the indicator has no pattern string");
        }
        String version = text(json, "modified");
        if (version == null) {
            version = text(json, "created");
        }
        if (version != null && !Timestamps.isValid(version)) {
            throw new IllegalArgumentException("modified/created is not a STIX timestamp");
        }
        String until = text(json, "valid_until");
        if (until != null && !Timestamps.isValid(until)) {
            throw new IllegalArgumentException("valid_until is not a STIX timestamp");
        }
        JsonNode revoked = json.get("revoked");
        return new Indicator(
                id,
                version == null ? "" : Timestamps.sortKey(version),
                pattern,
                Optional.ofNullable(until).map(Timestamps::toInstant),
                revoked != null && revoked.isBoolean() && revoked.booleanValue());
    }

    private static String text(JsonNode json, String name) {
        JsonNode v = json.get(name);
        return v != null && v.isString() ? v.stringValue() : null;
    }
}
