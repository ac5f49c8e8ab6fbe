package org.entente.server.federation;

/**
 * The peer of a run was removed while the run went on: nothing more of the run may be written (its
 * rows went with the peer), and the run ends as one of a removed peer, not as a failure of this
 * node.
 */
final class PeerRemoved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PeerRemoved(Peer peer) {
        super("peer '" + peer.name() + "' was removed while it was syncing; the run ended there");
    }
}
