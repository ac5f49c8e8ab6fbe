package org.entente.pattern;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * IPv4 CIDR blocks for {@code ISSUBSET}, laid out so that a lookup touches little memory: the few
 * blocks shorter than /16 sit in a small persistent binary trie of at most 16 levels; longer blocks
 * sit in an array slot per /16 (empty for most addresses), each block packed in one long (network,
 * length, leaf id). Within a slot, /16 to /23 blocks are one short array; /24 and longer blocks are
 * one short array too, or, when a /16 holds many (malicious hosting concentrates in some networks),
 * 256 arrays by third octet. A lookup so reads a few trie nodes, one slot and at most two short
 * arrays. (A binary trie for the long blocks would cost one cache miss per bit.)
 *
 * <p>One writer at a time; readers need no lock: slots are atomic and hold immutable values that
 * are replaced, never changed; the trie is persistent.
 */
final class Ipv4Blocks {
    private static final int SPLIT = 16;

    /** Beyond this many /24-and-longer blocks in one /16, they are split by third octet. */
    private static final int SPREAD = 16;

    /** Leaf ids must fit the 26 bits a packed entry leaves them. */
    static final int MAX_ID = (1 << 26) - 1;

    private static final long[] NONE = new long[0];

    /** The blocks of one /16. Immutable. */
    private static final class Slot {
        final long[] middle;
        final long[] fine;
        final long[][] byOctet;
        final int fineCount;

        Slot(long[] middle, long[] fine, long[][] byOctet, int fineCount) {
            this.middle = middle;
            this.fine = fine;
            this.byOctet = byOctet;
            this.fineCount = fineCount;
        }

        boolean isEmpty() {
            return middle.length == 0 && fineCount == 0;
        }

        Slot with(long entry, int prefix) {
            if (prefix < 24) {
                return new Slot(append(middle, entry), fine, byOctet, fineCount);
            }
            if (byOctet == null && fineCount < SPREAD) {
                return new Slot(middle, append(fine, entry), null, fineCount + 1);
            }
            long[][] spread = byOctet != null ? byOctet.clone() : split(fine);
            int octet = (int) (entry >>> 40) & 255;
            spread[octet] = append(spread[octet] == null ? NONE : spread[octet], entry);
            return new Slot(middle, NONE, spread, fineCount + 1);
        }

        Slot without(long entry, int prefix) {
            if (prefix < 24) {
                return new Slot(remove(middle, entry), fine, byOctet, fineCount);
            }
            if (byOctet == null) {
                long[] next = remove(fine, entry);
                return new Slot(middle, next, null, fineCount - (fine.length - next.length));
            }
            long[][] spread = byOctet.clone();
            int octet = (int) (entry >>> 40) & 255;
            if (spread[octet] == null) {
                return this;
            }
            long[] next = remove(spread[octet], entry);
            int removed = spread[octet].length - next.length;
            spread[octet] = next.length == 0 ? null : next;
            return new Slot(middle, NONE, spread, fineCount - removed);
        }

        private static long[][] split(long[] fine) {
            long[][] spread = new long[256][];
            for (long e : fine) {
                int octet = (int) (e >>> 40) & 255;
                spread[octet] = append(spread[octet] == null ? NONE : spread[octet], e);
            }
            return spread;
        }
    }

    private volatile CidrTrie wide = CidrTrie.EMPTY;
    private final AtomicReferenceArray<Slot> narrow = new AtomicReferenceArray<>(1 << SPLIT);
    private volatile int size;

    boolean isEmpty() {
        return size == 0;
    }

    private static long pack(Ip.Net net, int id) {
        if (id > MAX_ID) {
            throw new IllegalStateException("more than " + MAX_ID + " CIDR leaves");
        }
        return (net.lo() << 32) | ((long) net.prefix() << 26) | id;
    }

    void add(Ip.Net net, int id) {
        if (net.prefix() < SPLIT) {
            wide = wide.add(net, id);
        } else {
            int at = (int) (net.lo() >>> (32 - SPLIT));
            Slot old = narrow.get(at);
            Slot slot = old == null ? new Slot(NONE, NONE, null, 0) : old;
            narrow.set(at, slot.with(pack(net, id), net.prefix()));
        }
        size++;
    }

    void remove(Ip.Net net, int id) {
        if (net.prefix() < SPLIT) {
            wide = wide.remove(net, id);
        } else {
            int at = (int) (net.lo() >>> (32 - SPLIT));
            Slot old = narrow.get(at);
            if (old == null) {
                return;
            }
            Slot next = old.without(pack(net, id), net.prefix());
            narrow.set(at, next.isEmpty() ? null : next);
        }
        size--;
    }

    /** Sends the ids of every block containing the address {@code bits}. */
    void containing(long bits, IntConsumer sink) {
        wide.containingV4(bits, 0, SPLIT - 1, sink);
        Slot slot = narrow.get((int) (bits >>> (32 - SPLIT)));
        if (slot != null) {
            scan(slot, bits, 32, sink);
        }
    }

    /** Sends the ids of every block containing the block {@code net}. */
    void containing(Ip.Net net, IntConsumer sink) {
        wide.containing(net, sink); // stops at the net's own length
        if (net.prefix() >= SPLIT) {
            Slot slot = narrow.get((int) (net.lo() >>> (32 - SPLIT)));
            if (slot != null) {
                scan(slot, net.lo(), net.prefix(), sink);
            }
        }
    }

    private static void scan(Slot slot, long bits, int prefix, IntConsumer sink) {
        scan(slot.middle, bits, prefix, sink);
        if (prefix < 24) {
            return; // a block of /16 to /23 lies in no /24-or-longer block
        }
        if (slot.byOctet != null) {
            long[] entries = slot.byOctet[(int) (bits >>> 8) & 255];
            if (entries != null) {
                scan(entries, bits, prefix, sink);
            }
        } else {
            scan(slot.fine, bits, prefix, sink);
        }
    }

    /** Entries whose block contains the block {@code bits/prefix}. */
    private static void scan(long[] entries, long bits, int prefix, IntConsumer sink) {
        for (long e : entries) {
            int length = (int) (e >>> 26) & 63;
            if (length > prefix) {
                continue;
            }
            long mask = (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            if ((bits & mask) == (e >>> 32)) {
                sink.accept((int) (e & MAX_ID));
            }
        }
    }

    private static long[] append(long[] a, long e) {
        long[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = e;
        return out;
    }

    private static long[] remove(long[] a, long e) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == e) {
                long[] out = new long[a.length - 1];
                System.arraycopy(a, 0, out, 0, i);
                System.arraycopy(a, i + 1, out, i, a.length - i - 1);
                return out;
            }
        }
        return a;
    }
}
