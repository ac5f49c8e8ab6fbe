package org.entente.pattern;

import java.math.BigDecimal;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The structures of one object path, e.g. {@code network-traffic:dst_ref.value}: posting lists by
 * exact value with a Bloom filter in front of them, IPv4 and IPv6 blocks, and the n-gram index of
 * LIKE and MATCHES literals. Apart from {@link LeafIndex} (which keeps the leaves and decides which
 * path a leaf goes under) because each kind of structure here has its own rules of filing and of
 * publication to lock-free readers.
 */
final class PathIndex {
    final PathRef path;
    final ConcurrentHashMap<Object, int[]> equal = new ConcurrentHashMap<>();

    /**
     * A Bloom filter of the equality keys (two bits per key), so that most values, which no
     * constant equals, are turned away without touching the map. Grows with the keys; replaced
     * whole, never cleared in place.
     */
    volatile long[] keyFilter = new long[1 << 10];

    int filterKeys;
    int filterRemovals;
    final NgramIndex literals = new NgramIndex();
    final Ipv4Blocks v4 = new Ipv4Blocks();
    volatile CidrTrie v6 = CidrTrie.EMPTY;

    /** Whether some equality constant is an address, compared as such on ip objects. */
    volatile boolean addresses;

    volatile boolean hasLiterals;
    int uses;

    PathIndex(PathRef path) {
        this.path = path;
    }

    /** Files ({@code add}) or unfiles leaf {@code id} under an equality key. */
    void fileEqual(Object key, int id, boolean add) {
        if (add) {
            equal.merge(key, new int[] {id}, (o, n) -> Postings.with(o, id));
            addToFilter(key);
            if (key instanceof String s && Ip.parse(s) != null) {
                addresses = true;
            }
        } else {
            equal.computeIfPresent(
                    key,
                    (k, o) -> {
                        int[] next = Postings.without(o, id);
                        return next.length == 0 ? null : next;
                    });
            if (++filterRemovals > equal.size()) {
                rebuildFilter(keyFilter.length);
            }
        }
    }

    /** Files ({@code add}) or unfiles leaf {@code id} under a CIDR block. */
    void fileBlock(Ip.Net net, int id, boolean add) {
        if (net.v6()) {
            v6 = add ? v6.add(net, id) : v6.remove(net, id);
        } else if (add) {
            v4.add(net, id);
        } else {
            v4.remove(net, id);
        }
    }

    /** Files leaf {@code id} under a literal; returns the key of the gram it went under. */
    long addLiteral(String literal, int id) {
        long gram = literals.add(literal, id);
        hasLiterals = true;
        return gram;
    }

    /** Unfiles leaf {@code id} from under a literal, filed under {@code gram} (null: never). */
    void removeLiteral(String literal, Long gram, int id) {
        if (gram != null) {
            literals.remove(literal, gram, id);
        }
        hasLiterals = !literals.isEmpty();
    }

    // ---- the key filter ---------------------------------------------------------------------

    static long filterHash(Object key) {
        return NgramIndex.avalanche(key.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /**
     * Whether {@code filter} may hold a key of hash {@code h} (from {@link #filterHash}): a blocked
     * Bloom filter, both bits in one word, so one memory access.
     */
    static boolean mayHold(long[] filter, long h) {
        long mask = (1L << h) | (1L << (h >>> 6));
        return (filter[(int) (h >>> 40) & (filter.length - 1)] & mask) == mask;
    }

    private static void set(long[] filter, long h) {
        filter[(int) (h >>> 40) & (filter.length - 1)] |= (1L << h) | (1L << (h >>> 6));
    }

    private void addToFilter(Object key) {
        if (++filterKeys * 16L > keyFilter.length * 64L) {
            rebuildFilter(keyFilter.length * 2); // keep about 16 bits per key
        } else {
            set(keyFilter, filterHash(key));
        }
    }

    private void rebuildFilter(int longs) {
        long[] filter = new long[longs];
        for (Object k : equal.keySet()) {
            set(filter, filterHash(k));
        }
        filterKeys = equal.size();
        filterRemovals = 0;
        keyFilter = filter; // published whole: readers never see a half-built filter
    }

    /**
     * The hash key of an observed value, or null if no constant could equal it. NB: must agree with
     * the keys {@link IndexPlan} files equality constants under.
     */
    static Object key(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            if (value.isIntegralNumber()) {
                return value.canConvertToLong() ? value.longValue() : null;
            }
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < (1L << 53)) {
                BigDecimal exact = value.decimalValue();
                if (exact.stripTrailingZeros().scale() <= 0) {
                    return exact.longValue();
                }
            }
        }
        return null;
    }
}
