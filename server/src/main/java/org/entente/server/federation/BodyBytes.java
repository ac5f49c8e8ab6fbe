package org.entente.server.federation;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A response body as its buffers arrive, gathered into blocks and joined once at the end: each byte
 * is copied twice (into a block, then into the answer). A growing array would copy it four times (a
 * copy of the buffer, the array, each time the array doubles, then the answer trimmed from it); for
 * pages of 5,000 objects that was 14.5 % of what a node catching up allocated (docs/benchmarks.md,
 * "Session 38"). The client's own buffers are not kept: a peer sending many small TLS records would
 * have each hold a whole buffer.
 *
 * <p>Filled by one thread at a time (the HTTP client's subscriber); {@link #size()} may be read
 * from any.
 */
final class BodyBytes {
    /** The first block: most answers other than pages (discovery, statuses, errors) fit in it. */
    static final int FIRST_BLOCK = 16 * 1024;

    /** Every later block. */
    static final int BLOCK = 256 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
    private byte[] block;
    private int filled;
    private volatile long size;

    /** Takes the buffer's remaining bytes, leaving it consumed. */
    void add(ByteBuffer b) {
        long taken = size + b.remaining();
        while (b.hasRemaining()) {
            if (block == null || filled == block.length) {
                block = new byte[blocks.isEmpty() ? FIRST_BLOCK : BLOCK];
                blocks.add(block);
                filled = 0;
            }
            int n = Math.min(b.remaining(), block.length - filled);
            b.get(block, filled, n);
            filled += n;
        }
        size = taken;
    }

    /** How many bytes were taken so far. */
    long size() {
        return size;
    }

    /** Every byte taken, in order, in an array of its own. */
    byte[] bytes() {
        long total = size;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " bytes do not fit in one array");
        }
        byte[] all = new byte[(int) total];
        int at = 0;
        for (byte[] k : blocks) {
            int n = (int) Math.min(k.length, total - at);
            System.arraycopy(k, 0, all, at, n);
            at += n;
        }
        return all;
    }
}
