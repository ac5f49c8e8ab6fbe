package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.db.Database;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.store.Enveloped;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Page;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every way objects leave the node goes through here: the page is read within the reader's scope
 * (the policy compiled to SQL), each object is matched to the clause that lets it go, and objects
 * shared under an anonymising area lose our identity.
 */
public final class Disclosures {
    private final Database db;
    private final ObjectDao objects;
    private final OrganisationDao organisations;

    private final Ledger ledger;
    private final java.time.Clock clock;

    public Disclosures(
            Database db,
            ObjectDao objects,
            OrganisationDao organisations,
            Ledger ledger,
            java.time.Clock clock) {
        this.db = db;
        this.objects = objects;
        this.organisations = organisations;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The query limited to what the scope lets the reader see (and to the query's own restriction,
     * if it has one, such as federation's "not what came from this peer").
     */
    public static ObjectQuery restrict(ObjectQuery query, ReadScope scope) {
        SqlFilter policy;
        if (scope instanceof ReadScope.Shared s) {
            policy = s.sql();
        } else if (scope instanceof ReadScope.Everything) {
            return query;
        } else {
            policy = SqlFilter.NONE;
        }
        return query.restrictedTo(query.restriction().map(r -> r.and(policy)).orElse(policy));
    }

    /**
     * A page of objects for {@code principal}, as its scope allows: lean rows (bodies alone) when
     * nothing needs to be told of each object.
     */
    public Page<? extends Enveloped> read(
            NodePrincipal principal, ReadScope scope, ObjectQuery query) {
        if (!(scope instanceof ReadScope.Shared shared)) {
            return objects.bodies(restrict(query, scope));
        }
        return disclose(principal, shared, query);
    }

    /** The same page as {@link #read}, as whole rows (for a caller that needs ids and versions). */
    public Page<StoredObject> readObjects(
            NodePrincipal principal, ReadScope scope, ObjectQuery query) {
        if (!(scope instanceof ReadScope.Shared shared)) {
            return objects.objects(restrict(query, scope));
        }
        return disclose(principal, shared, query);
    }

    private Page<StoredObject> disclose(
            NodePrincipal principal, ReadScope.Shared shared, ObjectQuery query) {
        return db.inTransaction(
                () -> {
                    Page<StoredObject> page = objects.objects(restrict(query, shared));
                    String ours = organisations.local().map(Organisation::identityId).orElse("");
                    List<StoredObject> out = new ArrayList<>(page.items().size());
                    List<LedgerEntry.Draft> disclosed = new ArrayList<>(page.items().size());
                    long at = micros(clock.instant());
                    for (StoredObject o : page.items()) {
                        ReadRule rule =
                                shared.ruleFor(o.facts())
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                "the SQL policy let "
                                                                        + o.id()
                                                                        + " through but no clause"
                                                                        + " does"));
                        out.add(
                                rule.area().anonymise() && o.facts().originOrg().isEmpty()
                                        ? anonymised(o, ours)
                                        : o);
                        disclosed.add(
                                new LedgerEntry.Draft(
                                        at,
                                        LedgerEntry.Kind.DISCLOSED,
                                        principal.id(),
                                        shared.recipient().id(),
                                        Optional.of(rule.agreement().id()),
                                        Optional.of(rule.area().area().key),
                                        rule.describe(),
                                        Optional.of(o.id()),
                                        Optional.of(o.version()),
                                        Optional.of(o.facts().type()),
                                        Optional.of(
                                                o.facts().effectiveTlp(shared.collectionDefault())),
                                        Optional.empty()));
                    }
                    // recorded in the transaction that reads the page: no object goes out
                    // without its entry, and the entries of a page cost one batch
                    if (!disclosed.isEmpty()) {
                        ledger.append(disclosed);
                    }
                    return new Page<>(out, page.more());
                });
    }

    /**
     * What a feedback read found: the sightings that go back (anonymised where the area says so),
     * the date_added the read reached, and whether more of our sightings follow.
     */
    public record FeedbackPage(List<StoredObject> items, long readUpTo, boolean more) {
        public FeedbackPage {
            items = List.copyOf(items);
        }
    }

    /** Our own sightings, whatever else the query asks. */
    private static final SqlFilter OUR_SIGHTINGS =
            new SqlFilter("stix_type = 'sighting' AND origin_org IS NULL", java.util.Map.of());

    /**
     * A page of our sightings and, among them, those that go back to {@code scope}'s recipient as
     * feedback on what it sent us: recorded in the ledger in the reading transaction, like every
     * disclosure. {@code readUpTo} is the query's {@code after} when the page is empty.
     */
    public FeedbackPage feedback(NodePrincipal principal, FeedbackScope scope, ObjectQuery query) {
        ObjectQuery sightings =
                query.restrictedTo(
                        query.restriction().map(r -> r.and(OUR_SIGHTINGS)).orElse(OUR_SIGHTINGS));
        return db.inTransaction(
                () -> {
                    Page<StoredObject> page = objects.objects(sightings);
                    String ours = organisations.local().map(Organisation::identityId).orElse("");
                    List<StoredObject> out = new ArrayList<>();
                    List<LedgerEntry.Draft> disclosed = new ArrayList<>();
                    long at = micros(clock.instant());
                    for (StoredObject o : page.items()) {
                        Optional<StoredObject> sighted = sighted(query.collectionId(), o);
                        Optional<FeedbackScope.Rule> rule =
                                sighted.flatMap(s -> scope.ruleFor(o.facts(), s.facts()));
                        if (rule.isEmpty()) {
                            continue;
                        }
                        out.add(rule.get().area().anonymise() ? anonymisedSighting(o, ours) : o);
                        disclosed.add(
                                new LedgerEntry.Draft(
                                        at,
                                        LedgerEntry.Kind.DISCLOSED,
                                        principal.id(),
                                        scope.recipient().id(),
                                        Optional.of(rule.get().agreement().id()),
                                        Optional.of(rule.get().area().area().key),
                                        rule.get().describe(),
                                        Optional.of(o.id()),
                                        Optional.of(o.version()),
                                        Optional.of(o.facts().type()),
                                        Optional.of(
                                                o.facts().effectiveTlp(scope.collectionDefault())),
                                        Optional.empty()));
                    }
                    if (!disclosed.isEmpty()) {
                        ledger.append(disclosed);
                    }
                    long upTo =
                            page.items().isEmpty()
                                    ? query.after().orElse(0)
                                    : page.items().get(page.items().size() - 1).dateAdded();
                    return new FeedbackPage(out, upTo, page.more());
                });
    }

    /** The latest version of the object a sighting sights, in the sighting's collection. */
    private Optional<StoredObject> sighted(String collectionId, StoredObject sighting) {
        JsonNode ref = StixJson.parse(sighting.body()).get("sighting_of_ref");
        if (ref == null || !ref.isString()) {
            return Optional.empty();
        }
        ObjectQuery q =
                new ObjectQuery(
                        collectionId,
                        java.util.OptionalLong.empty(),
                        1,
                        java.util.Set.of(ref.stringValue()),
                        java.util.Set.of(),
                        org.entente.server.store.VersionFilter.LAST,
                        java.util.Set.of(),
                        Optional.empty());
        return objects.manifest(q).items().stream().findFirst();
    }

    /**
     * A sighting without what names us: our identity as its creator and the places it was sighted
     * (which say who saw it).
     */
    static StoredObject anonymisedSighting(StoredObject o, String ourIdentity) {
        JsonNode json = StixJson.parse(o.body());
        ObjectNode object = (ObjectNode) json;
        JsonNode creator = json.get("created_by_ref");
        boolean changed = false;
        if (creator != null && creator.isString() && creator.stringValue().equals(ourIdentity)) {
            object.remove("created_by_ref");
            changed = true;
        }
        if (object.has("where_sighted_refs")) {
            object.remove("where_sighted_refs");
            changed = true;
        }
        if (!changed) {
            return o;
        }
        return new StoredObject(
                o.dateAdded(),
                o.id(),
                o.version(),
                o.specVersion(),
                o.facts(),
                StixJson.toBytes(json));
    }

    private static long micros(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** The object without our identity as its creator. */
    static StoredObject anonymised(StoredObject o, String ourIdentity) {
        JsonNode json = StixJson.parse(o.body());
        JsonNode creator = json.get("created_by_ref");
        if (creator == null || !creator.isString() || !creator.stringValue().equals(ourIdentity)) {
            return o;
        }
        ((ObjectNode) json).remove("created_by_ref");
        return new StoredObject(
                o.dateAdded(),
                o.id(),
                o.version(),
                o.specVersion(),
                o.facts(),
                StixJson.toBytes(json));
    }
}
