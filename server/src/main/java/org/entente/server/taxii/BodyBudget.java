package org.entente.server.taxii;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a body of declared length into one array of that length, as long as the bytes promised to
 * bodies still arriving stay within a budget; past it, a body is read as it arrives, in blocks
 * joined at the end.
 *
 * <p>Why both: the blocks and their join allocate twice the body, a fifth of everything an ingest
 * allocates (docs/benchmarks.md, "Session 40"). But an array of the declared length is held from
 * the first byte, so without a bound an authenticated client could declare 8 MB on each of 200
 * connections, send nothing, and hold far more than a 256 MB heap. The budget is what such clients
 * can take; every other body is then read as before, its memory following what has arrived.
 */
final class BodyBudget {
    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    BodyBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        this.limit = limit;
    }

    /** An eighth of the heap: at the benchmarks' {@code -Xmx256m}, 32 envelopes of a megabyte. */
    static BodyBudget ofHeap() {
        return new BodyBudget(Runtime.getRuntime().maxMemory() / 8);
    }

    long limit() {
        return limit;
    }

    /** The bytes held for bodies being read into arrays of their declared length. */
    long reserved() {
        return reserved.get();
    }

    /**
     * The body's bytes, up to {@code declared} of them; fewer when the stream ends first (the
     * parser then says where the text stops).
     */
    byte[] read(InputStream in, int declared) throws IOException {
        if (!take(declared)) {
            return in.readNBytes(declared);
        }
        try {
            byte[] data = new byte[declared];
            int n = in.readNBytes(data, 0, declared);
            return n == declared ? data : Arrays.copyOf(data, n);
        } finally {
            reserved.addAndGet(-declared);
        }
    }

    private boolean take(long bytes) {
        long now;
        do {
            now = reserved.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return true;
    }
}
