package org.entente.server.federation;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.error.ApiException;
import org.entente.server.ingest.Ingest;
import org.entente.server.policy.Policy;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.stix.Timestamps;

/**
 * Pulls a collection a peer opens to us, page after page, into the collection of ours it maps to.
 *
 * <p>Each page goes through {@link Ingest} as the peer's principal, under the write scope the
 * policy gives it for that page: every object is validated, re-checked against our side of the
 * agreement, refused if it claims our identity or is too large, and recorded with its provenance
 * and in the ledger. The cursor moves in the transaction of the page's last chunk, so that after a
 * crash at any instant the pull resumes at the first page not wholly stored; objects of a page
 * stored in an earlier chunk come again and are already held (no duplicate, no ledger entry).
 */
final class Pull {
    private final Database db;
    private final PeerCollectionDao cursors;
    private final PeerDao peers;
    private final Policy policy;
    private final Ingest ingest;
    private final FederationSettings settings;
    private final Set<String> warnedNoHeader = ConcurrentHashMap.newKeySet();

    /**
     * Fetches and scans a page while the one before it is stored, and parses the page being stored
     * a chunk ahead of its writing.
     */
    private final ExecutorService prefetch =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "entente-federation-prefetch");
                        t.setDaemon(true);
                        return t;
                    });

    /** Page sizes halved for collections whose pages came too large. */
    private final Map<String, Integer> limits = new ConcurrentHashMap<>();

    /** Why each collection's pull last stopped, so that the event is recorded once, not per run. */
    private final Map<String, String> stopped = new ConcurrentHashMap<>();

    Pull(
            Database db,
            PeerCollectionDao cursors,
            PeerDao peers,
            Policy policy,
            Ingest ingest,
            FederationSettings settings) {
        this.db = db;
        this.cursors = cursors;
        this.peers = peers;
        this.policy = policy;
        this.ingest = ingest;
        this.settings = settings;
    }

    /**
     * Pulls as far as this run may: to the end of the collection, at most {@code maxPagesPerRun}
     * pages, and within the peer's rate budget. Throws {@link PeerFailure} when the peer fails or
     * misbehaves; what was stored until then stays.
     *
     * <p>When a page says where the next one starts ({@code X-TAXII-Date-Added-Last}), the next is
     * asked for while this one is stored, so that the peer's work and ours overlap. A page fetched
     * ahead is stored only after the policy is read again for it, so a suspension still stops the
     * flow on the next page; a page fetched and not stored is dropped, and the cursor does not
     * cover it.
     */
    void run(Exchange x, Budget budget) {
        Tally tally = x.tally();
        Collection local = x.local();
        PeerClient client = x.client();
        String remoteId = x.remoteId();
        PeerCollection.PullCursor cursor = x.remote().pull();
        CompletableFuture<Fetched> ahead = null;
        try {
            while (tally.pages < settings.maxPagesPerRun()) {
                // the agreement is read again for every page: a suspension stops the next one
                WriteScope scope = policy.write(x.principal(), local);
                String key = x.key();
                if (scope instanceof WriteScope.Nothing) {
                    String why =
                            "nothing may be received from "
                                    + policy.organisationOf(x.principal()).name()
                                    + " into "
                                    + local.alias().orElse(local.id())
                                    + ": "
                                    + policy.whyNothingInForce(x.principal())
                                            .orElse(
                                                    "no area of an agreement in force lets us receive "
                                                            + local.area());
                    tally.stop(why);
                    if (!why.equals(stopped.put(key, why))) {
                        x.event(
                                PeerEvent.Kind.STOPPED,
                                Optional.empty(),
                                "the pull stopped: " + why);
                    }
                    return;
                }
                stopped.remove(key);
                if (!budget.allows()) {
                    tally.stop("the pull waits: " + budget.describe());
                    return;
                }
                int limit = limits.getOrDefault(key, settings.pageSize());
                Fetched fetched;
                try {
                    fetched =
                            ahead != null ? fetched(ahead) : fetch(client, remoteId, cursor, limit);
                } catch (PeerFailure f) {
                    ahead = null;
                    if (f.kind() != PeerFailure.Kind.TOO_LARGE || limit == 1) {
                        throw f;
                    }
                    // large objects: ask for fewer at a time, from now on for this collection
                    limits.put(key, Math.max(1, limit / 2));
                    continue;
                }
                ahead = null;
                PeerClient.ObjectsPage page = fetched.page();
                tally.pages++;
                PeerCollection.PullCursor to = advance(x, cursor, page);
                if (page.more()
                        && to.next().isEmpty()
                        && to.after().isPresent()
                        && tally.pages < settings.maxPagesPerRun()) {
                    // where the next page starts is known: ask for it, and parse and validate it,
                    // while this one is stored
                    PeerCollection.PullCursor from = to;
                    ahead =
                            CompletableFuture.supplyAsync(
                                    () -> fetch(client, remoteId, from, limit), prefetch);
                }
                OptionalLong newest =
                        page.dateAddedLast().isPresent()
                                ? OptionalLong.of(Timestamps.toMicros(page.dateAddedLast().get()))
                                : OptionalLong.empty();
                if (page.count() > 0) {
                    store(x, scope, fetched, new Move(cursor, to, newest));
                    budget.spend(page.count());
                } else if (!to.equals(cursor)) {
                    Move move = new Move(cursor, to, newest);
                    db.inTransaction(() -> commit(x, move, 0, 0));
                }
                cursor = to;
                if (!page.more()) {
                    tally.caughtUp = true;
                    return;
                }
            }
        } finally {
            if (ahead != null) {
                ahead.cancel(true); // fetched, not stored: the cursor does not cover it
            }
        }
    }

    /**
     * A page, and its body scanned ({@link Ingest#scan}), or why the page cannot be read as a
     * whole; nothing of it parsed, judged or stored yet.
     */
    private record Fetched(
            PeerClient.ObjectsPage page,
            Optional<Ingest.Scanned> scanned,
            Optional<ApiException> unreadable) {}

    /**
     * Fetches a page and scans it whole: the work of a page that needs neither the policy nor the
     * database and finds every fault that makes it unreadable, done on the prefetch thread for a
     * page fetched ahead. Its objects are parsed when it is stored ({@link Ingest#add(
     * org.entente.server.collection.Collection, String, WriteScope, Ingest.Scanned,
     * Ingest.Listener, Ingest.Options, java.util.concurrent.Executor)}).
     */
    private Fetched fetch(
            PeerClient client, String remoteId, PeerCollection.PullCursor from, int limit) {
        PeerClient.ObjectsPage page = client.objects(remoteId, from, limit);
        if (page.count() == 0) {
            return new Fetched(page, Optional.empty(), Optional.empty());
        }
        try {
            Ingest.Scanned scanned =
                    ingest.scan(
                            new Payload.Bytes(page.body()),
                            Ingest.Shape.ENVELOPE,
                            OptionalInt.of(settings.maxObjectBytes()));
            return new Fetched(page.withoutBody(), Optional.of(scanned), Optional.empty());
        } catch (ApiException e) {
            // told when the page's turn to be stored comes, not before the page ahead of it
            return new Fetched(page, Optional.empty(), Optional.of(e));
        }
    }

    /** A page fetched ahead, or the failure that fetching it met. */
    private static Fetched fetched(CompletableFuture<Fetched> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * A move of the pull cursor over one page, and the newest date_added the page said it reached.
     */
    private record Move(
            PeerCollection.PullCursor from, PeerCollection.PullCursor to, OptionalLong newest) {}

    /** Moves the cursor and counts what the move covers; in the caller's transaction. */
    private void commit(Exchange x, Move move, long stored, long refused) {
        cursors.advancePull(x.peer().id(), x.remoteId(), move.from(), move.to());
        peers.countReceived(x.peer().id(), move.newest(), stored, refused);
    }

    private void store(Exchange x, WriteScope scope, Fetched fetched, Move move) {
        if (fetched.unreadable().isPresent()) {
            // the page as a whole is unreadable: the scan found it before anything was written
            throw new PeerFailure(
                    PeerFailure.Kind.BAD_RESPONSE,
                    "its page of "
                            + x.remote().label()
                            + " was refused whole, nothing of it stored: "
                            + fetched.unreadable().get().getMessage());
        }
        PostStatus status;
        try {
            status =
                    ingest.add(
                            x.local(),
                            x.principal().id(),
                            scope,
                            fetched.scanned().orElseThrow(),
                            Ingest.Listener.NONE,
                            new Ingest.Options(
                                    OptionalInt.of(settings.maxObjectBytes()),
                                    Optional.of(
                                            totals ->
                                                    commit(
                                                            x,
                                                            move,
                                                            totals.stored(),
                                                            totals.refused())),
                                    true),
                            prefetch);
        } catch (ApiException e) {
            // the scan passed and the parse did not (Ingest#add): what came before the fault was
            // stored, and the cursor stays before the page
            throw new PeerFailure(
                    PeerFailure.Kind.BAD_RESPONSE,
                    "its page of "
                            + x.remote().label()
                            + " could not be read to its end, the cursor stays before it: "
                            + e.getMessage());
        }
        Tally tally = x.tally();
        tally.stored += status.successCount() - status.heldCount();
        tally.held += status.heldCount();
        tally.refused += status.failureCount();
        for (StatusDetail d : status.failures()) {
            x.event(
                    PeerEvent.Kind.REFUSED,
                    Optional.of(d.id()),
                    PeerEvent.refused(d.id(), d.message().orElse("")));
        }
    }

    /**
     * Where the cursor goes after {@code page}, or a failure when the peer's paging does not
     * advance (an endless {@code next}): the pull of this collection then stops, and the page is
     * not stored again.
     */
    private PeerCollection.PullCursor advance(
            Exchange x, PeerCollection.PullCursor cursor, PeerClient.ObjectsPage page) {
        PeerCollection pc = x.remote();
        if (page.dateAddedLast().isPresent()) {
            String last = page.dateAddedLast().get();
            if (cursor.after().isPresent() && Timestamps.compare(last, cursor.after().get()) <= 0) {
                if (page.count() == 0) {
                    return cursor;
                }
                throw new PeerFailure(
                        PeerFailure.Kind.BAD_RESPONSE,
                        "its paging of "
                                + pc.label()
                                + " does not advance: asked for objects added after "
                                + cursor.after().get()
                                + ", it sent some added up to "
                                + last
                                + " (an endless next?); the pull of "
                                + pc.label()
                                + " stops here");
            }
            return new PeerCollection.PullCursor(Optional.of(last), Optional.empty());
        }
        if (page.count() > 0 && warnedNoHeader.add(x.key())) {
            x.event(
                    PeerEvent.Kind.STOPPED,
                    Optional.empty(),
                    "it sends no X-TAXII-Date-Added-Last: pages are followed by their next, and each"
                            + " walk starts again from the last point known (what we hold is"
                            + " skipped)");
        }
        if (!page.more()) {
            return new PeerCollection.PullCursor(cursor.after(), Optional.empty());
        }
        if (page.next().isEmpty()) {
            throw new PeerFailure(
                    PeerFailure.Kind.BAD_RESPONSE,
                    "its page of " + pc.label() + " says more:true but gives no next");
        }
        if (page.next().equals(cursor.next())) {
            throw new PeerFailure(
                    PeerFailure.Kind.BAD_RESPONSE,
                    "its paging of "
                            + pc.label()
                            + " does not advance: it answered next="
                            + PeerClient.abbreviate(page.next().get())
                            + " for that very next (an endless next); the pull of "
                            + pc.label()
                            + " stops here");
        }
        return new PeerCollection.PullCursor(cursor.after(), page.next());
    }
}
