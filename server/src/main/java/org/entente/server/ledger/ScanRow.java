package org.entente.server.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry as {@link LedgerDao#scanSql} returns it, its fields located in place in the arrays the
 * driver returned: no strings are made. Verification reads every entry of the ledger, so one
 * instance per range is re-pointed at each row instead of a {@link LedgerEntry} being built.
 */
final class ScanRow {
    static final int KIND = 0;
    static final int PRINCIPAL = 1;
    static final int ORG = 2;
    static final int AGREEMENT = 3;
    static final int AREA = 4;
    static final int RULE = 5;
    static final int OBJECT_ID = 6;
    static final int OBJECT_VERSION = 7;
    static final int OBJECT_TYPE = 8;
    static final int TLP = 9;
    static final int DETAIL = 10;
    static final int PREV_HASH = 11;
    static final int HASH = 12;
    static final int ORG_PREV_HASH = 13;
    static final int ORG_HASH = 14;
    private static final int FIELDS = 15;

    /** The mask bit set when the optional field is NULL, in {@link LedgerDao#scanSql}. */
    private static final int[] NULL_BIT = {0, 0, 0, 1, 2, 0, 4, 8, 16, 32, 64, 0, 0, 0, 0};

    /** Where each field's bytes are: one joined array (SQLite) or one array each. */
    final byte[][] src = new byte[FIELDS][];

    final int[] off = new int[FIELDS];

    /**
     * The text of the row's packed listing, written again for each row: {@link #src} points into it
     * until the next row is read. It grows to the largest listing of the range; a range without one
     * never grows it.
     */
    private final PackedListing.Out listing = new PackedListing.Out(0);

    final int[] len = new int[FIELDS];
    long seq;
    long at;
    long orgSeq;

    /** The four hashes at the end of a joined row: a separator and 64 hex digits each. */
    private static final int TAIL = 4 * 65;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SEPS = ONES * LedgerDao.SEP;

    /**
     * Locates the fields of a joined row (SQLite); returns what is wrong if the row is not as the
     * ledger writes it. A tenth of verification's time went here, so the hashes are found at their
     * fixed places from the end and the other fields eight bytes at a time.
     */
    String parse(byte[] bytes) {
        if (bytes == null) {
            return "it is empty";
        }
        Arrays.fill(src, bytes);
        int p = 0;
        // seq, at, org_seq, mask: decimal numbers
        long mask = 0;
        for (int n = 0; n < 4; n++) {
            int start = p;
            long v = 0;
            boolean negative = p < bytes.length && bytes[p] == '-';
            if (negative) {
                p++;
            }
            while (p < bytes.length && bytes[p] != LedgerDao.SEP) {
                int d = bytes[p] - '0';
                if (d < 0 || d > 9 || p - start > 19) {
                    return "a number holds '" + text(bytes, start, p + 1) + "'";
                }
                v = v * 10 + d;
                p++;
            }
            if (p >= bytes.length || p == start) {
                return "a field is missing";
            }
            p++;
            v = negative ? -v : v;
            switch (n) {
                case 0 -> seq = v;
                case 1 -> at = v;
                case 2 -> orgSeq = v;
                default -> mask = v;
            }
        }
        if (mask < 0 || mask > 127) {
            return "its NULL mask is " + mask;
        }
        // A row that does not end in four separated 64-character hashes (one of another
        // length, a separator inside one) takes the general path and is reported there.
        int t = bytes.length - TAIL;
        boolean tail =
                t >= p
                        && bytes[t] == LedgerDao.SEP
                        && bytes[t + 65] == LedgerDao.SEP
                        && bytes[t + 130] == LedgerDao.SEP
                        && bytes[t + 195] == LedgerDao.SEP;
        int fields = tail ? PREV_HASH : FIELDS;
        int limit = tail ? t : bytes.length;
        for (int f = 0; f < fields; f++) {
            if (NULL_BIT[f] != 0 && (mask & NULL_BIT[f]) != 0) {
                len[f] = -1;
                continue;
            }
            if (p > limit) {
                return "a required field is empty or a field is missing";
            }
            int sep = indexOfSep(bytes, p, limit);
            off[f] = p;
            len[f] = sep - p;
            p = sep + 1; // past the separator, or past the limit after the last field
        }
        if (p <= limit) {
            return "a field holds a control character the ledger never writes";
        }
        if (tail) {
            for (int f = PREV_HASH; f < FIELDS; f++) {
                off[f] = t + 1 + (f - PREV_HASH) * 65;
                len[f] = 64;
            }
            return null;
        }
        for (int f = PREV_HASH; f < FIELDS; f++) {
            if (len[f] != 64) {
                return "a hash is not 64 characters long";
            }
        }
        return null;
    }

    /**
     * The first separator in b[from, to), or {@code to}. Eight bytes at a time: a byte of {@code w
     * ^ SEPS} is zero where a separator is, and the lowest such byte is the lowest set high bit of
     * {@code (x - ONES) & ~x & HIGHS}.
     */
    static int indexOfSep(byte[] b, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long x = (long) LONGS.get(b, p) ^ SEPS;
            long zero = (x - ONES) & ~x & HIGHS;
            if (zero != 0) {
                return p + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
            p += 8;
        }
        while (p < to && b[p] != LedgerDao.SEP) {
            p++;
        }
        return p;
    }

    /**
     * Reads an entry from separate columns ({@link LedgerDao#scanSql} on PostgreSQL): seq, at and
     * org_seq, then the fields in their order, NULL for absent ones.
     */
    String read(java.sql.ResultSet rs) throws java.sql.SQLException {
        seq = rs.getLong(1);
        at = rs.getLong(2);
        orgSeq = rs.getLong(3);
        for (int f = 0; f < FIELDS; f++) {
            byte[] b = rs.getBytes(4 + f);
            src[f] = b;
            off[f] = 0;
            if (b == null) {
                if (NULL_BIT[f] == 0) {
                    return "a required field is empty";
                }
                len[f] = -1;
            } else {
                len[f] = b.length;
            }
        }
        for (int f = PREV_HASH; f < FIELDS; f++) {
            if (len[f] != 64) {
                return "a hash is not 64 characters long";
            }
        }
        return null;
    }

    /**
     * Takes the row's packed listing ({@code listing}, the column after the fields; docs/adr/0041)
     * as its {@code detail}, in the text it packs; returns what is wrong if the row holds both, or
     * a listing that cannot be read. Nothing to do when {@code packed} is null.
     */
    String unpack(byte[] packed) {
        if (packed == null) {
            return null;
        }
        if (len[DETAIL] >= 0) {
            return "it holds its listing both as text and packed";
        }
        try {
            PackedListing.text(packed, listing);
            src[DETAIL] = listing.bytes();
            off[DETAIL] = 0;
            len[DETAIL] = listing.size();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    void str(Hashing.Encoder e, int field) {
        e.str(src[field], off[field], len[field]);
    }

    void opt(Hashing.Encoder e, int field) {
        if (len[field] < 0) {
            e.absent();
        } else {
            e.present(src[field], off[field], len[field]);
        }
    }

    boolean matches(int field, byte[] hex) {
        return equalsField(field, hex, 0, 64);
    }

    boolean equalsField(int field, byte[] other, int otherOff, int otherLen) {
        return len[field] == otherLen
                && Arrays.equals(
                        src[field],
                        off[field],
                        off[field] + len[field],
                        other,
                        otherOff,
                        otherOff + otherLen);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.min(to, b.length) - from, StandardCharsets.UTF_8);
    }
}
