package org.entente.server.collection;

import java.util.Objects;
import java.util.Optional;
import org.entente.stix.Tlp;

/**
 * A TAXII collection of this node. Each belongs to one area of cooperation, which decides (with the
 * agreements) who sees and writes it; objects without a TLP marking take its default TLP.
 */
public record Collection(
        String id,
        String apiRoot,
        Optional<String> alias,
        String title,
        Optional<String> description,
        String area,
        Tlp defaultTlp) {
    public Collection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiRoot, "apiRoot");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(defaultTlp, "defaultTlp");
    }
}
