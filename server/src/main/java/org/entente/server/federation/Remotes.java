package org.entente.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.entente.server.collection.Area;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;

/**
 * What this node keeps of each peer's side between runs: the client that talks to it, when its
 * collection list was last read and how those collections map to ours, and how many objects it may
 * still send us now (its rate budget).
 */
final class Remotes {
    private final PeerCollectionDao cursors;
    private final Catalog catalog;
    private final Transport transport;
    private final FederationSettings settings;
    private final Clock clock;
    private final Map<String, PeerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    /** When the peer's collections were last listed, and its API root's limit. */
    record Listing(long at, long maxContentLength) {}

    /** A collection the peer opens to us, and ours it maps to, if any. */
    record Mapped(PeerCollection remote, Optional<Collection> local) {}

    Remotes(
            PeerCollectionDao cursors,
            Catalog catalog,
            Transport transport,
            FederationSettings settings,
            Clock clock) {
        this.cursors = cursors;
        this.catalog = catalog;
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new client for the peer (not the kept one): what {@code peer test} checks. */
    PeerClient freshClient(Peer peer) {
        return new PeerClient(
                peer,
                transport.client(
                        PeerTls.context(peer.trustPem(), peer.clientCertificate()),
                        settings.connectTimeout()),
                settings,
                clock);
    }

    PeerClient client(Peer peer) {
        return clients.computeIfAbsent(peer.id(), id -> freshClient(peer));
    }

    Budget budget(Peer peer) {
        return budgets.computeIfAbsent(
                peer.id(), id -> new Budget(settings.maxObjectsPerSecond(), clock));
    }

    void forget(String peerId) {
        clients.remove(peerId);
        listings.remove(peerId);
        budgets.remove(peerId);
    }

    /** The peer's collection list is read again on the next run (what it opens may change). */
    void relist(String peerId) {
        listings.remove(peerId);
    }

    /** Reads the peer's API root and collection list when due, and records them. */
    Listing listing(Peer peer, PeerClient client, long now) {
        Listing known = listings.get(peer.id());
        if (known != null && now - known.at() < settings.listEvery().toNanos() / 1000) {
            return known;
        }
        PeerClient.RemoteRoot root = client.apiRoot();
        List<PeerClient.RemoteCollection> remote = client.collections();
        List<Collection> ours = catalog.list();
        List<PeerCollectionDao.Listed> listed =
                remote.stream()
                        .map(
                                r ->
                                        new PeerCollectionDao.Listed(
                                                r.id(),
                                                r.alias(),
                                                r.title(),
                                                r.canRead(),
                                                r.canWrite(),
                                                map(r, ours).map(Collection::id)))
                        .toList();
        cursors.saveListing(peer.id(), listed, now);
        Listing l = new Listing(now, root.maxContentLength());
        listings.put(peer.id(), l);
        return l;
    }

    /** The collections the peer opens to us (to read or to write), with ours each maps to. */
    List<Mapped> opened(Peer peer) {
        return cursors.collections(peer.id()).stream()
                .filter(pc -> pc.canRead() || pc.canWrite())
                .map(pc -> new Mapped(pc, pc.localCollection().flatMap(catalog::byId)))
                .toList();
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

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
