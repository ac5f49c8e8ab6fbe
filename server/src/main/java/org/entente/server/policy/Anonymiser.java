package org.entente.server.policy;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.entente.stix.StixJson;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strips our identity from what goes out under an anonymising area: no reference to the local
 * identity may leave. {@code created_by_ref} naming us is removed, our id is removed from every
 * list of references, and a sighting loses {@code where_sighted_refs} altogether (the places it was
 * sighted say who saw it). An object that cannot go without us — our identity itself, a
 * relationship whose end is us, any other property naming us — is withheld, as is one that the
 * stripping would leave invalid.
 */
final class Anonymiser {
    private final String ours;
    private final Validator validator;

    Anonymiser(String ourIdentity, Validator validator) {
        this.ours = ourIdentity;
        this.validator = validator;
    }

    /**
     * How an object names us, judged once when it is stored so that reads can select in SQL: 0 not
     * at all, 1 in ways {@link #strip} removes, 2 it cannot go without naming us.
     */
    int classify(String id, String type, byte[] body) {
        if (id.equals(ours)) {
            return 2;
        }
        if (!type.equals("sighting") && !mentions(body)) {
            return 0;
        }
        Optional<byte[]> stripped = strip(id, type, body);
        if (stripped.isEmpty()) {
            return 2;
        }
        return stripped.get() == body ? 0 : 1;
    }

    /**
     * The object's body as it may go out ({@code body} itself when nothing names us), or empty when
     * it must be withheld.
     */
    Optional<byte[]> strip(String id, String type, byte[] body) {
        if (id.equals(ours)) {
            return Optional.empty();
        }
        boolean sighting = type.equals("sighting");
        if (!sighting && !mentions(body)) {
            return Optional.of(body); // the usual case: nothing names us, nothing to parse
        }
        JsonNode json = StixJson.parse(body);
        if (!(json instanceof ObjectNode object)) {
            return Optional.empty();
        }
        boolean changed = false;
        if (sighting && object.has("where_sighted_refs")) {
            object.remove("where_sighted_refs");
            changed = true;
        }
        Walk walk = new Walk();
        walk.object(object);
        if (walk.withhold) {
            return Optional.empty();
        }
        if (!changed && !walk.changed) {
            return Optional.of(body);
        }
        ValidationResult check = validator.validate(object);
        if (!check.valid()) {
            return Optional.empty();
        }
        return Optional.of(StixJson.toBytes(object));
    }

    /**
     * Whether {@code body} may name us, without parsing it. A body is stored as it came, so our id
     * (ASCII letters, digits and {@code -}) may be spelled in it with JSON escapes (a backslash,
     * {@code u} and four hex digits): a body holding an escape of a character under U+0100 is
     * parsed to tell (AnonymiseTest.ourIdentitySpelledWithJsonEscapesIsStillUs). The body is read
     * as Latin-1, one character per byte, so that the JDK's string search runs over it; UTF-8's
     * other bytes are all above U+007F and match no character of an id or of an escape.
     */
    private boolean mentions(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.contains(ours) || text.contains("\\u00");
    }

    private final class Walk {
        boolean changed;
        boolean withhold;

        void object(ObjectNode node) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                JsonNode value = f.getValue();
                if (value.isString() && value.stringValue().equals(ours)) {
                    if (name.equals("created_by_ref")) {
                        fields.remove();
                        changed = true;
                    } else {
                        withhold = true; // a reference that cannot simply go: the object stays
                    }
                } else if (value instanceof ArrayNode list) {
                    array(list);
                    if (list.isEmpty() && name.endsWith("_refs")) {
                        fields.remove();
                    }
                } else if (value instanceof ObjectNode inner) {
                    object(inner);
                }
            }
        }

        void array(ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonNode item = list.get(i);
                if (item.isString() && item.stringValue().equals(ours)) {
                    list.remove(i);
                    changed = true;
                } else if (item instanceof ObjectNode inner) {
                    object(inner);
                } else if (item instanceof ArrayNode nested) {
                    array(nested);
                }
            }
        }
    }
}
