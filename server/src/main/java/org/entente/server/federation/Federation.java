package org.entente.server.federation;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.org.Organisation;
import org.entente.server.store.RefusedWrites;
import org.entente.server.store.WriteRefusalDao;

/**
 * Federation's use cases, the one class the REST API, the command line and the scheduler call:
 * record, list, enable, test and remove peers, sync one now, and report its health. Each is done by
 * a part of its own ({@link PeerRegistry}, {@link PeerCheck}, {@link Sync}, {@link PeerStatuses});
 * this is where they meet the node's metrics and its name as a lease holder. Wired by {@link
 * FederationParts}, without a web stack.
 */
public final class Federation {
    /** Told when peers come and go (the scheduler). */
    public interface Listener {
        void added(Peer peer);

        void removed(Peer peer);
    }

    /** What a caller gives to record a peer. */
    public record NewPeer(
            String name,
            String organisation,
            Optional<String> agreement,
            Optional<String> principal,
            URI url,
            Optional<String> apiRoot,
            Peer.Credentials credentials,
            Optional<String> trustPem,
            Optional<Peer.ClientCertificate> clientCertificate,
            boolean pull,
            boolean push) {}

    /** A peer with its health, collections, latest events and refused pushes. */
    public record Status(
            Peer peer,
            Organisation organisation,
            Optional<Agreement> agreement,
            PeerHealth health,
            List<PeerCollection> collections,
            List<PeerEvent> events,
            List<PushFailure> failures,
            Optional<String> syncingNow) {}

    /** One check of {@code peer test}. */
    public record Check(String name, boolean ok, String detail) {}

    /** A collection the peer opens to us, and what our side makes of it. */
    public record Opened(
            String remoteId,
            Optional<String> alias,
            Optional<String> title,
            boolean canRead,
            boolean canWrite,
            Optional<String> local,
            String ourSide) {}

    public record TestReport(String peer, boolean ok, List<Check> checks, List<Opened> opened) {}

    private final PeerRegistry registry;
    private final PeerStatuses statuses;
    private final PeerCheck check;
    private final Sync sync;
    private final FederationMetrics metrics;
    private final LeaseOwner owner;
    private final WriteRefusalDao writeRefusals;

    /**
     * @param owner who this node is when it holds a peer's lease
     */
    Federation(
            PeerRegistry registry,
            PeerStatuses statuses,
            PeerCheck check,
            Sync sync,
            FederationMetrics metrics,
            LeaseOwner owner,
            WriteRefusalDao writeRefusals) {
        this.registry = registry;
        this.statuses = statuses;
        this.check = check;
        this.sync = sync;
        this.metrics = metrics;
        this.owner = owner;
        this.writeRefusals = writeRefusals;
    }

    public void listen(Listener listener) {
        registry.listen(listener);
    }

    /** Records a peer; makes a principal for it (of its organisation) unless one is named. */
    public Peer add(NewPeer n) {
        Peer peer = registry.add(n);
        metrics.track(peer);
        return peer;
    }

    public List<Peer> list() {
        return registry.list();
    }

    public Optional<Peer> find(String idOrName) {
        return registry.find(idOrName);
    }

    /** By id or name; 404 when there is none. */
    public Peer require(String idOrName) {
        return registry.require(idOrName);
    }

    /** Stops or resumes syncing a peer; its cursors and health stay. */
    public Peer setEnabled(String idOrName, boolean enabled) {
        return registry.setEnabled(idOrName, enabled);
    }

    /** Forgets a peer, its cursors and events; what flowed stays in the ledger. */
    public void remove(String idOrName) {
        Peer p = registry.remove(idOrName);
        sync.forget(p.id());
        metrics.untrack(p);
    }

    /** Starts tracking the metrics of every recorded peer (at the server's start). */
    public void trackAll() {
        registry.list().forEach(metrics::track);
    }

    /** One run with the peer now, in this thread, as this node. */
    public RunReport sync(Peer peer) {
        return counted(peer, sync.run(peer, owner));
    }

    /**
     * One run now as a passer-by (the command line): under a lease of its own, so that a node
     * running meanwhile waits for it instead of running beside it.
     */
    public RunReport syncOnce(Peer peer) {
        return counted(peer, sync.run(peer, LeaseOwner.once()));
    }

    /** A run that did not start (the peer is disabled, or another holds it) is not counted. */
    private RunReport counted(Peer peer, RunReport r) {
        if (r.outcome() == RunReport.Outcome.OK || r.outcome() == RunReport.Outcome.FAILED) {
            metrics.record(peer, r);
        }
        return r;
    }

    public Status status(Peer peer) {
        return statuses.of(peer);
    }

    /**
     * The refusals with each peer since {@code sinceMicros}, per peer and kind ({@link
     * PeerEvent.Kind#REFUSED}: objects it sent that we refused; {@link PeerEvent.Kind#REJECTED}:
     * objects of ours it refused): how many, and the {@code top} most frequent reasons.
     */
    public List<Refusals> refusals(long sinceMicros, int top) {
        return statuses.refusals(sinceMicros, top);
    }

    /**
     * What other organisations sent to our TAXII server since {@code sinceMicros} that we refused,
     * per organisation: how many, and the {@code top} most frequent reasons. A pull's refusals are
     * its peer's ({@link #refusals}), never counted here.
     */
    public List<RefusedWrites> refusedWrites(long sinceMicros, int top) {
        return writeRefusals.since(sinceMicros, top);
    }

    /**
     * Checks a peer step by step: reachable, TLS as pinned, credentials accepted, the collections
     * it opens to us and what our side of the agreement lets flow through each.
     */
    public TestReport test(Peer peer) {
        return check.test(peer);
    }

    /** For the scheduler: the peer as recorded now. */
    Optional<Peer> current(String peerId) {
        return registry.find(peerId);
    }
}
