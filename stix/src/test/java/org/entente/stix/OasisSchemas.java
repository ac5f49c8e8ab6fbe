package org.entente.stix;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The OASIS STIX 2.1 JSON schemas from the shared data, as an independent oracle. Their {@code
 * $ref}s name public URLs; these are mapped to the local copies, so nothing is fetched.
 */
final class OasisSchemas {
    static final String BASE =
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private static final Map<String, String> FOLDERS =
            Map.of(
                    "relationship", "sros",
                    "sighting", "sros",
                    "marking-definition", "common",
                    "language-content", "common",
                    "extension-definition", "common");

    private final SchemaRegistry registry;
    private final Map<String, Schema> byType = new ConcurrentHashMap<>();

    private OasisSchemas(java.nio.file.Path root) {
        this.registry =
                SchemaRegistry.withDefaultDialect(
                        SpecificationVersion.DRAFT_2020_12,
                        builder -> builder.schemas(iri -> localCopy(root, iri)));
    }

    /** The text of a schema named by its public IRI, read from the local copy. */
    private static String localCopy(java.nio.file.Path root, String iri) {
        if (!iri.startsWith(BASE)) {
            return null; // e.g. the JSON Schema meta-schemas, which the library carries
        }
        try {
            return Files.readString(root.resolve(iri.substring(BASE.length())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static java.nio.file.Path root() {
        return SharedData.root().resolve("stix2-json-schemas/schemas");
    }

    static boolean present() {
        return Files.isDirectory(root().resolve("sdos"));
    }

    static OasisSchemas load() {
        return new OasisSchemas(root());
    }

    /** The schema of a STIX type, or empty for types the schemas do not cover (custom ones). */
    Optional<Schema> forType(String type) {
        TypeSpec spec = TypeCatalog.get(type);
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(
                byType.computeIfAbsent(
                        type,
                        t -> {
                            String folder =
                                    FOLDERS.getOrDefault(
                                            t,
                                            spec.kind == TypeSpec.Kind.SCO
                                                    ? "observables"
                                                    : "sdos");
                            return registry.getSchema(
                                    SchemaLocation.of(BASE + folder + "/" + t + ".json"));
                        }));
    }

    /** The schema's complaints about {@code object}; empty when the schema accepts it. */
    List<Error> errors(JsonNode object) {
        String type = object.path("type").asString("");
        return forType(type).map(schema -> schema.validate(object)).orElse(List.of());
    }
}
