package org.entente.stix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic identifiers of cyber-observable objects (STIX 2.1 section 2.9): a UUIDv5 in the
 * STIX namespace over the JCS form of the object's id-contributing properties, so that two
 * producers who see the same observable name it the same way.
 */
public final class ScoIds {
    /** The namespace STIX 2.1 fixes for SCO identifiers. */
    public static final UUID NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    /** Hash algorithms in the order STIX prefers one for id computation. */
    private static final List<String> HASH_PREFERENCE =
            List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

    private ScoIds() {}

    /**
     * The deterministic id for {@code object}, or empty when its type has no id-contributing
     * properties (process) or none of them is present, in which case STIX asks for a random id.
     */
    public static Optional<String> deterministic(String type, JsonNode object) {
        TypeSpec spec = TypeCatalog.get(type);
        if (spec == null || spec.kind != TypeSpec.Kind.SCO || spec.idContributing.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode contributing = JsonNodeFactory.instance.objectNode();
        for (String property : spec.idContributing) {
            JsonNode value = object.get(property);
            if (value == null || value.isNull()) {
                continue;
            }
            if (property.equals("hashes") && value.isObject()) {
                value = oneHash(value);
                if (value == null) {
                    continue;
                }
            }
            contributing.set(property, value);
        }
        if (contributing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(type + "--" + uuid5(NAMESPACE, Jcs.canonicalize(contributing)));
    }

    /**
     * A copy of {@code sco} with its deterministic id (or a random one when it has none) when it
     * has no id yet; {@code sco} itself when it already has one.
     */
    public static ObjectNode withId(ObjectNode sco) {
        if (sco.hasNonNull("id")) {
            return sco;
        }
        String type = sco.path("type").asString("");
        ObjectNode copy = sco.deepCopy();
        String id = deterministic(type, sco).orElseGet(() -> type + "--" + UUID.randomUUID());
        copy.put("id", id);
        return copy;
    }

    private static JsonNode oneHash(JsonNode hashes) {
        for (String algorithm : HASH_PREFERENCE) {
            JsonNode value = hashes.get(algorithm);
            if (value != null) {
                ObjectNode one = JsonNodeFactory.instance.objectNode();
                one.set(algorithm, value);
                return one;
            }
        }
        // none of the preferred algorithms: STIX leaves the choice open; take the first given
        for (String algorithm : hashes.propertyNames()) {
            ObjectNode one = JsonNodeFactory.instance.objectNode();
            one.set(algorithm, hashes.get(algorithm));
            return one;
        }
        return null;
    }

    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
