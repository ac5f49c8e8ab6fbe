package org.entente.stix;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Every object type STIX 2.1 defines, by name. */
final class TypeCatalog {
    private TypeCatalog() {}

    private static final Map<String, TypeSpec> TYPES;

    static {
        Map<String, TypeSpec> types = new HashMap<>();
        SdoTypes.register(types);
        SroTypes.register(types);
        ScoTypes.register(types);
        MetaTypes.register(types);
        TYPES = Collections.unmodifiableMap(types);
    }

    static TypeSpec get(String type) {
        return TYPES.get(type);
    }

    /**
     * The spec for a type STIX does not define: an object with {@code created} is taken as a custom
     * domain object, anything else as a custom observable; either way only the common properties
     * are checked and its own properties need only be well named.
     */
    static TypeSpec custom(String type, JsonNode object) {
        boolean domain = object.has("created") || object.has("modified");
        ObjectSpec.Builder body = domain ? Common.sdo(type) : Common.sco(type);
        return new TypeSpec(
                type,
                domain ? TypeSpec.Kind.SDO : TypeSpec.Kind.SCO,
                body.unknown(ObjectSpec.Unknown.NAMED).build(),
                List.of(),
                Map.of());
    }

    static Map<String, String> kinds() {
        Map<String, String> kinds = new TreeMap<>();
        TYPES.forEach((name, spec) -> kinds.put(name, spec.kind.name()));
        return kinds;
    }

    static void add(Map<String, TypeSpec> types, TypeSpec.Kind kind, ObjectSpec body) {
        add(types, new TypeSpec(body.name, kind, body, List.of(), Map.of()));
    }

    static void add(Map<String, TypeSpec> types, TypeSpec spec) {
        if (types.put(spec.type, spec) != null) {
            throw new IllegalStateException("type defined twice: " + spec.type);
        }
    }
}
