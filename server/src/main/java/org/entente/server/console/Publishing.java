package org.entente.server.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.ApiRoot;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.Organisations;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.server.store.StoredObject;
import org.entente.server.store.VersionFilter;
import org.entente.stix.Issue;
import org.entente.stix.ScoIds;
import org.entente.stix.StixIds;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishing from the console (issue 11 item 4): the common objects made from forms, any object
 * written as JSON, new versions and revocations of our own objects. Every object goes through
 * {@link Ingest}, the use case of a TAXII POST, under the {@link WriteScope} the policy gives the
 * person's principal in the collection, so the same grants, validation, status resource and
 * observers (detection) apply as to a POST by that person; nothing here writes to the store.
 *
 * <p>Who may publish is who may POST: a person of the local agency whose principal may write to the
 * collection (admins to every one, the others by their grants). Only objects of our own lineage
 * whose {@code created_by_ref} is ours or absent get new versions here: STIX lets only an object's
 * creator version it, and the store keeps another organisation's versions in their own lineage.
 */
final class Publishing {
    private final Viewing viewing;
    private final Organisations organisations;
    private final ObjectDao objects;
    private final Ingest ingest;
    private final Validator validator;
    private final Clock clock;

    Publishing(
            Viewing viewing,
            Organisations organisations,
            ObjectDao objects,
            Ingest ingest,
            Validator validator,
            Clock clock) {
        this.viewing = Objects.requireNonNull(viewing, "viewing");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A person who may publish, and the collections they may write to. */
    record Writer(NodePrincipal principal, List<Collection> collections) {
        Writer {
            collections = List.copyOf(collections);
        }

        Optional<Collection> find(String id) {
            return collections.stream().filter(c -> c.id().equals(id)).findFirst();
        }
    }

    /** What a submitted form came to: the object stored, or the form with its mistakes. */
    sealed interface Outcome {
        record Published(String collectionId, String id, boolean newVersion) implements Outcome {}

        /**
         * @param status the answer's status: 400 for mistakes, 403 for a collection the person may
         *     not write to, 409 for the ingest's refusal
         */
        record Refused(int status) implements Outcome {}
    }

    /** The latest version of one of our objects, which a person may version. */
    record Head(Collection collection, StoredObject object, ObjectNode body, String title) {}

    /**
     * The person, when they may write to a collection; a 403 otherwise (before anything of a form
     * is read).
     */
    Writer writer(SignIns.Person person) {
        NodePrincipal p = viewing.viewer(person);
        List<Collection> writable = writable(p, false);
        if (writable.isEmpty()) {
            throw ApiException.forbidden(
                    "publishing needs the right to write to a collection, as a TAXII POST does;"
                            + " you have it in none");
        }
        return new Writer(p, writable);
    }

    /** Whether the navigation offers the publish page: the person may write somewhere. */
    boolean mayPublish(SignIns.Person person) {
        if (person.constituent()) {
            return false;
        }
        try {
            return !writable(viewing.viewer(person), true).isEmpty();
        } catch (ApiException e) {
            return false;
        }
    }

    /** The collections {@code p} may write to, as the policy says for a TAXII POST. */
    private List<Collection> writable(NodePrincipal p, boolean first) {
        Set<String> granted = null;
        if (!p.isAdmin()) {
            granted = new HashSet<>();
            for (Grant g : viewing.principals().grants(p.id())) {
                if (g.canWrite()) {
                    granted.add(g.collectionId());
                }
            }
            if (granted.isEmpty()) {
                return List.of();
            }
        }
        List<Collection> out = new ArrayList<>();
        for (Collection c : viewing.catalog().list()) {
            // the grants only spare asking the policy of collections nobody opened; the policy
            // decides
            if ((granted == null || granted.contains(c.id()))
                    && viewing.policy().write(p, c) instanceof WriteScope.Own) {
                out.add(c);
                if (first) {
                    break;
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Collection::title).thenComparing(Collection::id));
        return out;
    }

    /** Publishes what the form holds; the form records what was wrong when nothing was stored. */
    Outcome publish(Writer w, PublishForm form, ZoneId zone) {
        Optional<Collection> chosen = w.find(form.collection);
        if (chosen.isEmpty()) {
            form.mistake(
                    "collection",
                    form.collection.isEmpty()
                            ? "publish.error.required"
                            : "publish.error.collection");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<ObjectNode> made =
                form.kind == PublishForm.Kind.JSON
                        ? form.json()
                        : form.build(now, organisations.local().identityId(), zone);
        if (chosen.isEmpty() || made.isEmpty()) {
            return new Outcome.Refused(chosen.isEmpty() && !form.collection.isEmpty() ? 403 : 400);
        }
        Collection c = chosen.get();
        ObjectNode object = made.get();
        boolean newVersion = false;
        if (form.kind == PublishForm.Kind.JSON) {
            filled(object, now);
            Optional<Head> held = held(w, c, text(object, "id"));
            if (!form.of.isEmpty()
                    && held.map(h -> !h.object().id().equals(form.of)).orElse(true)) {
                form.issues.add(
                        new Issue("id", "a new version keeps the id of the object: " + form.of));
                return new Outcome.Refused(400);
            }
            // an id held with versions is a new version of it (one without, an observable, is
            // the ingest's to judge: an identical copy is held, another refused)
            if (held.isPresent() && !text(held.get().body(), "modified").isEmpty()) {
                Optional<String> why = versionable(held.get());
                if (why.isPresent()) {
                    form.refusal = why.get();
                    return new Outcome.Refused(409);
                }
                String created = text(held.get().body(), "created");
                if (!created.equals(text(object, "created"))) {
                    form.issues.add(
                            new Issue(
                                    "created",
                                    "a new version keeps the created of the object: " + created));
                    return new Outcome.Refused(400);
                }
                String creator = text(held.get().body(), "created_by_ref");
                if (!creator.equals(text(object, "created_by_ref"))) {
                    form.issues.add(
                            new Issue(
                                    "created_by_ref",
                                    creator.isEmpty()
                                            ? "a new version names no creator, as the object does"
                                            : "a new version keeps the creator of the object: "
                                                    + creator));
                    return new Outcome.Refused(400);
                }
                object.put("modified", bumped(text(held.get().body(), "modified"), now));
                newVersion = true;
            }
        } else {
            checkReferences(w, c, form, object);
        }
        if (!form.mistakes.isEmpty()) {
            return new Outcome.Refused(400);
        }
        ValidationResult checked = validator.validate(object);
        if (!checked.valid()) {
            form.issues(checked.errors());
            return new Outcome.Refused(400);
        }
        Optional<String> refused = post(w, c, object);
        if (refused.isPresent()) {
            form.refusal = refused.get();
            return new Outcome.Refused(409);
        }
        return new Outcome.Published(c.id(), text(object, "id"), newVersion);
    }

    /**
     * The latest version of an object the person may version: in a collection they write to and
     * read, of our own lineage, created by us (or by nobody named), not revoked. An object they may
     * not read answers 404, as its page does; one they may not version 403 or 409, saying why.
     */
    Head head(Writer w, String collectionId, String id) {
        Head h = readable(w, collectionId, id);
        Optional<String> why = versionable(h);
        if (why.isPresent()) {
            throw h.object().facts().originOrg().isPresent() || notOurs(h)
                    ? ApiException.forbidden(why.get())
                    : ApiException.conflict(why.get());
        }
        return h;
    }

    /**
     * What an object's page offers the person: the publish forms in its collection where they may
     * write to it, and new version and revoke where the object is also one of ours they may
     * version.
     */
    record Actions(boolean publishHere, boolean mayVersion) {
        static final Actions NONE = new Actions(false, false);
    }

    Actions actions(SignIns.Person person, String collectionId, String id) {
        if (person.constituent()) {
            return Actions.NONE;
        }
        try {
            Writer w = writer(person);
            if (w.find(collectionId).isEmpty()) {
                return Actions.NONE;
            }
            return new Actions(true, versionable(readable(w, collectionId, id)).isEmpty());
        } catch (ApiException e) {
            return Actions.NONE;
        }
    }

    /** Revokes one of our objects: a new version with {@code revoked: true}, through the ingest. */
    String revoke(Writer w, String collectionId, String id) {
        Head h = head(w, collectionId, id);
        ObjectNode next = h.body().deepCopy();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        next.put("modified", bumped(text(h.body(), "modified"), now));
        next.put("revoked", true);
        ValidationResult checked = validator.validate(next);
        if (!checked.valid()) {
            throw ApiException.unprocessable(
                    "the revoked version would not be valid STIX: " + checked.errorSummary());
        }
        Optional<String> refused = post(w, h.collection(), next);
        if (refused.isPresent()) {
            throw ApiException.conflict(refused.get());
        }
        return id;
    }

    /** The object's latest version as the person reads it; 404 as its page answers. */
    private Head readable(Writer w, String collectionId, String id) {
        if (id.length() > 300 || collectionId.length() > 36 || StixIds.idProblem(id) != null) {
            throw ApiException.notFound(Intelligence.NOT_FOUND);
        }
        Collection c =
                viewing.catalog()
                        .byId(collectionId)
                        .orElseThrow(() -> ApiException.notFound(Intelligence.NOT_FOUND));
        ReadScope scope = viewing.scope(w.principal(), c);
        if (scope instanceof ReadScope.Nothing) {
            throw ApiException.notFound(Intelligence.NOT_FOUND);
        }
        if (w.find(c.id()).isEmpty()) {
            throw ApiException.forbidden(
                    "you may not write to collection '" + c.title() + "': nothing is versioned");
        }
        return latest(c, id, scope)
                .orElseThrow(() -> ApiException.notFound(Intelligence.NOT_FOUND));
    }

    /** The held object an edited JSON names, when the person reads it in the collection. */
    private Optional<Head> held(Writer w, Collection c, String id) {
        if (id.isEmpty() || StixIds.idProblem(id) != null) {
            return Optional.empty();
        }
        ReadScope scope = viewing.scope(w.principal(), c);
        if (scope instanceof ReadScope.Nothing) {
            return Optional.empty();
        }
        return latest(c, id, scope);
    }

    private Optional<Head> latest(Collection c, String id, ReadScope scope) {
        List<StoredObject> last =
                objects.objects(
                                ObjectQuery.object(c.id(), id, VersionFilter.LAST),
                                scope.visibility())
                        .items();
        // where the id is held in two lineages (one kept apart), the one that is not kept apart,
        // as the object's page shows it
        return last.stream()
                .filter(o -> !o.facts().shadowed())
                .reduce((a, b) -> b)
                .or(
                        () ->
                                last.isEmpty()
                                        ? Optional.empty()
                                        : Optional.of(last.get(last.size() - 1)))
                .map(
                        o -> {
                            JsonNode body = Intelligence.parse(o.body());
                            ObjectNode copy =
                                    body instanceof ObjectNode on
                                            ? on.deepCopy()
                                            : JsonNodeFactory.instance.objectNode();
                            return new Head(c, o, copy, Intelligence.title(o.id(), body));
                        });
    }

    /** Why the object gets no new version from us, or empty when it may. */
    private Optional<String> versionable(Head h) {
        Optional<String> from = h.object().facts().originOrg();
        if (from.isPresent() || h.object().facts().shadowed()) {
            String name =
                    from.flatMap(organisations::find).map(o -> o.name()).orElse("another source");
            return Optional.of(
                    "only the organisation that created an object makes its versions: this one"
                            + " came from "
                            + name);
        }
        if (notOurs(h)) {
            return Optional.of(
                    "only the organisation that created an object makes its versions: its"
                            + " created_by_ref names "
                            + text(h.body(), "created_by_ref")
                            + ", not us");
        }
        if (h.body().path("revoked").asBoolean(false)) {
            return Optional.of("the object is revoked: STIX allows no version after that");
        }
        if (text(h.body(), "modified").isEmpty()) {
            return Optional.of("the object has no modified timestamp: it has no versions");
        }
        return Optional.empty();
    }

    private boolean notOurs(Head h) {
        String creator = text(h.body(), "created_by_ref");
        return !creator.isEmpty() && !creator.equals(organisations.local().identityId());
    }

    /**
     * The objects a report names and the object a sighting is of must be ones the person reads in
     * the collection the object goes to: a page never lets anyone name what they may not see, and
     * recipients resolve the references where the object is.
     */
    private void checkReferences(Writer w, Collection c, PublishForm form, ObjectNode object) {
        String field =
                switch (form.kind) {
                    case REPORT, ADVISORY -> "object_refs";
                    case SIGHTING -> "sighting_of_ref";
                    default -> null;
                };
        if (field == null || form.has(field)) {
            return;
        }
        Set<String> ids = form.ids(field);
        if (ids.isEmpty()) {
            return;
        }
        ReadScope scope = viewing.scope(w.principal(), c);
        Set<String> found = new HashSet<>();
        if (!(scope instanceof ReadScope.Nothing)) {
            for (StoredObject o :
                    objects.objects(
                                    ObjectQuery.object(
                                                    c.id(),
                                                    ids.iterator().next(),
                                                    VersionFilter.LAST)
                                            .ids(ids),
                                    scope.visibility())
                            .items()) {
                found.add(o.id());
            }
        }
        for (String id : ids) {
            if (!found.contains(id)) {
                form.mistake(field, "publish.error.unknownRef", PublishForm.shorten(id));
                return;
            }
        }
    }

    /**
     * What the JSON editor leaves out and every object of its kind has: spec_version, an id (an
     * observable's deterministic one), created and modified now (a marking definition has no
     * modified; an observable neither).
     */
    private static void filled(ObjectNode object, Instant now) {
        String type = text(object, "type");
        if (type.isEmpty() || StixIds.typeProblem(type) != null) {
            return; // the validator says what is wrong with the type
        }
        String kind = Validator.knownTypes().getOrDefault(type, "SDO");
        if (!object.has("spec_version")) {
            object.put("spec_version", "2.1");
        }
        if (!object.has("id")) {
            if (kind.equals("SCO")) {
                String id =
                        ScoIds.deterministic(type, object).orElse(type + "--" + UUID.randomUUID());
                object.put("id", id);
            } else {
                object.put("id", type + "--" + UUID.randomUUID());
            }
        }
        if (kind.equals("SCO")) {
            return;
        }
        String stamp = Timestamps.formatMillis(now);
        if (!object.has("created")) {
            object.put("created", stamp);
        }
        if (!object.has("modified") && !type.equals("marking-definition")) {
            object.put("modified", stamp);
        }
    }

    /** A new version's modified: now, or a millisecond after the last when the clock lags. */
    static String bumped(String previous, Instant now) {
        Instant after = Timestamps.toInstant(previous).truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        return Timestamps.formatMillis(now.isAfter(after) ? now : after);
    }

    /**
     * Posts one object as a TAXII POST by the person would: an envelope through the ingest use case
     * under the policy's write scope, within the API root's largest body. Empty when it is stored
     * (or already held as it is); else why not, in the ingest's words.
     */
    private Optional<String> post(Writer w, Collection c, ObjectNode object) {
        WriteScope scope = viewing.policy().write(w.principal(), c);
        if (!(scope instanceof WriteScope.Own)) {
            throw ApiException.forbidden("you may not write to collection '" + c.title() + "'");
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.putArray("objects").add(object);
        byte[] body = StixJson.toBytes(envelope);
        long max =
                viewing.catalog()
                        .apiRoot(c.apiRoot())
                        .map(ApiRoot::maxContentLength)
                        .orElse(Long.MAX_VALUE);
        if (body.length > max) {
            return Optional.of(
                    "the object is "
                            + body.length
                            + " bytes, more than the "
                            + max
                            + " this API root accepts in one request");
        }
        PostStatus status;
        try {
            status =
                    ingest.add(
                            c,
                            w.principal().id(),
                            scope,
                            new Payload.Bytes(body),
                            Ingest.Shape.ENVELOPE,
                            Ingest.Listener.NONE);
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.FORBIDDEN
                    || e.kind() == ApiException.Kind.NOT_FOUND) {
                throw e;
            }
            return Optional.of(e.getMessage());
        }
        if (status.failureCount() > 0) {
            return Optional.of(
                    status.failures().stream()
                            .findFirst()
                            .flatMap(StatusDetail::message)
                            .orElse("the node refused the object"));
        }
        return Optional.empty();
    }

    static String text(JsonNode body, String property) {
        JsonNode v = body.get(property);
        return v != null && v.isString() ? v.stringValue() : "";
    }

    /** The object's JSON for the editor. */
    static String pretty(JsonNode body) {
        return Intelligence.pretty(body);
    }
}
