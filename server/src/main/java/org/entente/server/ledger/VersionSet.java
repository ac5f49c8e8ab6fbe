package org.entente.server.ledger;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A set of object versions (id and version text) for counting distinct versions in the exchange
 * report, at about 50 bytes a version where a set of strings takes about 160: a report over the
 * millions of versions partners were given holds one such set per group.
 *
 * <p>Exact: a version whose id is {@code <type>--<uuid>} in lower-case canonical form and whose
 * version is {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with at most six fraction digits, from 1970 on, is
 * kept as three numbers from which its text can be written back (the UUID's 128 bits; the time in
 * microseconds with the number of fraction digits written and the type's index), so two versions
 * are equal as numbers exactly when their texts are equal. Any other text is kept as text.
 */
final class VersionSet {
    private static final int MICROS_BITS = 52;
    private static final int DIGITS_BITS = 3;
    private static final int TYPE_BITS = 63 - MICROS_BITS - DIGITS_BITS;

    private final Map<String, Integer> types = new HashMap<>();
    private final Set<String> others = new HashSet<>();
    private long[] keys = new long[3 * 16];
    private boolean[] used = new boolean[16];
    private int packed;

    /** Adds a version; whether it was not in the set. */
    boolean add(String objectId, String version) {
        int dashes = objectId.indexOf("--");
        int at = dashes + 2;
        long third =
                dashes > 0 && objectId.length() == at + 36 && canonical(objectId, at)
                        ? third(objectId.substring(0, dashes), version)
                        : -1;
        if (third < 0) {
            return others.add(objectId + ' ' + version);
        }
        long high =
                hex(objectId, at, 8) << 32
                        | hex(objectId, at + 9, 4) << 16
                        | hex(objectId, at + 14, 4);
        long low = hex(objectId, at + 19, 4) << 48 | hex(objectId, at + 24, 12);
        return put(high, low, third);
    }

    int size() {
        return packed + others.size();
    }

    /**
     * The version's time in microseconds, its fraction's length and the type's index as one number;
     * -1 if the version is not in the one form kept as numbers.
     */
    private long third(String type, String version) {
        int n = version.length();
        int digits = n - 21;
        boolean shaped =
                (n == 20 || digits >= 1 && digits <= 6 && version.charAt(19) == '.')
                        && version.charAt(4) == '-'
                        && version.charAt(7) == '-'
                        && version.charAt(10) == 'T'
                        && version.charAt(13) == ':'
                        && version.charAt(16) == ':'
                        && version.charAt(17) < '6'
                        && version.charAt(n - 1) == 'Z';
        if (!shaped) {
            return -1;
        }
        Instant t;
        try {
            t = Instant.parse(version);
        } catch (DateTimeException e) {
            return -1;
        }
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        if (t.getEpochSecond() < 0 || micros >= 1L << MICROS_BITS) {
            return -1;
        }
        Integer index = types.get(type);
        if (index == null) {
            if (types.size() == 1 << TYPE_BITS) {
                return -1;
            }
            index = types.size();
            types.put(type, index);
        }
        return ((long) index << (MICROS_BITS + DIGITS_BITS))
                | ((long) Math.max(digits, 0) << MICROS_BITS)
                | micros;
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

    private boolean put(long a, long b, long c) {
        if (2 * (packed + 1) > used.length) {
            grow();
        }
        int mask = used.length - 1;
        for (int i = slot(a, b, c) & mask; ; i = (i + 1) & mask) {
            if (!used[i]) {
                used[i] = true;
                keys[3 * i] = a;
                keys[3 * i + 1] = b;
                keys[3 * i + 2] = c;
                packed++;
                return true;
            }
            if (keys[3 * i] == a && keys[3 * i + 1] == b && keys[3 * i + 2] == c) {
                return false;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        used = new boolean[oldUsed.length * 2];
        packed = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[3 * i], oldKeys[3 * i + 1], oldKeys[3 * i + 2]);
            }
        }
    }

    private static int slot(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }
}
