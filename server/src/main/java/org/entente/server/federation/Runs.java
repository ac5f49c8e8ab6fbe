package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounds of a run with a peer: the lease that keeps other nodes and processes from running it
 * at the same time, kept while the run goes on, and what runs leave behind (the peer's health and
 * events), recorded when a run ends and read for the peer's status.
 */
final class Runs {
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);

    private final PeerDao peers;
    private final PeerEventDao events;
    private final FederationSettings settings;
    private final Clock clock;

    Runs(PeerDao peers, PeerEventDao events, FederationSettings settings, Clock clock) {
        this.peers = peers;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** How long a lease lasts unless kept: well beyond one request's timeout. */
    private long leaseMicros() {
        return Math.max(120_000_000L, 4 * settings.requestTimeout().toNanos() / 1000);
    }

    /** Takes the peer's lease for {@code owner}; false when another holds it. */
    boolean start(Peer peer, LeaseOwner owner) {
        long now = micros(clock.instant());
        return peers.lease(peer.id(), owner.name(), now, now + leaseMicros());
    }

    /** Extends the lease before each collection, so that a long run keeps it. */
    void keep(Peer peer, LeaseOwner owner) {
        long now = micros(clock.instant());
        peers.lease(peer.id(), owner.name(), now, now + leaseMicros());
    }

    /**
     * Records how the run went, gives the lease back and records its events; an event that cannot
     * be recorded is logged, never the run's failure.
     *
     * @param caughtUp whether every collection was pulled to its end
     */
    void end(Peer peer, LeaseOwner owner, boolean ok, boolean caughtUp, List<PeerEvent> happened) {
        peers.finishRun(peer.id(), owner.name(), micros(clock.instant()), ok, caughtUp);
        try {
            events.record(happened);
        } catch (RuntimeException e) {
            if (stillRecorded(peer)) {
                LOG.warn("cannot record the events of peer {}", peer.name(), e);
            } else {
                LOG.info(
                        "peer {} was removed as its run ended: its events went with it",
                        peer.name());
            }
        }
    }

    /**
     * Whether the peer is still recorded: an admin may remove it while one of its runs goes on.
     * Asked after a run's write failed; when the database cannot answer either, the peer counts as
     * recorded, so that the write's own failure is what is reported.
     */
    boolean stillRecorded(Peer peer) {
        try {
            return peers.find(peer.id()).isPresent();
        } catch (RuntimeException unanswered) {
            return true;
        }
    }

    /** How the peer's runs have gone, as recorded. */
    PeerHealth health(Peer peer) {
        return peers.health(peer.id());
    }

    /** Who runs the peer now, if anyone. */
    Optional<String> holder(Peer peer) {
        return peers.leaseHolder(peer.id(), micros(clock.instant()));
    }

    /** The refusals with every peer since then, per peer and kind (the dashboard). */
    List<Refusals> refusals(long sinceMicros, int top) {
        return events.refusals(sinceMicros, top);
    }

    /** The peer's latest events, newest first. */
    List<PeerEvent> events(Peer peer, int limit) {
        return events.latest(peer.id(), limit);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
