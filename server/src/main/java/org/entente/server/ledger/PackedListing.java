package org.entente.server.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.entente.stix.Tlp;

/**
 * A page entry's listing as SQLite stores it (docs/adr/0041): the same versions as the canonical
 * text of {@link PageListing}, in about a fifth of its bytes. The text is what the entry's hash
 * covers and what every reader gets; this is only its form on disk, read back into exactly that
 * text ({@link PageListing#text}).
 *
 * <pre>
 * listing  = FORMAT, count (varint), version * count
 * version  = flags (byte), type, id, modified
 * flags    = bit 0: the id is its type, "--" and a UUID in lower-case hex (16 bytes follow);
 *            bit 1: modified is a timestamp in the form below; bits 2-4: the TLP (TLPS), 7 for
 *            its name as a string; bits 5-7 zero
 * type     = index (varint) into the types met so far in this listing; the next index is a new
 *            type, its string following
 * modified = digits of the fraction (byte, 0-9), the epoch second (zigzag varint), the fraction
 *            (varint, when digits > 0): "yyyy-MM-ddTHH:mm:ss[.f]Z", the year 0000-9999
 * string   = length in bytes (varint), UTF-8
 * </pre>
 *
 * <p>A random UUID is 16 bytes here against 36 characters in the text, a timestamp 8 against 24,
 * and the names and punctuation repeated in every version of the text are gone. An id or timestamp
 * spelled any other way is kept as its string, so every listing packs, and packs back to the same
 * text.
 */
final class PackedListing {
    /** The first byte: the form of what follows, so that another can be added beside it. */
    static final int FORMAT = 1;

    private static final int UUID_ID = 1;
    private static final int PACKED_TIME = 2;
    private static final int TLP_SHIFT = 2;
    private static final int TLP_NAMED = 7;

    /** The TLP codes, by name rather than by the enum's order, which is not a stored format. */
    private static final Tlp[] TLPS = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED};

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PackedListing() {}

    /** The packed form of 1 to {@link PageListing#MAX_VERSIONS} versions. */
    static byte[] pack(List<DisclosedVersion> versions) {
        if (versions.isEmpty() || versions.size() > PageListing.MAX_VERSIONS) {
            throw new IllegalArgumentException(
                    "a listing holds 1 to "
                            + PageListing.MAX_VERSIONS
                            + " object versions, not "
                            + versions.size());
        }
        Out out = new Out(versions.size() * 28 + 8);
        out.write(FORMAT);
        out.varint(versions.size());
        List<String> types = new ArrayList<>();
        long[] time = new long[3];
        for (DisclosedVersion v : versions) {
            String type = v.type();
            String id = v.objectId();
            boolean uuid = isUuid(id, type.length() + 2);
            boolean packedTime = parseTime(v.version(), time);
            int tlp = tlpCode(v.tlp());
            out.write((uuid ? UUID_ID : 0) | (packedTime ? PACKED_TIME : 0) | tlp << TLP_SHIFT);
            int index = types.indexOf(type);
            if (index < 0) {
                out.varint(types.size());
                out.string(type);
                types.add(type);
            } else {
                out.varint(index);
            }
            if (uuid) {
                uuid(id, type.length() + 2, out);
            } else {
                out.string(id);
            }
            if (packedTime) {
                out.write((int) time[0]);
                out.varint((time[1] << 1) ^ (time[1] >> 63));
                if (time[0] > 0) {
                    out.varint(time[2]);
                }
            } else {
                out.string(v.version());
            }
            if (tlp == TLP_NAMED) {
                out.string(v.tlp().name());
            }
        }
        return out.toByteArray();
    }

    /**
     * The versions a packed listing holds.
     *
     * @throws IllegalArgumentException saying at which byte and why, when {@code packed} is not a
     *     listing this class wrote
     */
    static List<DisclosedVersion> unpack(byte[] packed) {
        In in = new In(packed);
        int format = in.read();
        if (format != FORMAT) {
            throw in.damage("its form is " + format + ", not " + FORMAT);
        }
        long count = in.varint();
        if (count < 1 || count > PageListing.MAX_VERSIONS) {
            throw in.damage("it counts " + count + " object versions");
        }
        List<DisclosedVersion> versions = new ArrayList<>((int) count);
        List<String> types = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int flags = in.read();
            if ((flags & 0xE0) != 0) {
                throw in.damage("object version " + (n + 1) + " has flags " + flags);
            }
            long index = in.varint();
            String type;
            if (index == types.size()) {
                type = in.string();
                types.add(type);
            } else if (index < types.size()) {
                type = types.get((int) index);
            } else {
                throw in.damage("object version " + (n + 1) + " names type " + index);
            }
            String id;
            if ((flags & UUID_ID) != 0) {
                id = uuid(type, in.long8(), in.long8());
            } else {
                id = in.string();
            }
            String version;
            if ((flags & PACKED_TIME) != 0) {
                int digits = in.read();
                long z = in.varint();
                long second = (z >>> 1) ^ -(z & 1);
                long fraction = digits > 0 ? in.varint() : 0;
                version = formatTime(in, digits, second, fraction);
            } else {
                version = in.string();
            }
            int code = (flags >> TLP_SHIFT) & 7;
            Tlp tlp;
            if (code < TLPS.length) {
                tlp = TLPS[code];
            } else if (code == TLP_NAMED) {
                String name = in.string();
                try {
                    tlp = Tlp.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw in.damage("object version " + (n + 1) + " has TLP '" + name + "'");
                }
            } else {
                throw in.damage("object version " + (n + 1) + " has TLP code " + code);
            }
            try {
                versions.add(new DisclosedVersion(id, version, type, tlp));
            } catch (IllegalArgumentException e) {
                throw in.damage("object version " + (n + 1) + ": " + e.getMessage());
            }
        }
        if (!in.atEnd()) {
            throw in.damage("bytes follow its last object version");
        }
        return versions;
    }

    private static int tlpCode(Tlp tlp) {
        for (int i = 0; i < TLPS.length; i++) {
            if (TLPS[i] == tlp) {
                return i;
            }
        }
        return TLP_NAMED;
    }

    /** Whether {@code id} from {@code at} on is exactly a UUID in lower-case hex, 8-4-4-4-12. */
    private static boolean isUuid(String id, int at) {
        if (id.length() != at + 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(at + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean dash(int i) {
        return i == 8 || i == 13 || i == 18 || i == 23;
    }

    /** Writes the UUID that {@code id} spells from {@code at} on as two 8-byte numbers. */
    private static void uuid(String id, int at, Out out) {
        long high = 0;
        long low = 0;
        for (int i = 0, d = 0; i < 36; i++) {
            if (dash(i)) {
                continue;
            }
            char c = id.charAt(at + i);
            int x = c <= '9' ? c - '0' : c - 'a' + 10;
            if (d++ < 16) {
                high = high << 4 | x;
            } else {
                low = low << 4 | x;
            }
        }
        out.long8(high);
        out.long8(low);
    }

    /** {@code type--} and the UUID of {@code high} and {@code low} in lower-case hex. */
    private static String uuid(String type, long high, long low) {
        char[] c = new char[type.length() + 38];
        type.getChars(0, type.length(), c, 0);
        int at = type.length();
        c[at++] = '-';
        c[at++] = '-';
        for (int i = 0, d = 0; i < 36; i++) {
            if (dash(i)) {
                c[at + i] = '-';
                continue;
            }
            long word = d < 16 ? high : low;
            c[at + i] = HEX[(int) (word >>> (60 - 4 * (d++ % 16))) & 15];
        }
        return new String(c);
    }

    /**
     * Reads "yyyy-MM-ddTHH:mm:ss[.f]Z" (1 to 9 digits of fraction) into {digits, epoch second,
     * fraction}; false for any other spelling, which is then kept as its string.
     */
    private static boolean parseTime(String s, long[] time) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z') {
            return false;
        }
        int digits = n == 20 ? 0 : n - 21;
        if (n > 20 && (digits < 1 || digits > 9 || s.charAt(19) != '.')) {
            return false;
        }
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int fraction = digits == 0 ? 0 : digits(s, 20, 20 + digits);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || fraction < 0) {
            return false;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return false;
        }
        time[0] = digits;
        time[1] = epochDay * 86_400 + hour * 3_600L + minute * 60L + second;
        time[2] = fraction;
        return true;
    }

    /** The decimal number s[from, to), or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String formatTime(In in, int digits, long second, long fraction) {
        if (digits < 0 || digits > 9) {
            throw in.damage("a timestamp has " + digits + " digits of fraction");
        }
        long limit = 1;
        for (int i = 0; i < digits; i++) {
            limit *= 10;
        }
        long day = Math.floorDiv(second, 86_400);
        long inDay = Math.floorMod(second, 86_400);
        LocalDate date;
        try {
            date = LocalDate.ofEpochDay(day);
        } catch (DateTimeException e) {
            throw in.damage("a timestamp is out of range");
        }
        if (date.getYear() < 0 || date.getYear() > 9999 || fraction < 0 || fraction >= limit) {
            throw in.damage("a timestamp is out of range");
        }
        char[] c = new char[digits == 0 ? 20 : 21 + digits];
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, inDay / 3_600, 2);
        c[13] = ':';
        put(c, 14, inDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, inDay % 60, 2);
        if (digits > 0) {
            c[19] = '.';
            put(c, 20, fraction, digits);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, long v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
        }

        void long8(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (v >>> shift));
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }
    }

    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = java.util.Objects.requireNonNull(b, "packed");
        }

        IllegalArgumentException damage(String what) {
            return new IllegalArgumentException(
                    "the stored listing is damaged at byte " + p + ": " + what);
        }

        int read() {
            if (p >= b.length) {
                throw damage("it ends too early");
            }
            return b[p++] & 0xFF;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = read();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw damage("a number is too long");
        }

        long long8() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | read();
            }
            return v;
        }

        String string() {
            long n = varint();
            if (n < 0 || n > b.length - p) {
                throw damage("a string of " + n + " bytes runs past the end");
            }
            String s = new String(b, p, (int) n, StandardCharsets.UTF_8);
            p += (int) n;
            return s;
        }

        boolean atEnd() {
            return p == b.length;
        }
    }
}
