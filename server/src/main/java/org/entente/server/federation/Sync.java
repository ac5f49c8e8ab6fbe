package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.PrincipalDao;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
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

    private final PeerDao peers;
    private final PrincipalDao principals;
    private final CollectionDao collections;
    private final Pull pull;
    private final Push push;
    private final Transport transport;
    private final FederationSettings settings;
    private final String apiRoot;
    private final Clock clock;
    private final FederationMetrics metrics;
    private final Map<String, PeerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, Pull.Budget> budgets = new ConcurrentHashMap<>();

    /** When the peer's collections were last listed, and its API root's limit. */
    private record Listing(long at, long maxContentLength) {}

    Sync(
            PeerDao peers,
            PrincipalDao principals,
            CollectionDao collections,
            Pull pull,
            Push push,
            Transport transport,
            FederationSettings settings,
            String apiRoot,
            Clock clock,
            FederationMetrics metrics) {
        this.peers = peers;
        this.principals = principals;
        this.collections = collections;
        this.pull = pull;
        this.push = push;
        this.transport = transport;
        this.settings = settings;
        this.apiRoot = apiRoot;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A new client for the peer (not the cached one): what {@code peer test} checks. */
    PeerClient freshClient(Peer peer) {
        return new PeerClient(
                peer,
                transport.client(
                        PeerTls.context(peer.trustPem(), peer.clientCertificate()),
                        settings.connectTimeout()),
                settings,
                clock);
    }

    private PeerClient client(Peer peer) {
        return clients.computeIfAbsent(peer.id(), id -> freshClient(peer));
    }

    void forget(String peerId) {
        clients.remove(peerId);
        listings.remove(peerId);
        budgets.remove(peerId);
    }

    /** Runs once, as {@code owner} of the lease; never throws for what the peer does. */
    RunReport run(Peer peer, String owner) {
        Instant started = clock.instant();
        if (!peer.enabled()) {
            return report(peer, started, RunReport.Outcome.DISABLED, List.of(), Optional.empty());
        }
        long now = micros(started);
        long lease = Math.max(120_000_000L, 4 * settings.requestTimeout().toNanos() / 1000);
        if (!peers.lease(peer.id(), owner, now, now + lease)) {
            return report(peer, started, RunReport.Outcome.BUSY, List.of(), Optional.empty());
        }
        List<Tally> tallies = new ArrayList<>();
        List<PeerDao.Event> events = new ArrayList<>();
        Optional<PeerFailure> failure = Optional.empty();
        boolean internal = false;
        boolean caughtUp = true;
        Pull.Budget budget =
                budgets.computeIfAbsent(
                        peer.id(), id -> new Pull.Budget(settings.maxObjectsPerSecond(), clock));
        try {
            NodePrincipal principal =
                    principals
                            .byId(peer.principalId())
                            .filter(p -> !p.disabled())
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "the peer's principal is missing or disabled:"
                                                            + " enable it, or record the peer"
                                                            + " again"));
            PeerClient client = client(peer);
            Listing listing = listing(peer, client, now);
            for (PeerCollection pc : peers.collections(peer.id())) {
                if (!pc.canRead() && !pc.canWrite()) {
                    continue;
                }
                Optional<Collection> local = pc.localCollection().flatMap(collections::byId);
                Tally t = new Tally(pc.label(), local.map(c -> c.alias().orElse(c.id())));
                tallies.add(t);
                if (local.isEmpty()) {
                    t.stop("no collection of ours maps to it (no alias or area in common)");
                    continue;
                }
                peers.lease(
                        peer.id(), owner, micros(clock.instant()), micros(clock.instant()) + lease);
                try {
                    if (peer.pull() && pc.canRead()) {
                        pull.run(peer, principal, pc, local.get(), client, budget, t, events);
                        caughtUp &= t.caughtUp;
                    }
                    if (peer.push() && pc.canWrite()) {
                        push.run(
                                peer,
                                principal,
                                pc,
                                local.get(),
                                client,
                                listing.maxContentLength(),
                                t,
                                events);
                        push.feedback(
                                peer,
                                principal,
                                pc,
                                local.get(),
                                client,
                                listing.maxContentLength(),
                                t,
                                events);
                    }
                } catch (PeerFailure f) {
                    t.error = Optional.of(f.getMessage());
                    caughtUp = false;
                    failure = failure.or(() -> Optional.of(f));
                    events.add(error(peer, Optional.of(pc.remoteId()), f));
                    if (f.kind() == PeerFailure.Kind.FORBIDDEN
                            || f.kind() == PeerFailure.Kind.NOT_FOUND) {
                        listings.remove(peer.id()); // what it opens to us may have changed
                    }
                    if (wholePeer(f)) {
                        break;
                    }
                } catch (PeerDao.ConcurrentSync c) {
                    t.stop(c.getMessage());
                }
            }
        } catch (PeerFailure f) {
            failure = Optional.of(f);
            caughtUp = false;
            events.add(error(peer, Optional.empty(), f));
        } catch (RuntimeException e) {
            internal = true;
            caughtUp = false;
            LOG.warn("sync with peer {} failed", peer.name(), e);
            failure =
                    Optional.of(
                            new PeerFailure(
                                    PeerFailure.Kind.SERVER_ERROR,
                                    "this node failed: "
                                            + (e.getMessage() == null
                                                    ? e.getClass().getSimpleName()
                                                    : e.getMessage()),
                                    Optional.empty(),
                                    e));
            events.add(error(peer, Optional.empty(), failure.get()));
        } finally {
            boolean ok = failure.isEmpty();
            peers.finishRun(peer.id(), owner, micros(clock.instant()), ok, ok && caughtUp);
            try {
                peers.record(events);
            } catch (RuntimeException e) {
                LOG.warn("cannot record the events of peer {}", peer.name(), e);
            }
        }
        RunReport r =
                new RunReport(
                        peer.name(),
                        started,
                        clock.instant(),
                        failure.isEmpty() ? RunReport.Outcome.OK : RunReport.Outcome.FAILED,
                        tallies.stream().map(Tally::report).toList(),
                        internal ? Optional.empty() : failure.map(PeerFailure::kind),
                        failure.map(PeerFailure::getMessage),
                        failure.flatMap(PeerFailure::retryAfter),
                        budget.notBefore());
        metrics.record(peer, r);
        return r;
    }

    /** Failures that concern the peer as a whole: no use trying its other collections now. */
    private static boolean wholePeer(PeerFailure f) {
        return switch (f.kind()) {
            case UNREACHABLE, TLS, UNAUTHENTICATED, TIMEOUT, RATE_LIMITED -> true;
            default -> false;
        };
    }

    private PeerDao.Event error(Peer peer, Optional<String> remote, PeerFailure f) {
        return new PeerDao.Event(
                peer.id(),
                micros(clock.instant()),
                PeerDao.Event.Kind.ERROR,
                remote,
                Optional.empty(),
                f.kind().key() + ": " + f.getMessage());
    }

    private RunReport report(
            Peer peer,
            Instant started,
            RunReport.Outcome outcome,
            List<Tally> tallies,
            Optional<PeerFailure> failure) {
        return new RunReport(
                peer.name(),
                started,
                clock.instant(),
                outcome,
                tallies.stream().map(Tally::report).toList(),
                failure.map(PeerFailure::kind),
                failure.map(PeerFailure::getMessage),
                Optional.empty(),
                Optional.empty());
    }

    /** Reads the peer's API root and collection list when due, and records them. */
    private Listing listing(Peer peer, PeerClient client, long now) {
        Listing known = listings.get(peer.id());
        if (known != null && now - known.at() < settings.listEvery().toNanos() / 1000) {
            return known;
        }
        PeerClient.RemoteRoot root = client.apiRoot();
        List<PeerClient.RemoteCollection> remote = client.collections();
        List<Collection> ours = collections.list(apiRoot);
        List<PeerDao.Listed> listed =
                remote.stream()
                        .map(
                                r ->
                                        new PeerDao.Listed(
                                                r.id(),
                                                r.alias(),
                                                r.title(),
                                                r.canRead(),
                                                r.canWrite(),
                                                map(r, ours).map(Collection::id)))
                        .toList();
        peers.saveListing(peer.id(), listed, now);
        Listing l = new Listing(now, root.maxContentLength());
        listings.put(peer.id(), l);
        return l;
    }

    /**
     * The collection of ours a peer's collection maps to: the one with the same alias (every
     * Entente node names its collections after the areas: threat-intel, advisories...), else the
     * default one of the area its description names ("Area of cooperation: awareness").
     */
    static Optional<Collection> map(PeerClient.RemoteCollection remote, List<Collection> ours) {
        if (remote.alias().isPresent()) {
            for (Collection c : ours) {
                if (c.alias().equals(remote.alias())) {
                    return Optional.of(c);
                }
            }
        }
        String description = remote.description().orElse("");
        String marker = "Area of cooperation: ";
        int at = description.indexOf(marker);
        if (at >= 0) {
            String key = description.substring(at + marker.length()).trim().split("\\s")[0];
            for (Area area : Area.values()) {
                if (area.key.equals(key)) {
                    return ours.stream()
                            .filter(c -> c.area().equals(area.key))
                            .filter(c -> c.alias().equals(Optional.of(area.defaultAlias)))
                            .findFirst()
                            .or(
                                    () ->
                                            ours.stream()
                                                    .filter(c -> c.area().equals(area.key))
                                                    .findFirst());
                }
            }
        }
        return Optional.empty();
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
