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

    /** The query limited to what the scope lets the reader see. */
    public static ObjectQuery restrict(ObjectQuery query, ReadScope scope) {
        if (scope instanceof ReadScope.Shared s) {
            return query.restrictedTo(s.sql());
        }
        return scope instanceof ReadScope.Everything ? query : query.restrictedTo(SqlFilter.NONE);
    }

    /** A page of objects for {@code principal}, as its scope allows. */
    public Page<? extends Enveloped> read(
            NodePrincipal principal, ReadScope scope, ObjectQuery query) {
        if (!(scope instanceof ReadScope.Shared shared)) {
            return objects.bodies(restrict(query, scope));
        }
        return db.inTransaction(
                () -> {
                    Page<StoredObject> page = objects.objects(restrict(query, scope));
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
