package org.entente.pattern;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The literal prefilter for {@code LIKE} and {@code MATCHES}: each leaf is filed under one n-gram
 * (eight consecutive UTF-16 units; four or three for shorter literals) of a literal that every
 * match contains. Long grams keep false candidates rare even with tens of thousands of literals. A
 * value is scanned once, gram by gram, so its cost depends on its length, not on the number of
 * literals; candidates are then evaluated in full. A 64 Kibit filter per gram length answers most
 * grams of a value without touching the maps. Adding or removing a literal changes one posting
 * list.
 *
 * <p>Which gram of a literal is used matters: a gram that occurs in most values ("www.", ".com")
 * would make every value a candidate. Grams are scored by how common their characters and words are
 * in host names, URLs and paths ({@link #commonness}), and the rarest is used.
 *
 * <p>Thread safety: one writer at a time (the matcher's lock); readers see the writer's changes
 * once they read the index's volatile generation, which the writer bumps after each change.
 */
final class NgramIndex {
    private static final int FILTER_BITS = 1 << 12;

    private final Grams three = new Grams(3);
    private final Grams four = new Grams(4);
    private final Grams eight = new Grams(8);

    /** The maps and filter of one gram length. */
    private static final class Grams {
        final int n;
        final ConcurrentHashMap<Long, int[]> postings = new ConcurrentHashMap<>();

        /**
         * A Bloom filter (two bits per gram, about 64 bits per gram) of the grams in use, so that
         * most grams of a value are turned away without touching the map; grown and rebuilt whole,
         * never changed in place except to set bits.
         */
        volatile long[] filter = new long[FILTER_BITS / 64];

        int removals;

        Grams(int n) {
            this.n = n;
        }

        void set(long key) {
            if ((long) postings.size() * 32 > filter.length * 64L) {
                rebuild(filter.length * 2);
            }
            set(filter, key);
        }

        /*
         * A blocked Bloom filter: both bits of a gram sit in one 64-bit word, so a probe is one
         * memory access (a value of 60 units costs 60 of them per gram length). A key is already
         * a product by an odd constant ({@link #mix}), whose upper half depends on every unit of
         * the gram: the word comes from that half folded on itself, the two bits from its top
         * twelve, with no further multiplication (this runs for every unit of every value
         * scanned).
         */
        static void set(long[] f, long key) {
            f[word(f, key)] |= bits(key);
        }

        static boolean mayHave(long[] f, long key) {
            long mask = bits(key);
            return (f[word(f, key)] & mask) == mask;
        }

        private static int word(long[] f, long key) {
            return ((int) (key >>> 32) ^ (int) (key >>> 48)) & (f.length - 1);
        }

        private static long bits(long key) {
            return (1L << (key >>> 58)) | (1L << (key >>> 52));
        }

        void rebuild(int longs) {
            long[] rebuilt = new long[longs];
            for (Long k : postings.keySet()) {
                set(rebuilt, k);
            }
            filter = rebuilt; // readers switch to the new filter whole, never see it half-built
            removals = 0;
        }
    }

    /**
     * Packs n chars (n = 3 or 4) and multiplies by an odd constant: a bijection, so no two grams
     * share a key, that spreads the bits {@link Long#hashCode()} and the filter use.
     */
    static long key(CharSequence s, int i, int n) {
        if (n == 8) {
            return key8(pack(s, i, 4), pack(s, i + 4, 4));
        }
        return mix(pack(s, i, n));
    }

    private static long pack(CharSequence s, int i, int n) {
        long packed = 0;
        for (int k = 0; k < n; k++) {
            packed = (packed << 16) | s.charAt(i + k);
        }
        return packed;
    }

    /** An 8-gram from its first and last four units (not a bijection, but well mixed). */
    private static long key8(long hi, long lo) {
        return mix(lo ^ Long.rotateLeft(hi * 0xC2B2AE3D27D4EB4FL, 31));
    }

    /** Spreads every bit of a key over the low and high bits the filter uses. */
    static long avalanche(long key) {
        long h = (key ^ (key >>> 32)) * 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }

    private static long mix(long packed) {
        return packed * 0x9E3779B97F4A7C15L;
    }

    /** Substrings of most URLs and host names; a gram containing one is a poor choice. */
    private static final String[] COMMON = {
        "www", "htt", "ttp", "tps", "com", "net", "org", "php", "htm", "tml", "ind", "nde", "dex",
        "exe", "ing", "ion", "tio", "ent", "log", "gin", "api", "cdn", "img", "ima", "age", "ads",
        "wp-", "con", "ter", "the", "and", "ser", "ver", "cou", "oun", "mai", "ail", "goo", "oog",
        "ogl", "gle", "mic", "cro", "ros", "oso", "sof", "oft", "app", "clo", "lou", "oud", "://",
        "//", ":/", "/ww", "ww.", "s.", ".js", "/in", "/im"
    };

    /**
     * How common a gram is likely to be in the values scanned, from rough frequencies of characters
     * in host names and URLs and a list of common words; lower is rarer.
     */
    static double commonness(String literal, int i, int n) {
        String gram = literal.substring(i, i + n).toLowerCase(Locale.ROOT);
        double score = 0;
        for (String common : COMMON) {
            if (gram.contains(common)) {
                score += 20;
            }
        }
        for (int k = 0; k < n; k++) {
            score += Math.log(frequency(literal.charAt(i + k)));
        }
        return score;
    }

    /** Per mille, roughly, in host names and URLs. */
    private static double frequency(char c) {
        if (c >= 'A' && c <= 'Z') {
            return 0.3 * frequency((char) (c + 32));
        }
        switch (c) {
            case 'e':
                return 95;
            case 'a':
            case 'o':
            case 'i':
                return 75;
            case 'n':
            case 't':
            case 'r':
            case 's':
                return 65;
            case 'l':
            case 'c':
                return 45;
            case 'm':
            case 'd':
            case 'u':
            case 'p':
            case 'h':
                return 32;
            case 'g':
            case 'w':
            case 'b':
            case 'y':
            case 'f':
                return 20;
            case 'k':
            case 'v':
                return 12;
            case 'x':
            case 'z':
                return 5;
            case 'j':
                return 4;
            case 'q':
                return 2;
            case '.':
                return 80;
            case '/':
                return 60;
            case '-':
            case ':':
                return 20;
            default:
                // digits fill URL paths, ids and hashes: about as common as letters
                return c >= '0' && c <= '9' ? 45 : 5;
        }
    }

    /** The gram length a literal is filed under: 8 when it has 8 units, else 4, else 3. */
    private Grams gramsFor(String literal) {
        return literal.length() >= 8 ? eight : literal.length() >= 4 ? four : three;
    }

    /** Files {@code id} under the rarest gram of {@code literal}; returns the gram's key. */
    long add(String literal, int id) {
        Grams g = gramsFor(literal);
        long best = 0;
        double bestScore = Double.MAX_VALUE;
        for (int i = 0; i + g.n <= literal.length(); i++) {
            long k = key(literal, i, g.n);
            int[] list = g.postings.get(k);
            // rarity, and then spread: a gram many literals share makes every value that
            // contains it a candidate for all of them
            double score = commonness(literal, i, g.n) + (list == null ? 0 : list.length) * 0.25;
            if (score < bestScore) {
                best = k;
                bestScore = score;
            }
        }
        g.postings.merge(best, new int[] {id}, (old, one) -> Postings.with(old, id));
        g.set(best);
        return best;
    }

    void remove(String literal, long key, int id) {
        Grams g = gramsFor(literal);
        g.postings.computeIfPresent(
                key,
                (k, old) -> {
                    int[] next = Postings.without(old, id);
                    return next.length == 0 ? null : next;
                });
        // stale filter bits only cost a map lookup; rebuild them now and then
        if (++g.removals > 4096 && g.removals > g.postings.size()) {
            g.rebuild(g.filter.length);
        }
    }

    boolean isEmpty() {
        return three.postings.isEmpty() && four.postings.isEmpty() && eight.postings.isEmpty();
    }

    /** Sends the ids filed under any gram of {@code value}. */
    void scan(String value, IntConsumer sink) {
        if (!scan(value, sink, true)) {
            // grams already sent from the unnormalised prefix only add candidates, which are
            // then evaluated in full
            scan(Normalizer.normalize(value, Normalizer.Form.NFC), sink, false);
        }
    }

    /**
     * Sends the ids filed under each gram of {@code value}. When {@code check}, stops and returns
     * false at the first unit from U+0300 on, where the value may not be in NFC (literals are filed
     * in NFC, {@link Like}); checking here spares values (nearly all ASCII) a pass of their own.
     */
    private boolean scan(String value, IntConsumer sink, boolean check) {
        boolean with3 = !three.postings.isEmpty();
        boolean with4 = !four.postings.isEmpty();
        boolean with8 = !eight.postings.isEmpty();
        long[] f3 = three.filter;
        long[] f4 = four.filter;
        long[] f8 = eight.filter;
        int len = value.length();
        long hi = 0;
        long lo = 0; // the last four units, and the four before them
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (check && c >= 0x300) {
                return false;
            }
            hi = (hi << 16) | (lo >>> 48);
            lo = (lo << 16) | c;
            if (with3 && i >= 2) {
                probe(three, f3, mix(lo & 0xFFFF_FFFF_FFFFL), sink);
            }
            if (with4 && i >= 3) {
                probe(four, f4, mix(lo), sink);
            }
            if (with8 && i >= 7) {
                probe(eight, f8, key8(hi, lo), sink);
            }
        }
        return true;
    }

    private static void probe(Grams g, long[] filter, long key, IntConsumer sink) {
        if (!Grams.mayHave(filter, key)) {
            return;
        }
        int[] ids = g.postings.get(key);
        if (ids != null) {
            for (int id : ids) {
                sink.accept(id);
            }
        }
    }
}
