package org.entente.server.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entente.server.store.ObjectDao;
import org.entente.stix.MarkingMeaning;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;

/**
 * Reads an object's TLP by meaning (FIRST TLP 2.0 read as the brief says): the standard TLP 1.0 and
 * 2.0 marking definitions by id; any other marking definition by its content ({@link
 * MarkingMeaning}), whether it came in the same request (anywhere in it) or is held by the node; a
 * statement marking is no TLP; a marking whose meaning cannot be established counts as RED, and so
 * do definitions under one id that disagree (whoever sent them): a definition sent later can never
 * make objects laxer.
 */
public final class Markings {
    private final ObjectDao objects;
    private final Map<String, MarkingMeaning> posted = new HashMap<>();
    private final Map<String, Optional<MarkingMeaning>> held = new HashMap<>();

    /** One request's resolver: it remembers the definitions it has read. */
    public Markings(ObjectDao objects) {
        this.objects = objects;
    }

    /** A marking definition sent in the request; it joins those stored under its id. */
    public void posted(String id, byte[] body) {
        posted.merge(id, MarkingMeaning.of(StixJson.parse(body)), MarkingMeaning::agreed);
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
            Optional<Tlp> level = Tlp.ofMarkingId(ref);
            if (level.isEmpty()) {
                level = meaning(ref).orElseThrow(() -> new UnknownMarking(ref)).restriction();
            }
            if (level.isPresent() && (most == null || level.get().ordinal() > most.ordinal())) {
                most = level.get();
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

    private Optional<MarkingMeaning> meaning(String ref) {
        Optional<MarkingMeaning> h = held.computeIfAbsent(ref, this::readHeld);
        MarkingMeaning p = posted.get(ref);
        return p == null ? h : Optional.of(h.map(x -> MarkingMeaning.agreed(x, p)).orElse(p));
    }

    private Optional<MarkingMeaning> readHeld(String ref) {
        Optional<MarkingMeaning> found = Optional.empty();
        for (byte[] body : objects.markingDefinitions(Set.of(ref)).getOrDefault(ref, List.of())) {
            MarkingMeaning m = MarkingMeaning.of(StixJson.parse(body));
            found = Optional.of(found.map(f -> MarkingMeaning.agreed(f, m)).orElse(m));
        }
        return found;
    }
}
