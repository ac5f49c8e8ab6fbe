package org.entente.stix;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The state of validating one object: the findings so far and the services rules may need. */
final class Check {
    final List<Issue> errors = new ArrayList<>(2);
    final List<Issue> warnings = new ArrayList<>(2);
    final JsonNode object;
    final PatternChecker patterns;

    Check(JsonNode object, PatternChecker patterns) {
        this.object = object;
        this.patterns = patterns;
    }

    void error(Path path, String message) {
        errors.add(new Issue(path.toString(), message));
    }

    void warn(Path path, String message) {
        warnings.add(new Issue(path.toString(), message));
    }
}
