package org.entente.server.federation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.policy.Disclosures;
import org.entente.server.policy.FeedbackScope;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Outgoing;
import org.entente.server.store.Page;
import org.entente.server.store.StoredObject;

/**
 * Pushes to a peer what our agreements share with its organisation, and our sightings of what it
 * sent us where an area asks for feedback.
 *
 * <p>What goes is decided by the one policy every way out uses: the page is read through {@link
 * Disclosures} as the peer's principal, which records each object in the ledger. Each envelope's
 * status resource is followed to completion; objects the peer refused are retried with backoff
 * ({@link Answers}). The push cursor (our date_added) moves once the peer's answer for a page is
 * recorded; a page sent whose answer was lost (the node died) is first checked against the peer's
 * manifest, so what the peer already holds is not sent again.
 */
final class Push {
    private final Database db;
    private final PeerCollectionDao cursors;
    private final Answers answers;
    private final Policy policy;
    private final Disclosures disclosures;
    private final FederationSettings settings;

    Push(
            Database db,
            PeerCollectionDao cursors,
            Answers answers,
            Policy policy,
            Disclosures disclosures,
            FederationSettings settings) {
        this.db = db;
        this.cursors = cursors;
        this.answers = answers;
        this.policy = policy;
        this.disclosures = disclosures;
        this.settings = settings;
    }

    void run(Exchange x) {
        Collection local = x.local();
        answers.retry(x, () -> policy.read(x.principal(), local));
        long after = x.remote().pushAfter();
        boolean pending = x.remote().pushPending().isPresent();
        for (int pages = 0; pages < settings.maxPagesPerRun(); pages++) {
            ReadScope scope = policy.read(x.principal(), local);
            if (!(scope instanceof ReadScope.Shared shared)) {
                return; // nothing of this collection goes to them; not an event, the usual case
            }
            // not what came from the peer's own organisation: it holds that already
            ObjectQuery page =
                    ObjectQuery.all(local.id(), settings.pageSize())
                            .after(after)
                            .notFrom(x.peer().organisationId());
            // which objects the page holds, without reading or disclosing them yet
            Page<StoredObject> manifest = disclosures.manifest(scope, page);
            if (manifest.items().isEmpty()) {
                return;
            }
            long upTo = manifest.last();
            Set<String> ids = new LinkedHashSet<>();
            manifest.items().forEach(o -> ids.add(o.id()));
            if (pending && x.remote().canRead()) {
                skipHeld(x, manifest, ids);
            }
            Sender.Answer answer = new Sender.Answer();
            if (!ids.isEmpty()) {
                cursors.pushPending(x.peer().id(), x.remoteId(), upTo);
                ObjectQuery send =
                        page.upTo(upTo)
                                .limit(manifest.items().size())
                                .ids(pending ? ids : Set.of());
                // read through the one way out: the ledger records each object here
                Page<Outgoing> out = disclosures.disclose(x.principal(), shared, send);
                answer = answers.send(x, out.items());
            }
            long from = after;
            Sender.Answer a = answer;
            db.inTransaction(
                    () -> {
                        cursors.advancePush(x.peer().id(), x.remoteId(), from, upTo);
                        answers.record(x, a);
                    });
            x.tally().sent += a.accepted.size();
            x.tally().rejected += a.refused.size();
            answers.tell(x, a);
            after = upTo;
            pending = false;
            if (!manifest.more()) {
                return;
            }
        }
    }

    /** The answer for this page may have been lost: what the peer holds already is not sent. */
    private static void skipHeld(Exchange x, Page<StoredObject> manifest, Set<String> ids) {
        Set<String> held;
        try {
            held = x.client().held(x.remoteId(), List.copyOf(ids));
        } catch (PeerFailure e) {
            held = Set.of(); // send it all again: the peer answers "already held"
        }
        for (StoredObject o : manifest.items()) {
            if (held.contains(o.id() + "|" + o.version())) {
                ids.remove(o.id());
            }
        }
    }

    /** Our sightings of what the peer sent us, where an area of ours asks for feedback. */
    void feedback(Exchange x) {
        long after = x.remote().feedbackAfter();
        for (int pages = 0; pages < settings.maxPagesPerRun(); pages++) {
            Optional<FeedbackScope> scope = policy.feedback(x.principal(), x.local());
            if (scope.isEmpty()) {
                return;
            }
            Disclosures.FeedbackPage page =
                    disclosures.feedback(
                            x.principal(),
                            scope.get(),
                            ObjectQuery.all(x.local().id(), settings.pageSize()).after(after));
            Sender.Answer a = answers.send(x, page.items());
            long from = after;
            long upTo = page.readUpTo();
            if (upTo != from) {
                db.inTransaction(
                        () -> {
                            cursors.advanceFeedback(x.peer().id(), x.remoteId(), from, upTo);
                            answers.countFeedback(x, a);
                        });
            }
            x.tally().sent += a.accepted.size();
            x.tally().feedback += a.accepted.size();
            x.tally().rejected += a.refused.size();
            answers.tell(x, a);
            after = upTo;
            if (!page.more()) {
                return;
            }
        }
    }
}
