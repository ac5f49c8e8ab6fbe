package org.entente.server.collection;

import java.util.Objects;
import java.util.Optional;

/** A TAXII API root of this node: a path segment under {@code /taxii2/}. */
public record ApiRoot(
        String name, String title, Optional<String> description, long maxContentLength) {
    public ApiRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        if (maxContentLength <= 0) {
            throw new IllegalArgumentException("maxContentLength must be positive");
        }
    }
}
