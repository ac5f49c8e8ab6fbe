package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;
import org.entente.stix.StixObject;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;

/**
 * A validated object ready to be written: the facts the store indexes and the serialized body. The
 * parsed tree is not kept, so a chunk of these costs little more than its JSON.
 *
 * @param version {@code modified} or {@code created}; empty for unversioned objects (SCOs), which
 *     get their date_added as version
 */
public record PreparedObject(
        String id,
        String type,
        String specVersion,
        Optional<String> version,
        Optional<Tlp> tlp,
        Optional<String> createdBy,
        java.util.OptionalInt confidence,
        java.util.Set<String> labels,
        java.util.Set<String> markingRefs,
        Provenance provenance,
        byte[] body) {
    /**
     * Where an object came from: nowhere (it is ours) or an organisation and the agreement area it
     * was received under.
     */
    public record Provenance(
            Optional<String> org, Optional<String> agreement, Optional<String> area) {
        public static final Provenance OWN =
                new Provenance(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public PreparedObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tlp, "tlp");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(body, "body");
        labels = java.util.Set.copyOf(labels);
        markingRefs = java.util.Set.copyOf(markingRefs);
    }

    /**
     * @param body the object's JSON: the bytes it arrived as, or its tree serialized
     */
    public static PreparedObject of(StixObject object, byte[] body) {
        tools.jackson.databind.JsonNode json = object.json();
        tools.jackson.databind.JsonNode confidence = json.get("confidence");
        java.util.Set<String> labels = new java.util.HashSet<>();
        tools.jackson.databind.JsonNode list = json.get("labels");
        if (list != null && list.isArray()) {
            list.forEach(l -> labels.add(l.asString()));
        }
        java.util.Set<String> markings = new java.util.HashSet<>();
        tools.jackson.databind.JsonNode refs = json.get("object_marking_refs");
        if (refs != null && refs.isArray()) {
            refs.forEach(r -> markings.add(r.asString()));
        }
        tools.jackson.databind.JsonNode granular = json.get("granular_markings");
        if (granular != null && granular.isArray()) {
            for (tools.jackson.databind.JsonNode g : granular) {
                tools.jackson.databind.JsonNode ref = g.get("marking_ref");
                if (ref != null && ref.isString()) {
                    markings.add(ref.stringValue());
                }
            }
        }
        return new PreparedObject(
                object.id(),
                object.type(),
                object.specVersion(),
                object.version(),
                object.tlp(),
                object.createdByRef(),
                confidence != null && confidence.canConvertToInt()
                        ? java.util.OptionalInt.of(confidence.intValue())
                        : java.util.OptionalInt.empty(),
                labels,
                markings,
                Provenance.OWN,
                body);
    }

    public PreparedObject receivedFrom(Provenance origin) {
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
                body);
    }

    public org.entente.server.policy.ObjectFacts facts() {
        return new org.entente.server.policy.ObjectFacts(
                type,
                tlp,
                provenance.org(),
                provenance.agreement(),
                provenance.area(),
                confidence,
                labels);
    }

    Optional<String> versionKey() {
        return version.map(Timestamps::sortKey);
    }
}
