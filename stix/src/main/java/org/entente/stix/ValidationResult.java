package org.entente.stix;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of validating one STIX object. Errors make the object invalid; warnings do not.
 *
 * @param id the object's id as given, if it had one that could be read
 * @param type the object's type as given, if it had one that could be read
 */
public record ValidationResult(
        Optional<String> id, Optional<String> type, List<Issue> errors, List<Issue> warnings) {
    public ValidationResult {
        id = id == null ? Optional.empty() : id;
        type = type == null ? Optional.empty() : type;
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** All errors as one sentence list, for status resources and CLI summaries. */
    public String errorSummary() {
        StringBuilder out = new StringBuilder();
        for (Issue issue : errors) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(issue);
        }
        return out.toString();
    }
}
