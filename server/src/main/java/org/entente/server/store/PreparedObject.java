package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.entente.stix.StixObject;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * A validated object ready to be written: the facts the store indexes and the serialized body. The
 * parsed tree is not kept, so a chunk of these costs little more than its JSON.
 *
 * @param version {@code modified} or {@code created}; empty for unversioned objects (SCOs), which
 *     get their date_added as version
 * @param tlp the object's own TLP by meaning; empty when unmarked
 * @param labels as {@link Labels#normalise} makes them
 * @param origin who sent it; empty for our own objects
 * @param onward whose onward rule governs it (see {@link ObjectFacts#onward})
 * @param keptApart it claims another organisation this node knows (as its creator, or by being that
 *     organisation's identity): stored visible only to its sender, never shared on
 */
public record PreparedObject(
        String id,
        String type,
        String specVersion,
        Optional<String> version,
        Optional<Tlp> tlp,
        Optional<String> createdBy,
        OptionalInt confidence,
        Set<String> labels,
        Set<String> markingRefs,
        Optional<ObjectFacts.Source> origin,
        Optional<ObjectFacts.Source> onward,
        boolean keptApart,
        int namesUs,
        byte[] body) {

    public PreparedObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(onward, "onward");
        Objects.requireNonNull(body, "body");
        labels = Labels.normalise(labels);
        markingRefs = Set.copyOf(markingRefs);
    }

    /**
     * Our own object as the library read it. Its TLP is read from the standard TLP markings; a
     * marking of any other id counts as RED until the caller resolves its meaning ({@link
     * #withTlp}): when in doubt, it stays.
     *
     * @param body the object's JSON: the bytes it arrived as, or its tree serialized
     */
    public static PreparedObject of(StixObject object, byte[] body) {
        JsonNode json = object.json();
        JsonNode confidence = json.get("confidence");
        Set<String> labels = new java.util.HashSet<>();
        JsonNode list = json.get("labels");
        if (list != null && list.isArray()) {
            list.forEach(l -> labels.add(l.asString()));
        }
        Set<String> markings = new java.util.HashSet<>();
        JsonNode refs = json.get("object_marking_refs");
        if (refs != null && refs.isArray()) {
            refs.forEach(r -> markings.add(r.asString()));
        }
        JsonNode granular = json.get("granular_markings");
        if (granular != null && granular.isArray()) {
            for (JsonNode g : granular) {
                JsonNode ref = g.get("marking_ref");
                if (ref != null && ref.isString()) {
                    markings.add(ref.stringValue());
                }
            }
        }
        boolean unresolved = markings.stream().anyMatch(m -> Tlp.ofMarkingId(m).isEmpty());
        return new PreparedObject(
                object.id(),
                object.type(),
                object.specVersion(),
                object.version(),
                unresolved ? Optional.of(Tlp.RED) : object.tlp(),
                object.createdByRef(),
                confidence != null && confidence.canConvertToInt()
                        ? OptionalInt.of(confidence.intValue())
                        : OptionalInt.empty(),
                labels,
                markings,
                Optional.empty(),
                Optional.empty(),
                false,
                0,
                body);
    }

    /** The lineage the object joins: '' for our own, else the organisation that sent it. */
    public String lineage() {
        return origin.map(ObjectFacts.Source::org).orElse("");
    }

    public PreparedObject withTlp(Optional<Tlp> own) {
        return new PreparedObject(
                id,
                type,
                specVersion,
                version,
                own,
                createdBy,
                confidence,
                labels,
                markingRefs,
                origin,
                onward,
                keptApart,
                namesUs,
                body);
    }

    /** The object as received from {@code from}: its origin, and the onward rule it goes by. */
    public PreparedObject receivedFrom(ObjectFacts.Source from, boolean keptApart) {
        return new PreparedObject(
                id,
                type,
                specVersion,
                version,
                tlp,
                createdBy,
                confidence,
                labels,
                markingRefs,
                Optional.of(from),
                Optional.of(from),
                keptApart,
                namesUs,
                body);
    }

    /** Our object that goes by the onward rule of what it is about (a sighting of theirs). */
    public PreparedObject governedBy(ObjectFacts.Source source) {
        return new PreparedObject(
                id,
                type,
                specVersion,
                version,
                tlp,
                createdBy,
                confidence,
                labels,
                markingRefs,
                origin,
                Optional.of(source),
                keptApart,
                namesUs,
                body);
    }

    /** The object with how it names the local identity, as the policy judged it. */
    public PreparedObject namingUs(int how) {
        return new PreparedObject(
                id,
                type,
                specVersion,
                version,
                tlp,
                createdBy,
                confidence,
                labels,
                markingRefs,
                origin,
                onward,
                keptApart,
                how,
                body);
    }

    /**
     * The facts the policy judges the object by before it is stored; {@code collectionDefault} is
     * the TLP it takes when unmarked.
     */
    public ObjectFacts facts(Tlp collectionDefault) {
        return new ObjectFacts(
                type,
                tlp,
                tlp.orElse(collectionDefault),
                origin,
                onward,
                confidence,
                labels,
                false,
                namesUs);
    }
}
