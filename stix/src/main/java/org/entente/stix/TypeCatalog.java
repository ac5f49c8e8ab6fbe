package org.entente.stix;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
     * The spec for a type STIX does not define. Its kind comes from the extension that defines it
     * ({@code new-sdo}, {@code new-sco}, {@code new-sro}); failing that, an object with {@code
     * created} or {@code modified} is taken as a custom domain object and anything else as a custom
     * observable. Either way only the common properties are checked, and its own properties need
     * only be well named.
     */
    static TypeSpec custom(String type, JsonNode object) {
        TypeSpec.Kind kind = customKind(object);
        String key = kind.name() + ' ' + type;
        TypeSpec spec = CUSTOM.get(key);
        if (spec == null) {
            spec = customSpec(type, kind);
            // bounded, so that a stream of invented types cannot grow it without end
            if (CUSTOM.size() < MAX_CACHED_CUSTOM_TYPES) {
                CUSTOM.put(key, spec);
            }
        }
        return spec;
    }

    private static final int MAX_CACHED_CUSTOM_TYPES = 1024;

    private static final Map<String, TypeSpec> CUSTOM = new ConcurrentHashMap<>();

    private static TypeSpec.Kind customKind(JsonNode object) {
        TypeSpec.Kind kind;
        if (Extensions.declares(object, "new-sco")) {
            kind = TypeSpec.Kind.SCO;
        } else if (Extensions.declares(object, "new-sro")) {
            kind = TypeSpec.Kind.SRO;
        } else if (Extensions.declares(object, "new-sdo")
                || object.has("created")
                || object.has("modified")) {
            kind = TypeSpec.Kind.SDO;
        } else {
            kind = TypeSpec.Kind.SCO;
        }
        return kind;
    }

    private static TypeSpec customSpec(String type, TypeSpec.Kind kind) {
        ObjectSpec.Builder body = kind == TypeSpec.Kind.SCO ? Common.sco(type) : Common.sdo(type);
        return new TypeSpec(
                type, kind, body.unknown(ObjectSpec.Unknown.NAMED).build(), List.of(), Map.of());
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
