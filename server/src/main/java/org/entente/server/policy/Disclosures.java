package org.entente.server.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.ledger.DisclosedVersion;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.server.ledger.PageListing;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.store.Enveloped;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Outgoing;
import org.entente.server.store.Page;
import org.entente.server.store.StoredBody;
import org.entente.server.store.StoredObject;
import org.entente.stix.Validator;

/**
 * Every way objects leave the node goes through here: the page is read within the reader's
 * visibility (the policy compiled to SQL), each object disclosed to another organisation is matched
 * to the clause that lets it go and recorded in the ledger (one entry per clause per page, listing
 * the versions: docs/adr/0011), committed before the page is returned, together with the entries of
 * other reads made at the same moment (docs/adr/0033), and objects shared under an anonymising area
 * lose every reference to us.
 */
public final class Disclosures {
    private final ObjectDao objects;
    private final OrganisationDao organisations;
    private final Ledger ledger;
    private final Validator validator;
    private final Clock clock;

    public Disclosures(
            ObjectDao objects,
            OrganisationDao organisations,
            Ledger ledger,
            Validator validator,
            Clock clock) {
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

    /**
     * A page for another organisation as it goes out (the federation's push and its retries),
     * recorded in the ledger like {@link #read}.
     */
    public Page<Outgoing> disclose(
            NodePrincipal principal, ReadScope.Shared shared, ObjectQuery query) {
        long at = micros(clock.instant());
        // the clause of each row is chosen with it, in the same query (ReadScope); read outside
        // any write transaction, so that readers do not take turns at the database's one writer
        Page<Outgoing> page = objects.outgoing(query, shared.visibility(), shared.clause());
        List<Clause> clauses = shared.clauses();
        Anonymiser anonymiser = anonymiser();
        List<Outgoing> out = new ArrayList<>(page.items().size());
        ByClause disclosed = new ByClause();
        for (Outgoing o : page.items()) {
            if (o.clause() == Outgoing.RETURNED) {
                out.add(o); // its own object, handed back: nothing of ours leaves
                continue;
            }
            Clause clause = clauses.get(o.clause());
            Outgoing sent = o;
            if (clause.area().anonymise() && o.namesUs() > 0) {
                Optional<byte[]> body = anonymiser.strip(o.id(), o.type(), o.body());
                if (body.isEmpty()) {
                    continue;
                }
                sent = o.withBody(body.get());
            }
            out.add(sent);
            disclosed.add(clause, version(o), o.dateAdded());
        }
        // committed before the page is returned: no object goes out without its entry; one entry
        // per clause lists what the page carried
        append(at, principal, shared.recipient(), "", disclosed);
        return new Page<>(out, page.more(), page.last());
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

    /**
     * What a feedback read found: the sightings that go back (anonymised where the area says so),
     * the date_added the read reached, and whether more of our sightings follow.
     */
    public record FeedbackPage(List<Outgoing> items, long readUpTo, boolean more) {
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
        long at = micros(clock.instant());
        Page<StoredObject> page = objects.objects(query, scope.visibility());
        Anonymiser anonymiser = anonymiser();
        List<Outgoing> out = new ArrayList<>();
        ByClause disclosed = new ByClause();
        for (StoredObject o : page.items()) {
            Clause clause =
                    scope.clauseFor(o.facts())
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "the SQL feedback rule let "
                                                            + o.id()
                                                            + " through but no clause does"));
            Outgoing sent = Outgoing.of(o, scope.clauses().indexOf(clause));
            if (clause.area().anonymise()
                    && (o.facts().namesUs() > 0 || o.facts().type().equals("sighting"))) {
                Optional<byte[]> body = anonymiser.strip(o.id(), o.facts().type(), o.body());
                if (body.isEmpty()) {
                    continue;
                }
                sent = sent.withBody(body.get());
            }
            out.add(sent);
            disclosed.add(clause, version(sent), o.dateAdded());
        }
        append(at, principal, scope.recipient(), ", feedback", disclosed);
        long upTo = page.last() > 0 ? page.last() : query.after().orElse(0);
        return new FeedbackPage(out, upTo, page.more());
    }

    private Anonymiser anonymiser() {
        String ours = organisations.local().map(Organisation::identityId).orElse("");
        return new Anonymiser(ours, validator);
    }

    /**
     * One ledger entry per clause that let part of the page go (a page under more than {@link
     * PageListing#MAX_VERSIONS} versions of one clause takes several), in one batch; the clause is
     * worded once per page, not once per object.
     */
    private void append(
            long at,
            NodePrincipal principal,
            Organisation recipient,
            String suffix,
            ByClause disclosed) {
        if (disclosed.clauses.isEmpty()) {
            return;
        }
        List<LedgerEntry.Draft> drafts = new ArrayList<>(disclosed.clauses.size());
        for (int i = 0; i < disclosed.clauses.size(); i++) {
            Clause clause = disclosed.clauses.get(i);
            String rule = clause.describe() + suffix;
            List<DisclosedVersion> versions = disclosed.versions.get(i);
            drafts.addAll(
                    LedgerEntry.Draft.pages(
                            LedgerEntry.Kind.DISCLOSED_PAGE,
                            at,
                            principal.id(),
                            recipient.id(),
                            clause.agreement().id(),
                            clause.area().area().key,
                            rule,
                            versions));
        }
        ledger.appendCommitted(drafts, new Ledger.Span(disclosed.addedFrom, disclosed.addedTo));
    }

    /**
     * The versions of a page grouped by the clause that let each go, in the order the clauses first
     * came, and where they lie in {@code date_added}. Clauses are told apart by identity: a scope's
     * clauses are distinct objects, and a record's hash over the whole agreement is too dear to pay
     * once per row.
     */
    private static final class ByClause {
        final List<Clause> clauses = new ArrayList<>(4);
        final List<List<DisclosedVersion>> versions = new ArrayList<>(4);
        long addedFrom = Long.MAX_VALUE;
        long addedTo = Long.MIN_VALUE;

        void add(Clause clause, DisclosedVersion v, long dateAdded) {
            addedFrom = Math.min(addedFrom, dateAdded);
            addedTo = Math.max(addedTo, dateAdded);
            for (int i = 0; i < clauses.size(); i++) {
                if (clauses.get(i) == clause) {
                    versions.get(i).add(v);
                    return;
                }
            }
            clauses.add(clause);
            List<DisclosedVersion> list = new ArrayList<>();
            list.add(v);
            versions.add(list);
        }
    }

    private static DisclosedVersion version(Outgoing o) {
        return new DisclosedVersion(o.id(), o.version(), o.type(), o.tlp());
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
