package org.entente.stix;

import java.util.Objects;

/**
 * One finding of the validator: where in the object it is, and a sentence a person understands.
 *
 * @param path property path inside the object, e.g. {@code external_references[0].source_name};
 *     empty for the object as a whole
 * @param message what is wrong and, where it helps, what would be right
 */
public record Issue(String path, String message) {
    public Issue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
