package org.entente.server.federation;

/**
 * A cursor of one collection moved meanwhile: another node or process synced the same peer, and the
 * transaction that found it out must roll back.
 */
final class ConcurrentSync extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentSync(String message) {
        super(message);
    }
}
