package org.entente.stix;

import tools.jackson.databind.JsonNode;

/**
 * Resolves granular marking selectors (STIX 2.1 section 7.2.3.1) against the object they mark: each
 * selector names a property path with {@code .} between steps and {@code [n]} for list items, and
 * must point at something that exists.
 */
final class GranularMarkings {
    private GranularMarkings() {}

    static void checkSelectors(JsonNode object, Check check) {
        JsonNode markings = object.get("granular_markings");
        if (markings == null || !markings.isArray()) {
            return;
        }
        Path base = Path.ROOT.property("granular_markings");
        for (int m = 0; m < markings.size(); m++) {
            JsonNode selectors = markings.get(m).get("selectors");
            if (selectors == null || !selectors.isArray()) {
                continue;
            }
            for (int s = 0; s < selectors.size(); s++) {
                JsonNode selector = selectors.get(s);
                if (selector.isString() && !resolves(object, selector.stringValue())) {
                    check.error(
                            base.index(m).property("selectors").index(s),
                            "selector '"
                                    + selector.stringValue()
                                    + "' does not point at any property of this object");
                }
            }
        }
    }

    static boolean resolves(JsonNode object, String selector) {
        if (selector.isEmpty()) {
            return false;
        }
        JsonNode at = object;
        for (String step : selector.split("\\.", -1)) {
            if (step.isEmpty()) {
                return false;
            }
            if (step.startsWith("[") && step.endsWith("]")) {
                if (!at.isArray()) {
                    return false;
                }
                int index;
                try {
                    index = Integer.parseInt(step.substring(1, step.length() - 1));
                } catch (NumberFormatException e) {
                    return false;
                }
                if (index < 0 || index >= at.size()) {
                    return false;
                }
                at = at.get(index);
            } else {
                if (!at.isObject() || !at.has(step)) {
                    return false;
                }
                at = at.get(step);
            }
        }
        return true;
    }
}
