package org.entente.server.ledger;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A set of object versions (id and version text) for counting distinct versions in the exchange
 * report, at 33 to 66 bytes a version where a set of strings takes about 160: a report over the
 * millions of versions partners were given holds one such set per group. Each version keeps a few
 * marks (the TLPs it went under), so that the group's distinct versions per TLP need no set of
 * their own.
 *
 * <p>Exact: a version whose id is {@code <type>--<uuid>} in lower-case canonical form and whose
 * version is {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with at most six fraction digits, from 1970 on, is
 * kept as three numbers from which its text can be written back (the UUID's 128 bits; the time in
 * microseconds with the number of fraction digits written and the type's index), so two versions
 * are equal as numbers exactly when their texts are equal. Any other text is kept as text. A {@link
 * Packer} turns a version into its {@link Key}, from its text or from the numbers of a packed
 * listing (docs/adr/0041), which give the same key.
 */
final class VersionSet {
    private static final int MICROS_BITS = 52;
    private static final int DIGITS_BITS = 3;
    private static final int TYPE_BITS = 63 - MICROS_BITS - DIGITS_BITS;
    private static final long[] SCALE = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    /** A version as the sets keep it: three numbers, or its text when {@code text} is not null. */
    static final class Key {
        long high;
        long low;
        long third;
        String text;
    }

    /**
     * Packs versions into keys for the sets of one report (the type indexes are its own); reuses
     * one key, so a key is good until the next {@link #pack}. Not for concurrent use.
     */
    static final class Packer {
        private final Map<String, Integer> types = new HashMap<>();
        private final Key key = new Key();

        Key pack(String objectId, String version) {
            int dashes = objectId.indexOf("--");
            int at = dashes + 2;
            long third =
                    dashes > 0 && objectId.length() == at + 36 && canonical(objectId, at)
                            ? third(objectId.substring(0, dashes), version)
                            : -1;
            if (third < 0) {
                key.text = objectId + ' ' + version;
                return key;
            }
            key.text = null;
            key.high =
                    hex(objectId, at, 8) << 32
                            | hex(objectId, at + 9, 4) << 16
                            | hex(objectId, at + 14, 4);
            key.low = hex(objectId, at + 19, 4) << 48 | hex(objectId, at + 24, 12);
            key.third = third;
            return key;
        }

        /**
         * The key of a version read from a packed listing: from the numbers the listing holds where
         * it packed both the id and the timestamp, the same key as {@link #pack(String, String)}
         * makes from their text.
         */
        Key pack(PackedListing.Version v) {
            if (v.uuidId && v.packedTime && v.second >= 0 && v.digits <= 6) {
                long micros = v.second * 1_000_000L + v.fraction * SCALE[v.digits];
                long third = micros < 1L << MICROS_BITS ? third(v.type, v.digits, micros) : -1;
                if (third >= 0) {
                    key.text = null;
                    key.high = v.high;
                    key.low = v.low;
                    key.third = third;
                    return key;
                }
            }
            return pack(v.objectId(), v.version());
        }

        /**
         * The version's time in microseconds, its fraction's length and the type's index as one
         * number; -1 if the version is not in the one form kept as numbers.
         */
        private long third(String type, String version) {
            long micros = micros(version);
            if (micros < 0) {
                return -1;
            }
            return third(type, Math.max(0, version.length() - 21), micros);
        }

        private long third(String type, int digits, long micros) {
            Integer index = types.get(type);
            if (index == null) {
                if (types.size() == 1 << TYPE_BITS) {
                    return -1;
                }
                index = types.size();
                types.put(type, index);
            }
            return ((long) index << (MICROS_BITS + DIGITS_BITS))
                    | ((long) digits << MICROS_BITS)
                    | micros;
        }
    }

    /** What {@link #add(Key, int)} answers when the version was not in the set. */
    static final int NEW = 1;

    /** What {@link #add(Key, int)} answers when the version did not have the mark. */
    static final int NEW_MARK = 2;

    /** The marks a version can have: {@link #add(Key, int)}'s {@code mark} is 0 to this less 1. */
    static final int MARKS = 8;

    /** The versions kept as text, with their marks. */
    private final Map<String, Integer> others = new HashMap<>();

    /**
     * The packed versions in 64 tables by their hash's top bits, each growing on its own: no array
     * is larger than a 64th of the set, and growing copies a 64th at a time, so the set fits in a
     * heap whose free space is not in one piece.
     */
    private final Table[] tables = new Table[64];

    private int packed;

    /** What {@link #addAll}'s first loop read: written, so that its reads are not left out. */
    private long touched;

    /** Adds a version; whether it was not in the set. */
    boolean add(Key key) {
        return (add(key, -1) & NEW) != 0;
    }

    /**
     * Adds a version with a mark (0 to {@link #MARKS} less 1; -1 for none): a version keeps every
     * mark it was added with, so one set counts distinct versions both in all and per mark (the
     * report's TLPs) where a set per mark held each version again. Answers {@link #NEW} if the
     * version was not in the set, and {@link #NEW_MARK} if it did not have the mark.
     */
    int add(Key key, int mark) {
        int bit = bit(mark);
        if (key.text != null) {
            return addText(key.text, bit);
        }
        return addPacked(hash(key.high, key.low, key.third), key.high, key.low, key.third, bit);
    }

    /**
     * Adds a batch's versions in its order, each as {@link #add(Key, int)} would, and answers in
     * {@link Batch#added}. First it reads the slot of every packed version, then it adds them: a
     * set of millions of versions misses the processor's caches on nearly every add, and misses
     * taken one after another in a loop that does nothing else are waited for together, not in
     * turn.
     */
    void addAll(Batch batch) {
        long seen = 0;
        for (int i = 0; i < batch.size; i++) {
            if (batch.texts[i] == null) {
                int h = hash(batch.high[i], batch.low[i], batch.third[i]);
                batch.hashes[i] = h;
                Table t = tables[h >>> 26];
                if (t != null) {
                    seen += t.slot(h);
                }
            }
        }
        touched = seen; // kept, so that the compiler keeps the reads
        for (int i = 0; i < batch.size; i++) {
            int bit = bit(batch.marks[i]);
            batch.added[i] =
                    batch.texts[i] != null
                            ? addText(batch.texts[i], bit)
                            : addPacked(
                                    batch.hashes[i],
                                    batch.high[i],
                                    batch.low[i],
                                    batch.third[i],
                                    bit);
        }
    }

    private static int bit(int mark) {
        if (mark < -1 || mark >= MARKS) {
            throw new IllegalArgumentException("no mark " + mark);
        }
        return mark < 0 ? 0 : 1 << mark;
    }

    private int addText(String text, int bit) {
        Integer had = others.get(text);
        if (had == null) {
            others.put(text, bit);
            return NEW | (bit != 0 ? NEW_MARK : 0);
        }
        if ((had & bit) != bit) {
            others.put(text, had | bit);
            return NEW_MARK;
        }
        return 0;
    }

    private int addPacked(int h, long high, long low, long third, int bit) {
        Table t = tables[h >>> 26];
        if (t == null) {
            t = new Table();
            tables[h >>> 26] = t;
        }
        int added = t.put(h, high, low, third, (byte) bit);
        if ((added & NEW) != 0) {
            packed++;
        }
        return added;
    }

    /**
     * Versions to add to one set together ({@link #addAll}), up to {@link #SIZE}: copies of their
     * keys, each with its mark. Not for concurrent use.
     */
    static final class Batch {
        static final int SIZE = 256;

        private final long[] high = new long[SIZE];
        private final long[] low = new long[SIZE];
        private final long[] third = new long[SIZE];
        private final String[] texts = new String[SIZE];
        private final int[] marks = new int[SIZE];
        private final int[] hashes = new int[SIZE];

        /** What {@link #addAll} answered for each version: {@link #NEW}, {@link #NEW_MARK}. */
        final int[] added = new int[SIZE];

        private int size;

        /** Holds a copy of the key with its mark (-1 for none); its place in the batch. */
        int put(Key key, int mark) {
            if (size == SIZE) {
                throw new IllegalStateException("the batch is full");
            }
            bit(mark);
            int i = size++;
            texts[i] = key.text;
            high[i] = key.high;
            low[i] = key.low;
            third[i] = key.third;
            marks[i] = mark;
            return i;
        }

        int size() {
            return size;
        }

        boolean full() {
            return size == SIZE;
        }

        int mark(int i) {
            return marks[i];
        }

        /** The key at a place, as a key of its own. */
        Key key(int i) {
            Key k = new Key();
            k.text = texts[i];
            k.high = high[i];
            k.low = low[i];
            k.third = third[i];
            return k;
        }

        void clear() {
            Arrays.fill(texts, 0, size, null);
            size = 0;
        }
    }

    int size() {
        return packed + others.size();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ} or with 1 to 6 fraction digits, a valid date and time from 1970
     * on, in microseconds since the epoch; -1 for any other text. Every field is at a fixed place
     * and checked for its range, so two texts of the same length give the same number only if they
     * are the same text.
     */
    static long micros(String v) {
        int n = v.length();
        int digits = n - 21;
        boolean shaped =
                (n == 20 || digits >= 1 && digits <= 6 && v.charAt(19) == '.')
                        && v.charAt(4) == '-'
                        && v.charAt(7) == '-'
                        && v.charAt(10) == 'T'
                        && v.charAt(13) == ':'
                        && v.charAt(16) == ':'
                        && v.charAt(n - 1) == 'Z';
        if (!shaped) {
            return -1;
        }
        int year = number(v, 0, 4);
        int month = number(v, 5, 2);
        int day = number(v, 8, 2);
        int hour = number(v, 11, 2);
        int minute = number(v, 14, 2);
        int second = number(v, 17, 2);
        long fraction = digits > 0 ? number(v, 20, digits) : 0;
        if (year < 1970
                || month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || fraction < 0) {
            return -1;
        }
        long seconds =
                LocalDate.of(year, month, day).toEpochDay() * 86_400L
                        + hour * 3_600L
                        + minute * 60L
                        + second;
        long micros = seconds * 1_000_000L + fraction * SCALE[Math.max(digits, 0)];
        return micros < 1L << MICROS_BITS ? micros : -1;
    }

    /** The decimal number in the {@code n} characters from {@code from}; -1 if one is no digit. */
    private static int number(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** Whether the 36 characters from {@code at} are a UUID in lower-case canonical form. */
    private static boolean canonical(String s, int at) {
        for (int i = 0; i < 36; i++) {
            char ch = s.charAt(at + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? ch != '-' : !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The {@code n} hex digits from {@code from}, checked by {@link #canonical}. */
    private static long hex(String s, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = (v << 4) | Character.digit(s.charAt(i), 16);
        }
        return v;
    }

    /**
     * Open addressing, three numbers and a byte of marks a slot; a slot whose third is -1 is free
     * (a packed third is never negative). At most three quarters full: probes stay short, and a
     * version takes 33 to 66 bytes.
     */
    private static final class Table {
        private long[] keys = free(16);
        private byte[] marks = new byte[16];
        private int size;

        private static long[] free(int slots) {
            long[] k = new long[3 * slots];
            Arrays.fill(k, -1);
            return k;
        }

        /** What the slot {@code hash} falls on holds: read to bring it near, in {@link #addAll}. */
        long slot(int hash) {
            int i = hash & (marks.length - 1);
            return keys[3 * i + 2] + marks[i];
        }

        /** Adds the version with the marks {@code bits}; {@link #NEW} and {@link #NEW_MARK}. */
        int put(int hash, long a, long b, long c, byte bits) {
            if (4 * (size + 1) > 3 * marks.length) {
                grow();
            }
            int mask = marks.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                if (keys[3 * i + 2] == -1) {
                    keys[3 * i] = a;
                    keys[3 * i + 1] = b;
                    keys[3 * i + 2] = c;
                    marks[i] = bits;
                    size++;
                    return NEW | (bits != 0 ? NEW_MARK : 0);
                }
                if (keys[3 * i] == a && keys[3 * i + 1] == b && keys[3 * i + 2] == c) {
                    if ((marks[i] & bits) == bits) {
                        return 0;
                    }
                    marks[i] |= bits;
                    return NEW_MARK;
                }
            }
        }

        private void grow() {
            long[] old = keys;
            byte[] oldMarks = marks;
            keys = free(2 * oldMarks.length);
            marks = new byte[2 * oldMarks.length];
            size = 0;
            for (int i = 0; i < oldMarks.length; i++) {
                long a = old[3 * i];
                long b = old[3 * i + 1];
                long c = old[3 * i + 2];
                if (c != -1) {
                    put(hash(a, b, c), a, b, c, oldMarks[i]);
                }
            }
        }
    }

    private static int hash(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }
}
