package org.entente.server.federation;

import java.util.Objects;
import java.util.Optional;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;

/**
 * One collection's part of a run with a peer: who the peer is here (its principal), the peer's
 * collection and ours it maps to, the client that talks to it, and where what happens is counted
 * and told. Pull, push and feedback each take one.
 *
 * @param principal the principal the peer acts as in this node: what we pull is written as it, what
 *     we push is read as it
 * @param maxContentLength the largest body the peer's API root accepts
 */
record Exchange(
        Peer peer,
        NodePrincipal principal,
        PeerCollection remote,
        Collection local,
        PeerClient client,
        long maxContentLength,
        Tally tally,
        Events events) {
    Exchange {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(events, "events");
        if (maxContentLength <= 0) {
            throw new IllegalArgumentException("maxContentLength must be positive");
        }
    }

    /** The peer's collection id, as its TAXII paths name it. */
    String remoteId() {
        return remote.remoteId();
    }

    /** What keys per-collection state kept across runs. */
    String key() {
        return peer.id() + "|" + remote.remoteId();
    }

    /** Tells an event about this collection. */
    void event(PeerEvent.Kind kind, Optional<String> objectId, String message) {
        events.add(kind, Optional.of(remote.remoteId()), objectId, message);
    }
}
