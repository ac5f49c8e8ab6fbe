package org.entente.pattern;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The literal prefilter for {@code LIKE} and {@code MATCHES}: each leaf is filed under one trigram
 * (three consecutive UTF-16 units) of a literal that every match contains. A value is scanned once,
 * trigram by trigram, so its cost depends on its length, not on the number of literals; candidates
 * are then evaluated in full. A 64 Kibit filter answers most trigrams of a value without touching
 * the map. Adding or removing a literal changes one posting list.
 *
 * <p>Thread safety: one writer at a time (the matcher's lock); readers see the writer's changes
 * once they read the index's volatile generation, which the writer bumps after each change.
 */
final class NgramIndex {
    private static final int FILTER_BITS = 1 << 16;

    private final ConcurrentHashMap<Long, int[]> postings = new ConcurrentHashMap<>();
    private volatile long[] filter = new long[FILTER_BITS / 64];
    private int removals;

    static long key(CharSequence s, int i) {
        return ((long) s.charAt(i) << 32) | ((long) s.charAt(i + 1) << 16) | s.charAt(i + 2);
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 48);
    }

    /** Files {@code id} under the least-used trigram of {@code literal}; returns that trigram. */
    long add(String literal, int id) {
        long best = key(literal, 0);
        int bestSize = Integer.MAX_VALUE;
        for (int i = 0; i + 3 <= literal.length(); i++) {
            long k = key(literal, i);
            int[] list = postings.get(k);
            int size = list == null ? 0 : list.length;
            if (size < bestSize) {
                best = k;
                bestSize = size;
            }
        }
        int s = slot(best);
        filter[s >>> 6] |= 1L << (s & 63);
        postings.merge(best, new int[] {id}, (old, one) -> Postings.with(old, id));
        return best;
    }

    void remove(long trigram, int id) {
        postings.computeIfPresent(
                trigram,
                (k, old) -> {
                    int[] next = Postings.without(old, id);
                    return next.length == 0 ? null : next;
                });
        // stale filter bits only cost a map lookup; rebuild them now and then
        if (++removals > 4096 && removals > postings.size()) {
            long[] rebuilt = new long[FILTER_BITS / 64];
            for (Long k : postings.keySet()) {
                int s = slot(k);
                rebuilt[s >>> 6] |= 1L << (s & 63);
            }
            filter = rebuilt; // readers switch to the new filter whole, never see it half-built
            removals = 0;
        }
    }

    boolean isEmpty() {
        return postings.isEmpty();
    }

    /** Sends the ids filed under any trigram of {@code value}. */
    void scan(String value, IntConsumer sink) {
        long[] filter = this.filter;
        int n = value.length() - 2;
        for (int i = 0; i < n; i++) {
            long k = key(value, i);
            int s = slot(k);
            if ((filter[s >>> 6] & (1L << (s & 63))) == 0) {
                continue;
            }
            int[] ids = postings.get(k);
            if (ids != null) {
                for (int id : ids) {
                    sink.accept(id);
                }
            }
        }
    }
}
