package org.entente.pattern;

import java.util.function.IntConsumer;

/**
 * A persistent binary trie of CIDR blocks for {@code ISSUBSET}: each block is a path of its prefix
 * bits, and the leaves whose constant is that block sit at its end. Looking up an address walks at
 * most 32 (IPv4) or 128 (IPv6) bits and meets every block that contains it, whatever the number of
 * blocks.
 *
 * <p>Updates copy the path they change and return a new root, so readers walk an immutable
 * structure without locks while a writer publishes new roots.
 */
final class CidrTrie {
    private static final int[] NONE = new int[0];

    static final CidrTrie EMPTY = new CidrTrie(null, null, NONE);

    private final CidrTrie zero;
    private final CidrTrie one;
    private final int[] ids;

    private CidrTrie(CidrTrie zero, CidrTrie one, int[] ids) {
        this.zero = zero;
        this.one = one;
        this.ids = ids;
    }

    boolean isEmpty() {
        return zero == null && one == null && ids.length == 0;
    }

    CidrTrie add(Ip.Net net, int id) {
        return update(net, 0, id, true);
    }

    CidrTrie remove(Ip.Net net, int id) {
        CidrTrie t = update(net, 0, id, false);
        return t == null ? EMPTY : t;
    }

    /** Adds below a node that stands for the first {@code depth} bits of {@code net}. */
    CidrTrie addFrom(Ip.Net net, int depth, int id) {
        return update(net, depth, id, true);
    }

    CidrTrie removeFrom(Ip.Net net, int depth, int id) {
        CidrTrie t = update(net, depth, id, false);
        return t == null ? EMPTY : t;
    }

    private CidrTrie update(Ip.Net net, int depth, int id, boolean add) {
        if (depth == net.prefix()) {
            int[] next = add ? Postings.with(ids, id) : Postings.without(ids, id);
            return node(zero, one, next);
        }
        boolean bit = net.bit(depth) == 1;
        CidrTrie child = bit ? one : zero;
        if (child == null) {
            if (!add) {
                return this;
            }
            child = EMPTY;
        }
        CidrTrie updated = child.update(net, depth + 1, id, add);
        return bit ? node(zero, updated, ids) : node(updated, one, ids);
    }

    /** A node, or null when it would hold nothing (so removals prune dead branches). */
    private static CidrTrie node(CidrTrie zero, CidrTrie one, int[] ids) {
        if (zero != null && zero.isEmpty()) {
            zero = null;
        }
        if (one != null && one.isEmpty()) {
            one = null;
        }
        if (zero == null && one == null && ids.length == 0) {
            return EMPTY;
        }
        return new CidrTrie(zero, one, ids);
    }

    /**
     * Sends the ids at every node on the path of the IPv4 address {@code bits}, from a node that
     * stands for its first {@code depth} bits down to depth {@code last}.
     */
    void containingV4(long bits, int depth, int last, IntConsumer sink) {
        CidrTrie t = this;
        while (t != null) {
            for (int id : t.ids) {
                sink.accept(id);
            }
            if (depth == last) {
                return;
            }
            t = ((bits >>> (31 - depth)) & 1) == 1 ? t.one : t.zero;
            depth++;
        }
    }

    /** Sends the ids of every block containing {@code net} (equal blocks included). */
    void containing(Ip.Net net, IntConsumer sink) {
        containingFrom(net, 0, sink);
    }

    /** As {@link #containing}, from a node that stands for the first {@code depth} bits. */
    void containingFrom(Ip.Net net, int depth, IntConsumer sink) {
        CidrTrie t = this;
        while (t != null) {
            for (int id : t.ids) {
                sink.accept(id);
            }
            if (depth == net.prefix()) {
                return;
            }
            t = net.bit(depth) == 1 ? t.one : t.zero;
            depth++;
        }
    }
}
