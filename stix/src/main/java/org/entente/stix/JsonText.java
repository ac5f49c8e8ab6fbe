package org.entente.stix;

import tools.jackson.databind.JsonNode;

/** Small helpers for rules that read string properties of a JSON object. */
final class JsonText {
    private JsonText() {}

    /** The string value of {@code key}, or {@code null} if absent or not a string. */
    static String string(JsonNode object, String key) {
        JsonNode value = object.get(key);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** Warns when a string property is not lower case with hyphens, as STIX recommends. */
    static void lowerHyphenated(JsonNode object, String key, Path path, Check check) {
        String value = string(object, key);
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isUpperCase(c) || c == ' ' || c == '_') {
                check.warn(
                        path.property(key),
                        "'" + value + "' should be lower case with hyphens for spaces");
                return;
            }
        }
    }

    /** True when the valid timestamps {@code later} is not before {@code earlier}. */
    static boolean notBefore(String later, String earlier) {
        return Timestamps.sortKey(later).compareTo(Timestamps.sortKey(earlier)) >= 0;
    }
}
