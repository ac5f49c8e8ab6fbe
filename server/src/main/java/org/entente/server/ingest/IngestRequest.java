package org.entente.server.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.entente.server.collection.Collection;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.StatusDetail;
import org.entente.server.store.Visibility;
import org.entente.stix.StixJson;
import org.entente.stix.StixObject;
import org.entente.stix.StixUpgrade;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;

/**
 * What each object of one request must pass before it is written, beside its chunk: validation (a
 * STIX 2.0 object upgraded to 2.1, said so in its status line), the size limit, markings known by
 * meaning (the request's own definitions seen first, wherever they sit), and the sender's {@link
 * WriteScope}, which also fixes provenance and the onward rule an object goes by.
 */
final class IngestRequest {
    private final WriteScope scope;
    private final OptionalInt maxObjectBytes;
    private final Markings markings;
    private final Validator validator;
    private final ObjectDao objects;
    private final Map<String, Optional<ObjectFacts.Source>> sighted = new HashMap<>();

    IngestRequest(
            Validator validator, ObjectDao objects, WriteScope scope, OptionalInt maxObjectBytes) {
        this(validator, objects, scope, maxObjectBytes, new HashMap<>());
    }

    /**
     * @param notes the notes of objects prepared before they are judged (a body parsed whole, or
     *     one parsed a chunk ahead by {@link PreparedAhead}), to which this request adds its own
     */
    IngestRequest(
            Validator validator,
            ObjectDao objects,
            WriteScope scope,
            OptionalInt maxObjectBytes,
            Map<String, String> notes) {
        this.validator = validator;
        this.objects = objects;
        this.scope = scope;
        this.maxObjectBytes = maxObjectBytes;
        this.markings = new Markings(objects);
        this.notes = notes;
    }

    Visibility sees() {
        return scope.sees();
    }

    /**
     * The organisation sending, when it is not ours: whose refusals of this request are counted as
     * refused on writes to us ({@link org.entente.server.store.WriteRefusalDao}).
     */
    Optional<String> otherSender() {
        return scope instanceof WriteScope.Receive r
                ? Optional.of(r.sender().id())
                : Optional.empty();
    }

    /** Notes for the status lines of objects stored anew: id and version, note. */
    private final Map<String, String> notes;

    private static void noted(Map<String, String> notes, PreparedObject o, String note) {
        notes.put(o.id() + "|" + o.version().orElse(""), note);
    }

    /** The outcomes, with the notes of the objects stored anew that have one. */
    List<StatusDetail> withNotes(List<PreparedObject> objects, List<StatusDetail> outcomes) {
        if (notes.isEmpty()) {
            return outcomes;
        }
        List<StatusDetail> out = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            StatusDetail d = outcomes.get(i);
            PreparedObject o = objects.get(i);
            String note = notes.get(o.id() + "|" + o.version().orElse(""));
            out.add(
                    note != null && !d.isFailure() && d.message().isEmpty()
                            ? StatusDetail.success(d.id(), d.version(), note)
                            : d);
        }
        return out;
    }

    /** Every object of the request is seen here before any is judged (where it can be). */
    void posted(Object item) {
        if (item instanceof PreparedObject o && o.type().equals("marking-definition")) {
            markings.posted(o.id(), o.body());
        }
    }

    Object judge(Object item, Collection collection) {
        if (!(item instanceof PreparedObject prepared)) {
            return item;
        }
        PreparedObject o = prepared;
        String version = o.version().orElse("unversioned");
        if (maxObjectBytes.isPresent() && o.body().length > maxObjectBytes.getAsInt()) {
            return StatusDetail.failure(
                    o.id(),
                    version,
                    "the object is "
                            + o.body().length
                            + " bytes, more than the "
                            + maxObjectBytes.getAsInt()
                            + " accepted here");
        }
        try {
            o = o.withTlp(markings.tlpOf(o.markingRefs()));
        } catch (Markings.UnknownMarking e) {
            return StatusDetail.failure(
                    o.id(),
                    version,
                    "it is marked with "
                            + e.ref()
                            + ", which this node does not know: send that marking"
                            + " definition in the same envelope, or before");
        }
        WriteScope.Admission admission =
                scope.admit(o.facts(collection.defaultTlp()), o.id(), o.createdBy(), o.body());
        if (admission instanceof WriteScope.Admission.Refused refused) {
            return StatusDetail.failure(o.id(), version, refused.reason());
        }
        WriteScope.Admission.Accepted ok = (WriteScope.Admission.Accepted) admission;
        o = o.namingUs(ok.namesUs());
        if (ok.origin().isPresent()) {
            return o.receivedFrom(ok.origin().get(), ok.keptApart());
        }
        if (o.type().equals("sighting")) {
            // our sighting of something we received goes by that object's onward rule
            Optional<ObjectFacts.Source> source = sightedSource(collection, o);
            if (source.isPresent()) {
                return o.governedBy(source.get());
            }
        }
        return o;
    }

    private Optional<ObjectFacts.Source> sightedSource(Collection c, PreparedObject o) {
        JsonNode ref = StixJson.parse(o.body()).get("sighting_of_ref");
        if (ref == null || !ref.isString()) {
            return Optional.empty();
        }
        return sighted.computeIfAbsent(ref.stringValue(), id -> objects.receivedFrom(c.id(), id));
    }

    /** A valid object ready to store, or the failure that says why it is not. */
    Object prepare(JsonNode node, Optional<byte[]> raw, int index) {
        return prepare(validator, notes, node, raw, index);
    }

    /**
     * A valid object ready to store, or the failure that says why it is not; nothing here depends
     * on the sender's scope, so that a page can be prepared before it is judged. The notes of
     * objects stored otherwise than they came (upgraded from STIX 2.0) go into {@code notes}.
     */
    static Object prepare(
            Validator validator,
            Map<String, String> notes,
            JsonNode node,
            Optional<byte[]> raw,
            int index) {
        ValidationResult result = validator.validate(node);
        if (!result.valid() && StixUpgrade.looksLikeStix20(node)) {
            return upgraded(validator, notes, node, index);
        }
        if (!result.valid()) {
            return StatusDetail.failure(
                    result.id().orElse("object " + index), versionOf(node), result.errorSummary());
        }
        StixObject object = StixObject.of(node);
        return PreparedObject.of(object, raw.orElseGet(() -> StixJson.toBytes(node)));
    }

    /**
     * A STIX 2.0 object, stored as the STIX 2.1 object {@link StixUpgrade#fromStix20} makes of it
     * when that is valid, its status line saying so and what changed (docs/stix-validation.md);
     * else refused with what is still wrong after the upgrade.
     */
    private static Object upgraded(
            Validator validator, Map<String, String> notes, JsonNode node, int index) {
        StixUpgrade.Upgraded up;
        try {
            up = StixUpgrade.fromStix20(node);
        } catch (IllegalArgumentException e) {
            return StatusDetail.failure(
                    Optional.ofNullable(node.get("id"))
                            .filter(JsonNode::isString)
                            .map(JsonNode::stringValue)
                            .orElse("object " + index),
                    versionOf(node),
                    "this looks like STIX 2.0 but cannot be upgraded: " + e.getMessage());
        }
        ValidationResult result = validator.validate(up.object());
        if (!result.valid()) {
            return StatusDetail.failure(
                    result.id().orElse("object " + index),
                    versionOf(up.object()),
                    "a STIX 2.0 object, still invalid once upgraded to STIX 2.1: "
                            + result.errorSummary());
        }
        PreparedObject prepared =
                PreparedObject.of(StixObject.of(up.object()), StixJson.toBytes(up.object()));
        noted(
                notes,
                prepared,
                "stored as STIX 2.1, upgraded from STIX 2.0"
                        + (up.changes().isEmpty() ? "" : ": " + String.join("; ", up.changes())));
        return prepared;
    }

    /**
     * The checks that need more than the object itself: that the markings it names are known, and
     * that the sender's agreements let us receive it (which also fixes its provenance).
     */
    static String versionOf(JsonNode node) {
        if (node != null && node.isObject()) {
            for (String key : new String[] {"modified", "created"}) {
                JsonNode v = node.get(key);
                if (v != null && v.isString()) {
                    return v.stringValue();
                }
            }
        }
        return "unknown";
    }
}
