package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync run with one peer: take the peer's lease, read its collection list when due, pull what
 * it opens to us, push what we share with it and our feedback, record health and events, give the
 * lease back. A failing collection does not stop the others unless the peer as a whole fails
 * (unreachable, TLS, credentials, too slow, asking us to wait).
 */
final class Sync {
    private static final Logger LOG = LoggerFactory.getLogger(Sync.class);

    private final Runs runs;
    private final Principals principals;
    private final Remotes remotes;
    private final Pull pull;
    private final Push push;
    private final Clock clock;

    Sync(Runs runs, Principals principals, Remotes remotes, Pull pull, Push push, Clock clock) {
        this.runs = runs;
        this.principals = principals;
        this.remotes = remotes;
        this.pull = pull;
        this.push = push;
        this.clock = clock;
    }

    void forget(String peerId) {
        remotes.forget(peerId);
    }

    /** What a run finds out as it goes. */
    private static final class Outcome {
        final List<Tally> tallies = new ArrayList<>();
        Optional<PeerFailure> failure = Optional.empty();
        boolean internal;
        boolean caughtUp = true;
        Optional<PeerRemoved> removed = Optional.empty();
    }

    /** Runs once, as {@code owner} of the lease; never throws for what the peer does. */
    RunReport run(Peer peer, LeaseOwner owner) {
        Instant started = clock.instant();
        if (!peer.enabled()) {
            return report(peer, started, RunReport.Outcome.DISABLED);
        }
        if (!runs.start(peer, owner)) {
            return report(peer, started, RunReport.Outcome.BUSY);
        }
        Events events = new Events(peer.id(), clock);
        Outcome o = new Outcome();
        Budget budget = remotes.budget(peer);
        try {
            exchange(peer, owner, budget, events, o);
        } catch (PeerRemoved r) {
            o.removed = Optional.of(r);
        } catch (PeerFailure f) {
            o.failure = Optional.of(f);
            o.caughtUp = false;
            events.error(Optional.empty(), f);
        } catch (RuntimeException e) {
            if (!runs.stillRecorded(peer)) {
                // what failed was a write of a row the removal took with the peer
                o.removed = Optional.of(new PeerRemoved(peer));
            } else {
                failedHere(peer, e, events, o);
            }
        } finally {
            if (o.removed.isEmpty()) {
                boolean ok = o.failure.isEmpty();
                runs.end(peer, owner, ok, ok && o.caughtUp, events.list());
            }
        }
        if (o.removed.isPresent()) {
            return removed(peer, started, o.removed.get());
        }
        return new RunReport(
                peer.name(),
                started,
                clock.instant(),
                o.failure.isEmpty() ? RunReport.Outcome.OK : RunReport.Outcome.FAILED,
                o.tallies.stream().map(Tally::report).toList(),
                o.internal ? Optional.empty() : o.failure.map(PeerFailure::kind),
                o.failure.map(PeerFailure::getMessage),
                o.failure.flatMap(PeerFailure::retryAfter),
                budget.notBefore());
    }

    /** A failure of this node, not of the peer: logged with its cause, reported without a kind. */
    private static void failedHere(Peer peer, RuntimeException e, Events events, Outcome o) {
        o.internal = true;
        o.caughtUp = false;
        LOG.warn("sync with peer {} failed", peer.name(), e);
        PeerFailure f =
                new PeerFailure(
                        PeerFailure.Kind.SERVER_ERROR,
                        "this node failed: "
                                + (e.getMessage() == null
                                        ? e.getClass().getSimpleName()
                                        : e.getMessage()),
                        Optional.empty(),
                        e);
        o.failure = Optional.of(f);
        events.error(Optional.empty(), f);
    }

    /** Each collection the peer opens to us in turn: pull, then push and feedback. */
    private void exchange(Peer peer, LeaseOwner owner, Budget budget, Events events, Outcome o) {
        NodePrincipal principal =
                principals
                        .find(peer.principalId())
                        .filter(p -> !p.disabled())
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "the peer's principal is missing or disabled:"
                                                        + " enable it, or record the peer again"));
        PeerClient client = remotes.client(peer);
        Remotes.Listing listing = remotes.listing(peer, client, Remotes.micros(clock.instant()));
        for (Remotes.Mapped m : remotes.opened(peer)) {
            PeerCollection pc = m.remote();
            Tally t = new Tally(pc.label(), m.local().map(c -> c.alias().orElse(c.id())));
            o.tallies.add(t);
            if (m.local().isEmpty()) {
                t.stop("no collection of ours maps to it (no alias or area in common)");
                continue;
            }
            runs.keep(peer, owner);
            Exchange x =
                    new Exchange(
                            peer,
                            principal,
                            pc,
                            m.local().get(),
                            client,
                            listing.maxContentLength(),
                            t,
                            events);
            try {
                if (peer.pull() && pc.canRead()) {
                    pull.run(x, budget);
                    o.caughtUp &= t.caughtUp;
                }
                if (peer.push() && pc.canWrite()) {
                    push.run(x);
                    push.feedback(x);
                }
            } catch (PeerFailure f) {
                t.error = Optional.of(f.getMessage());
                o.caughtUp = false;
                o.failure = o.failure.or(() -> Optional.of(f));
                events.error(Optional.of(pc.remoteId()), f);
                if (f.kind() == PeerFailure.Kind.FORBIDDEN
                        || f.kind() == PeerFailure.Kind.NOT_FOUND) {
                    remotes.relist(peer.id()); // what it opens to us may have changed
                }
                if (wholePeer(f)) {
                    break;
                }
            } catch (ConcurrentSync c) {
                if (!runs.stillRecorded(peer)) {
                    // its cursors went with it: that is why they did not move as the run expected
                    throw new PeerRemoved(peer);
                }
                t.stop(c.getMessage());
            }
        }
    }

    /**
     * The run of a peer removed meanwhile: nothing is left to record it against (its lease, cursors
     * and events went with it), and no failure of the peer or of this node is reported.
     */
    private RunReport removed(Peer peer, Instant started, PeerRemoved r) {
        LOG.info(r.getMessage());
        return new RunReport(
                peer.name(),
                started,
                clock.instant(),
                RunReport.Outcome.DISABLED,
                List.of(),
                Optional.empty(),
                Optional.of(r.getMessage()),
                Optional.empty(),
                Optional.empty());
    }

    /** Failures that concern the peer as a whole: no use trying its other collections now. */
    private static boolean wholePeer(PeerFailure f) {
        return switch (f.kind()) {
            case UNREACHABLE, TLS, UNAUTHENTICATED, TIMEOUT, RATE_LIMITED -> true;
            default -> false;
        };
    }

    private RunReport report(Peer peer, Instant started, RunReport.Outcome outcome) {
        return new RunReport(
                peer.name(),
                started,
                clock.instant(),
                outcome,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
