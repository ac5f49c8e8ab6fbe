package org.entente.server.policy;

import java.time.Clock;
import java.time.Instant;
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
import org.entente.server.store.StoredBody;
import org.entente.server.store.StoredObject;
import org.entente.stix.Validator;

/**
 * Every way objects leave the node goes through here: the page is read within the reader's
 * visibility (the policy compiled to SQL), each object disclosed to another organisation is matched
 * to the clause that lets it go and recorded in the ledger in the reading transaction, and objects
 * shared under an anonymising area lose every reference to us.
 */
public final class Disclosures {
    private final Database db;
    private final ObjectDao objects;
    private final OrganisationDao organisations;
    private final Ledger ledger;
    private final Validator validator;
    private final Clock clock;

    public Disclosures(
            Database db,
            ObjectDao objects,
            OrganisationDao organisations,
            Ledger ledger,
            Validator validator,
            Clock clock) {
        this.db = db;
        this.objects = objects;
        this.organisations = organisations;
        this.ledger = ledger;
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * A page of objects for {@code principal}, as its scope allows: lean rows (bodies alone) when
     * nothing needs to be told of each object.
     */
    public Page<? extends Enveloped> read(
            NodePrincipal principal, ReadScope scope, ObjectQuery query) {
        if (scope instanceof ReadScope.Shared shared) {
            return disclose(principal, shared, query);
        }
        return objects.bodies(query, scope.visibility());
    }

    /** The same page as {@link #read}, as whole rows (for a caller that needs ids and versions). */
    public Page<StoredObject> readObjects(
            NodePrincipal principal, ReadScope scope, ObjectQuery query) {
        if (scope instanceof ReadScope.Shared shared) {
            return disclose(principal, shared, query);
        }
        return objects.objects(query, scope.visibility());
    }

    /**
     * Which objects a page holds, without their bodies: manifest and versions, and HEAD requests.
     * No object leaves, so nothing is recorded.
     */
    public Page<StoredObject> manifest(ReadScope scope, ObjectQuery query) {
        return objects.manifest(query, scope.visibility());
    }

    /**
     * What the node's operator reads at the command line (export, match, the demo's report): what
     * the local agency's readers see, recorded nowhere.
     */
    public Page<StoredBody> operatorBodies(ObjectQuery query) {
        return objects.bodies(query, Policy.LOCAL);
    }

    /** The manifest of {@link #operatorBodies}. */
    public Page<StoredObject> operatorManifest(ObjectQuery query) {
        return objects.manifest(query, Policy.LOCAL);
    }

    private Page<StoredObject> disclose(
            NodePrincipal principal, ReadScope.Shared shared, ObjectQuery query) {
        return db.inTransaction(
                () -> {
                    Page<StoredObject> page = objects.objects(query, shared.visibility());
                    Anonymiser anonymiser = anonymiser();
                    List<StoredObject> out = new ArrayList<>(page.items().size());
                    List<LedgerEntry.Draft> disclosed = new ArrayList<>(page.items().size());
                    long at = micros(clock.instant());
                    for (StoredObject o : page.items()) {
                        if (shared.returned(o.facts())) {
                            out.add(o); // its own object, handed back: nothing of ours leaves
                            continue;
                        }
                        Clause clause =
                                shared.clauseFor(o.facts())
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                "the SQL policy let "
                                                                        + o.id()
                                                                        + " through but no clause"
                                                                        + " does"));
                        Optional<StoredObject> sent =
                                clause.area().anonymise() && o.facts().namesUs() > 0
                                        ? anonymiser.strip(o)
                                        : Optional.of(o);
                        if (sent.isEmpty()) {
                            continue;
                        }
                        out.add(sent.get());
                        disclosed.add(draft(at, principal, shared.recipient(), clause, "", o));
                    }
                    // recorded in the transaction that reads the page: no object goes out
                    // without its entry, and the entries of a page cost one batch
                    if (!disclosed.isEmpty()) {
                        ledger.append(disclosed);
                    }
                    return new Page<>(out, page.more(), page.last());
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

    /**
     * A page of our sightings that go back to {@code scope}'s recipient as feedback on what it sent
     * us: recorded in the ledger in the reading transaction, like every disclosure. {@code
     * readUpTo} is the query's {@code after} when the page is empty.
     */
    public FeedbackPage feedback(NodePrincipal principal, FeedbackScope scope, ObjectQuery query) {
        return db.inTransaction(
                () -> {
                    Page<StoredObject> page = objects.objects(query, scope.visibility());
                    Anonymiser anonymiser = anonymiser();
                    List<StoredObject> out = new ArrayList<>();
                    List<LedgerEntry.Draft> disclosed = new ArrayList<>();
                    long at = micros(clock.instant());
                    for (StoredObject o : page.items()) {
                        Clause clause =
                                scope.clauseFor(o.facts())
                                        .orElseThrow(
                                                () ->
                                                        new IllegalStateException(
                                                                "the SQL feedback rule let "
                                                                        + o.id()
                                                                        + " through but no clause"
                                                                        + " does"));
                        Optional<StoredObject> sent =
                                clause.area().anonymise()
                                                && (o.facts().namesUs() > 0
                                                        || o.facts().type().equals("sighting"))
                                        ? anonymiser.strip(o)
                                        : Optional.of(o);
                        if (sent.isEmpty()) {
                            continue;
                        }
                        out.add(sent.get());
                        disclosed.add(
                                draft(at, principal, scope.recipient(), clause, ", feedback", o));
                    }
                    if (!disclosed.isEmpty()) {
                        ledger.append(disclosed);
                    }
                    long upTo = page.last() > 0 ? page.last() : query.after().orElse(0);
                    return new FeedbackPage(out, upTo, page.more());
                });
    }

    private Anonymiser anonymiser() {
        String ours = organisations.local().map(Organisation::identityId).orElse("");
        return new Anonymiser(ours, validator);
    }

    private static LedgerEntry.Draft draft(
            long at,
            NodePrincipal principal,
            Organisation recipient,
            Clause clause,
            String suffix,
            StoredObject o) {
        return new LedgerEntry.Draft(
                at,
                LedgerEntry.Kind.DISCLOSED,
                principal.id(),
                recipient.id(),
                Optional.of(clause.agreement().id()),
                Optional.of(clause.area().area().key),
                clause.describe() + suffix,
                Optional.of(o.id()),
                Optional.of(o.version()),
                Optional.of(o.facts().type()),
                Optional.of(o.facts().tlp()),
                Optional.empty());
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
