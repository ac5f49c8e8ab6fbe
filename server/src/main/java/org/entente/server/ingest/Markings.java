package org.entente.server.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entente.server.store.ObjectDao;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * Reads an object's TLP by meaning (FIRST TLP 2.0 read as the brief says): the standard TLP 1.0 and
 * 2.0 marking definitions by id; any other marking definition by its content, whether it came in
 * the same request (anywhere in it) or is held by the node; a statement marking is no TLP; a
 * marking whose meaning cannot be established counts as RED. Where several definitions share an id
 * (sent by different sources), the most restrictive meaning wins, so a definition can only ever
 * make objects stricter.
 */
public final class Markings {
    /** What a marking definition means for TLP. */
    sealed interface Meaning {
        record Level(Tlp tlp) implements Meaning {}

        /** A marking that is not about TLP (a statement). */
        record NotTlp() implements Meaning {}
    }

    private final ObjectDao objects;
    private final Map<String, Meaning> posted = new HashMap<>();
    private final Map<String, Optional<Meaning>> held = new HashMap<>();

    /** One request's resolver: it remembers the definitions it has read. */
    public Markings(ObjectDao objects) {
        this.objects = objects;
    }

    /** A marking definition sent in the request; it joins those stored under its id. */
    public void posted(String id, byte[] body) {
        Meaning m = meaning(StixJson.parse(body));
        posted.merge(id, m, Markings::stricter);
    }

    /**
     * The object's TLP: the most restrictive of its markings (object-level and granular), empty
     * when none is a TLP marking.
     *
     * @throws UnknownMarking when a marking is neither standard, nor sent, nor held
     */
    public Optional<Tlp> tlpOf(Set<String> markingRefs) {
        Tlp most = null;
        for (String ref : markingRefs) {
            Optional<Tlp> standard = Tlp.ofMarkingId(ref);
            Meaning m;
            if (standard.isPresent()) {
                m = new Meaning.Level(standard.get());
            } else {
                m = stored(ref).orElseThrow(() -> new UnknownMarking(ref));
            }
            if (m instanceof Meaning.Level level) {
                most = most == null || level.tlp().ordinal() > most.ordinal() ? level.tlp() : most;
            }
        }
        return Optional.ofNullable(most);
    }

    /** A marking that no definition explains: the object cannot be judged and is refused. */
    public static final class UnknownMarking extends RuntimeException {
        private final String ref;

        UnknownMarking(String ref) {
            super(ref, null, false, false);
            this.ref = ref;
        }

        public String ref() {
            return ref;
        }
    }

    private Optional<Meaning> stored(String ref) {
        Optional<Meaning> h = held.computeIfAbsent(ref, this::readHeld);
        Meaning p = posted.get(ref);
        return p == null ? h : Optional.of(h.map(x -> stricter(x, p)).orElse(p));
    }

    private Optional<Meaning> readHeld(String ref) {
        Optional<Meaning> found = Optional.empty();
        for (byte[] body : objects.markingDefinitions(Set.of(ref)).getOrDefault(ref, List.of())) {
            Meaning m = meaning(StixJson.parse(body));
            found = Optional.of(found.map(f -> stricter(f, m)).orElse(m));
        }
        return found;
    }

    private static Meaning stricter(Meaning a, Meaning b) {
        if (a instanceof Meaning.Level la && b instanceof Meaning.Level lb) {
            return la.tlp().ordinal() >= lb.tlp().ordinal() ? a : b;
        }
        return a instanceof Meaning.Level ? a : b;
    }

    private static final String TLP2 = Tlp.TLP2_EXTENSION;

    /**
     * The meaning of a marking definition by its content. TLP 1.0: {@code definition_type "tlp"}
     * with {@code definition.tlp}; TLP 2.0: the OASIS extension's {@code tlp_2_0}; a statement is
     * no TLP; anything else, or content that contradicts itself, is RED.
     */
    static Meaning meaning(JsonNode definition) {
        Tlp tlp1 = null;
        Tlp tlp2 = null;
        boolean statement = false;
        boolean unknown = false;
        JsonNode type = definition.get("definition_type");
        JsonNode def = definition.get("definition");
        if (type != null && type.isString()) {
            switch (type.stringValue()) {
                case "tlp" -> {
                    JsonNode level = def == null ? null : def.get("tlp");
                    tlp1 = level != null && level.isString() ? level(level.stringValue()) : null;
                    unknown |= tlp1 == null;
                }
                case "statement" -> statement = true;
                default -> unknown = true;
            }
        }
        JsonNode extensions = definition.get("extensions");
        if (extensions != null && extensions.isObject()) {
            for (var e : extensions.properties()) {
                if (e.getKey().equals(TLP2)) {
                    JsonNode level = e.getValue().get("tlp_2_0");
                    tlp2 = level != null && level.isString() ? level(level.stringValue()) : null;
                    unknown |= tlp2 == null;
                } else {
                    unknown = true; // an extension we cannot read may say anything
                }
            }
        }
        if (unknown || (tlp1 != null && tlp2 != null && tlp1 != tlp2)) {
            return new Meaning.Level(Tlp.RED);
        }
        if (tlp1 != null || tlp2 != null) {
            return new Meaning.Level(tlp1 != null ? tlp1 : tlp2);
        }
        return statement ? new Meaning.NotTlp() : new Meaning.Level(Tlp.RED);
    }

    private static Tlp level(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "white", "clear" -> Tlp.CLEAR;
            case "green" -> Tlp.GREEN;
            case "amber" -> Tlp.AMBER;
            case "amber+strict" -> Tlp.AMBER_STRICT;
            case "red" -> Tlp.RED;
            default -> null;
        };
    }
}
