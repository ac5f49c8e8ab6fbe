package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
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

    /**
     * The packed form of 1 to {@link PageListing#MAX_VERSIONS} versions: {@link #unpack}'s inverse.
     */
    static byte[] pack(List<DisclosedVersion> versions) {
        return pack(PageListing.text(versions));
    }

    /**
     * The packed form of a listing's canonical text, as a draft holds it. Read from the text in
     * place rather than through {@link PageListing#read}, which makes and checks a string of every
     * field: this runs for every page a partner reads, on text the draft has already checked.
     *
     * @throws IllegalArgumentException when {@code listing} is not in the canonical form
     */
    static byte[] pack(String listing) {
        PageListing.Reader t = new PageListing.Reader(listing);
        Out out = new Out(listing.length() / 4 + 16);
        List<String> types = new ArrayList<>();
        long[] time = new long[3];
        long[] halves = new long[2];
        int count = 0;
        t.expect("{\"objects\":[", "the listing must start with {\"objects\":[");
        do {
            if (++count > PageListing.MAX_VERSIONS) {
                throw new IllegalArgumentException(
                        "a listing holds at most " + PageListing.MAX_VERSIONS + " object versions");
            }
            t.version(count);
            String type = t.type();
            boolean uuid = uuidId(t, listing, type, halves);
            boolean packedTime = packedTime(t, listing, time);
            int tlp = tlpCode(t, listing);
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
                out.long8(halves[0]);
                out.long8(halves[1]);
            } else {
                out.string(t.id());
            }
            if (packedTime) {
                out.write((int) time[0]);
                out.varint((time[1] << 1) ^ (time[1] >> 63));
                if (time[0] > 0) {
                    out.varint(time[2]);
                }
            } else {
                out.string(t.versionText());
            }
            if (tlp == TLP_NAMED) {
                out.string(t.tlp());
            }
        } while (t.skip(','));
        t.expect("]}", "the listing must end with ]} after its last object version");
        if (!t.atEnd()) {
            throw new IllegalArgumentException("the listing has text after its end");
        }
        Out packed = new Out(out.size() + 8);
        packed.write(FORMAT);
        packed.varint(count);
        packed.write(out.bytes(), 0, out.size());
        return packed.toByteArray();
    }

    /**
     * The versions a packed listing holds.
     *
     * @throws IllegalArgumentException saying at which byte and why, when {@code packed} is not a
     *     listing this class wrote
     */
    static List<DisclosedVersion> unpack(byte[] packed) {
        List<DisclosedVersion> versions = new ArrayList<>();
        read(
                packed,
                v -> versions.add(new DisclosedVersion(v.objectId(), v.version(), v.type, v.tlp)));
        return versions;
    }

    /**
     * One object version of a packed listing as {@link #read} meets it, its id and timestamp still
     * as numbers where the listing packed them. Good until the next version is read.
     */
    static final class Version {
        String type;

        /** Whether the id is the type, {@code --} and the UUID {@link #high}, {@link #low}. */
        boolean uuidId;

        long high;
        long low;
        private String id;

        /**
         * Whether the timestamp is {@link #second} (since the epoch) and {@link #fraction} of
         * {@link #digits} digits, in the form {@code yyyy-MM-ddTHH:mm:ss[.f]Z}.
         */
        boolean packedTime;

        int digits;
        long second;
        long fraction;
        private String time;
        Tlp tlp;

        String objectId() {
            return uuidId ? uuid(type, high, low) : id;
        }

        String version() {
            return packedTime ? formatTime(digits, second, fraction) : time;
        }
    }

    /**
     * Reads a packed listing version by version, checked as a {@link DisclosedVersion} would be,
     * without writing out the ids and timestamps it packed: the exchange report counts millions of
     * versions as numbers (docs/benchmarks.md, "Session 32").
     *
     * @throws IllegalArgumentException saying at which byte and why, when {@code packed} is not a
     *     listing this class wrote
     */
    static void read(byte[] packed, Consumer<Version> each) {
        In in = new In(packed);
        int format = in.read();
        if (format != FORMAT) {
            throw in.damage("its form is " + format + ", not " + FORMAT);
        }
        long count = in.varint();
        if (count < 1 || count > PageListing.MAX_VERSIONS) {
            throw in.damage("it counts " + count + " object versions");
        }
        List<String> types = new ArrayList<>();
        Version v = new Version();
        for (int n = 0; n < count; n++) {
            int flags = in.read();
            if ((flags & 0xE0) != 0) {
                throw in.damage("object version " + (n + 1) + " has flags " + flags);
            }
            long index = in.varint();
            if (index == types.size()) {
                String type = in.string();
                check(in, n, () -> EntryText.required("type", type, 250));
                types.add(type);
                v.type = type;
            } else if (index < types.size()) {
                v.type = types.get((int) index);
            } else {
                throw in.damage("object version " + (n + 1) + " names type " + index);
            }
            v.uuidId = (flags & UUID_ID) != 0;
            if (v.uuidId) {
                v.high = in.long8();
                v.low = in.long8();
            } else {
                String id = in.string();
                String type = v.type;
                check(
                        in,
                        n,
                        () -> {
                            EntryText.required("objectId", id, 300);
                            if (!id.startsWith(type) || !id.startsWith("--", type.length())) {
                                throw new IllegalArgumentException(
                                        "objectId '" + id + "' is not of type '" + type + "'");
                            }
                        });
                v.id = id;
            }
            v.packedTime = (flags & PACKED_TIME) != 0;
            if (v.packedTime) {
                v.digits = in.read();
                long z = in.varint();
                v.second = (z >>> 1) ^ -(z & 1);
                v.fraction = v.digits > 0 ? in.varint() : 0;
                checkTime(in, v.digits, v.second, v.fraction);
            } else {
                String time = in.string();
                check(in, n, () -> EntryText.required("version", time, 40));
                v.time = time;
            }
            int code = (flags >> TLP_SHIFT) & 7;
            if (code < TLPS.length) {
                v.tlp = TLPS[code];
            } else if (code == TLP_NAMED) {
                String name = in.string();
                try {
                    v.tlp = Tlp.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw in.damage("object version " + (n + 1) + " has TLP '" + name + "'");
                }
            } else {
                throw in.damage("object version " + (n + 1) + " has TLP code " + code);
            }
            each.accept(v);
        }
        if (!in.atEnd()) {
            throw in.damage("bytes follow its last object version");
        }
    }

    /**
     * Reads a listing stored as text (PostgreSQL's, docs/adr/0041) version by version, as {@link
     * #read} reads a packed one: an id of its type and a lower-case UUID, and a timestamp in the
     * form {@link #pack} keeps as numbers, are handed on as numbers without their strings being
     * made, and a type the version before had is not made again. Over millions of versions those
     * strings were most of the exchange report's work on PostgreSQL (docs/benchmarks.md, "Session
     * 33").
     *
     * <p>Checked as {@link PageListing#read(String)} checks a listing, refusing what it refuses
     * with the same words: a version in the forms above is one it accepts, and any other is checked
     * by the same code.
     *
     * @throws IllegalArgumentException saying what is wrong when {@code listing} is not a listing
     *     in its canonical form
     */
    static void readText(String listing, Consumer<Version> each) {
        PageListing.Reader t = new PageListing.Reader(listing);
        Version v = new Version();
        long[] time = new long[3];
        long[] halves = new long[2];
        String type = null; // the last type made and found valid
        int n = 0;
        t.expect("{\"objects\":[", "the listing must start with {\"objects\":[");
        do {
            n++;
            t.version(n);
            boolean typeEscaped = t.typeEscaped;
            if (!typeEscaped
                    && (type == null
                            || type.length() != t.typeTo - t.typeFrom
                            || !listing.startsWith(type, t.typeFrom))) {
                type = validType(t.type());
            }
            int tlp = tlpCode(t, listing);
            boolean numbers =
                    !typeEscaped
                            && type != null
                            && tlp != TLP_NAMED
                            && n <= PageListing.MAX_VERSIONS
                            && uuidId(t, listing, type, halves)
                            && packedTime(t, listing, time);
            if (numbers) {
                // the id is the valid type, "--" and a UUID; the timestamp is ASCII of 20 to 30
                // characters: the version is one DisclosedVersion accepts
                v.type = type;
                v.uuidId = true;
                v.high = halves[0];
                v.low = halves[1];
                v.id = null;
                v.packedTime = true;
                v.digits = (int) time[0];
                v.second = time[1];
                v.fraction = time[2];
                v.time = null;
                v.tlp = TLPS[tlp];
            } else {
                DisclosedVersion checked =
                        PageListing.version(n, t.id(), t.versionText(), t.type(), t.tlp());
                v.type = checked.type();
                v.uuidId = false;
                v.id = checked.objectId();
                v.packedTime = false;
                v.time = checked.version();
                v.tlp = checked.tlp();
            }
            each.accept(v);
        } while (t.skip(','));
        PageListing.end(t);
    }

    /**
     * Whether the id of the version {@code t} last passed is {@code type}, {@code --} and a
     * lower-case UUID, whose halves go to {@code halves}.
     */
    private static boolean uuidId(
            PageListing.Reader t, String listing, String type, long[] halves) {
        int from = t.idFrom;
        int typeLength = type.length();
        return !t.idEscaped
                && t.idTo - from == typeLength + 38
                && listing.startsWith(type, from)
                && listing.startsWith("--", from + typeLength)
                && uuid(listing, from + typeLength + 2, halves);
    }

    /**
     * Whether the timestamp of the version {@code t} last passed is in the packed form, its numbers
     * in {@code time} ({@link #parseTime}).
     */
    private static boolean packedTime(PageListing.Reader t, String listing, long[] time) {
        return !t.versionEscaped && parseTime(listing, t.versionFrom, t.versionTo, time);
    }

    /**
     * The code of the TLP of the version {@code t} last passed ({@link #tlpCode(String, int,
     * int)}).
     */
    private static int tlpCode(PageListing.Reader t, String listing) {
        return t.tlpEscaped ? TLP_NAMED : tlpCode(listing, t.tlpFrom, t.tlpTo);
    }

    /** {@code type} if a {@link DisclosedVersion} accepts it as its type, else null. */
    private static String validType(String type) {
        try {
            return EntryText.required("type", type, 250);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Runs a check of object version {@code n}'s fields; its refusal is damage at this byte. */
    private static void check(In in, int n, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw in.damage("object version " + (n + 1) + ": " + e.getMessage());
        }
    }

    /** The code of the TLP named by s[from, to), {@link #TLP_NAMED} for any other name. */
    private static int tlpCode(String s, int from, int to) {
        for (int i = 0; i < TLPS.length; i++) {
            String name = TLPS[i].name();
            if (name.length() == to - from && s.startsWith(name, from)) {
                return i;
            }
        }
        return TLP_NAMED;
    }

    /** The value of each lower-case hex digit by its character, -1 for any other below 128. */
    private static final int[] NIBBLE = new int[128];

    static {
        Arrays.fill(NIBBLE, -1);
        for (int i = 0; i < 16; i++) {
            NIBBLE[HEX[i]] = i;
        }
    }

    /**
     * Reads the 36 characters of {@code s} from {@code at} as a UUID in lower-case hex, 8-4-4-4-12,
     * into {@code uuid} (its high and low halves); false for any other spelling.
     */
    private static boolean uuid(String s, int at, long[] uuid) {
        if (s.charAt(at + 8) != '-'
                || s.charAt(at + 13) != '-'
                || s.charAt(at + 18) != '-'
                || s.charAt(at + 23) != '-') {
            return false;
        }
        long a = hex(s, at, 8);
        long b = hex(s, at + 9, 4);
        long c = hex(s, at + 14, 4);
        long d = hex(s, at + 19, 4);
        long e = hex(s, at + 24, 12);
        if ((a | b | c | d | e) < 0) {
            return false;
        }
        uuid[0] = a << 32 | b << 16 | c;
        uuid[1] = d << 48 | e;
        return true;
    }

    /** The {@code n} (at most 12) lower-case hex digits of s from {@code at}, or -1. */
    private static long hex(String s, int at, int n) {
        long v = 0;
        for (int i = at; i < at + n; i++) {
            char ch = s.charAt(i);
            int x = ch < 128 ? NIBBLE[ch] : -1;
            if (x < 0) {
                return -1;
            }
            v = v << 4 | x;
        }
        return v;
    }

    /** {@code type--} and the UUID of {@code high} and {@code low} in lower-case hex. */
    private static String uuid(String type, long high, long low) {
        int at = type.length() + 2;
        char[] c = new char[at + 36];
        type.getChars(0, type.length(), c, 0);
        c[at - 2] = '-';
        c[at - 1] = '-';
        hex(c, at, high >>> 32, 8);
        c[at + 8] = '-';
        hex(c, at + 9, high >>> 16, 4);
        c[at + 13] = '-';
        hex(c, at + 14, high, 4);
        c[at + 18] = '-';
        hex(c, at + 19, low >>> 48, 4);
        c[at + 23] = '-';
        hex(c, at + 24, low, 12);
        return new String(c);
    }

    /** Writes the low {@code n} hex digits of {@code v} into c from {@code at}. */
    private static void hex(char[] c, int at, long v, int n) {
        for (int i = at + n - 1; i >= at; i--) {
            c[i] = HEX[(int) v & 15];
            v >>>= 4;
        }
    }

    /**
     * Reads s[from, to) as "yyyy-MM-ddTHH:mm:ss[.f]Z" (1 to 9 digits of fraction) into {digits,
     * epoch second, fraction}; false for any other spelling, which is then kept as its string.
     */
    private static boolean parseTime(String s, int from, int to, long[] time) {
        int n = to - from;
        if (n < 20 || s.charAt(to - 1) != 'Z') {
            return false;
        }
        int digits = n == 20 ? 0 : n - 21;
        if (n > 20 && (digits < 1 || digits > 9 || s.charAt(from + 19) != '.')) {
            return false;
        }
        if (s.charAt(from + 4) != '-'
                || s.charAt(from + 7) != '-'
                || s.charAt(from + 10) != 'T'
                || s.charAt(from + 13) != ':'
                || s.charAt(from + 16) != ':') {
            return false;
        }
        int year = digits(s, from, from + 4);
        int month = digits(s, from + 5, from + 7);
        int day = digits(s, from + 8, from + 10);
        int hour = digits(s, from + 11, from + 13);
        int minute = digits(s, from + 14, from + 16);
        int second = digits(s, from + 17, from + 19);
        int fraction = digits == 0 ? 0 : digits(s, from + 20, from + 20 + digits);
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

    /** The first and last second of the years 0000 to 9999, the years the form writes. */
    private static final long FIRST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;

    private static final long LAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400 - 1;

    /** Refuses a packed timestamp that {@link #formatTime} could not write in its form. */
    private static void checkTime(In in, int digits, long second, long fraction) {
        if (digits < 0 || digits > 9) {
            throw in.damage("a timestamp has " + digits + " digits of fraction");
        }
        long limit = 1;
        for (int i = 0; i < digits; i++) {
            limit *= 10;
        }
        if (second < FIRST_SECOND || second > LAST_SECOND || fraction < 0 || fraction >= limit) {
            throw in.damage("a timestamp is out of range");
        }
    }

    /** The text of a timestamp {@link #checkTime} accepted. */
    private static String formatTime(int digits, long second, long fraction) {
        char[] c = new char[TIME_CHARS];
        date(c, Math.floorDiv(second, 86_400));
        return new String(c, 0, timeOfDay(c, digits, second, fraction));
    }

    /** The most characters a timestamp of the form takes: nine digits of fraction. */
    private static final int TIME_CHARS = 30;

    /** Writes {@code yyyy-MM-ddT} of the day {@code epochDay} into c[0, 11). */
    private static void date(char[] c, long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        put(c, 0, date.getYear(), 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
    }

    /** Writes {@code HH:mm:ss[.f]Z} into c from 11; the timestamp's length. */
    private static int timeOfDay(char[] c, int digits, long second, long fraction) {
        long inDay = Math.floorMod(second, 86_400);
        put(c, 11, inDay / 3_600, 2);
        c[13] = ':';
        put(c, 14, inDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, inDay % 60, 2);
        int n = digits == 0 ? 20 : 21 + digits;
        if (digits > 0) {
            c[19] = '.';
            put(c, 20, fraction, digits);
        }
        c[n - 1] = 'Z';
        return n;
    }

    /**
     * The canonical text of a packed listing in UTF-8: byte for byte {@code
     * PageListing.text(unpack(packed)).getBytes(UTF_8)}, written from the packed numbers without a
     * string per id and timestamp. Verification hashes this text for every packed page entry
     * (docs/benchmarks.md, "Session 32").
     *
     * @throws IllegalArgumentException as {@link #unpack} does
     */
    static byte[] text(byte[] packed) {
        Out out = new Out(packed.length * 6 + 32);
        text(packed, out);
        return out.toByteArray();
    }

    /**
     * {@link #text(byte[])} into {@code out}, emptied first: a reader of many listings keeps one
     * buffer instead of allocating and clearing one of 130 kB for each.
     */
    static void text(byte[] packed, Out out) {
        out.clear();
        out.reserve(16);
        out.ascii("{\"objects\":[");
        read(packed, new TextWriter(out));
        out.reserve(16);
        out.ascii("]}");
    }

    /**
     * The most bytes one version's text takes: its id (300 characters), version (40) and type (250,
     * twice) escaped, three bytes a character, and the names and punctuation around them.
     */
    private static final int MOST_TEXT_BYTES = 2 * 3 * (300 + 40 + 2 * 250) + 64;

    /** Writes each version of {@link #text}, as {@code PageListing.text} writes it. */
    private static final class TextWriter implements Consumer<Version> {
        private static final byte[] FIRST_ID = ascii("{\"id\":\"");
        private static final byte[] NEXT_ID = ascii(",{\"id\":\"");
        private static final byte[] VERSION = ascii("\",\"version\":\"");

        /** Each TLP's name and the version's end, by the enum's ordinal. */
        private static final byte[][] TLP_END = new byte[Tlp.values().length][];

        static {
            for (Tlp tlp : Tlp.values()) {
                TLP_END[tlp.ordinal()] = ascii(tlp.name() + "\"}");
            }
        }

        private final Out out;
        private final char[] time = new char[TIME_CHARS];
        private boolean first = true;
        private String type;

        /** The type as the text quotes it, then {@code --}: the start of a UUID id. */
        private byte[] typeDashes;

        /** The type's field, from the version's closing quote to the TLP's opening one. */
        private byte[] typeField;

        private long day = Long.MIN_VALUE;

        TextWriter(Out out) {
            this.out = out;
        }

        @Override
        public void accept(Version v) {
            out.reserve(MOST_TEXT_BYTES);
            out.put(first ? FIRST_ID : NEXT_ID);
            first = false;
            if (!v.type.equals(type)) {
                type = v.type;
                String quoted = PageListing.escaped(type);
                typeDashes = (quoted + "--").getBytes(StandardCharsets.UTF_8);
                typeField =
                        ("\",\"type\":\"" + quoted + "\",\"tlp\":\"")
                                .getBytes(StandardCharsets.UTF_8);
            }
            if (v.uuidId) {
                out.put(typeDashes);
                out.hex(v.high >>> 32, 8);
                out.put('-');
                out.hex(v.high >>> 16, 4);
                out.put('-');
                out.hex(v.high, 4);
                out.put('-');
                out.hex(v.low >>> 48, 4);
                out.put('-');
                out.hex(v.low, 12);
            } else {
                out.put(PageListing.escaped(v.id).getBytes(StandardCharsets.UTF_8));
            }
            out.put(VERSION);
            if (v.packedTime) {
                long epochDay = Math.floorDiv(v.second, 86_400);
                if (epochDay != day) {
                    date(time, epochDay);
                    day = epochDay;
                }
                int n = timeOfDay(time, v.digits, v.second, v.fraction);
                for (int i = 0; i < n; i++) {
                    out.put(time[i]);
                }
            } else {
                out.put(PageListing.escaped(v.time).getBytes(StandardCharsets.UTF_8));
            }
            out.put(typeField);
            out.put(TLP_END[v.tlp.ordinal()]);
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static void put(char[] c, int at, long v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    /** A growing array of bytes (not {@code ByteArrayOutputStream}, whose every write locks). */
    static final class Out {
        private byte[] b;
        private int n;

        Out(int size) {
            b = new byte[Math.max(16, size)];
        }

        void write(int v) {
            if (n == b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[n++] = (byte) v;
        }

        void write(byte[] bytes, int from, int length) {
            if (n + length > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + length));
            }
            System.arraycopy(bytes, from, b, n, length);
            n += length;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
        }

        void clear() {
            n = 0;
        }

        /**
         * Makes room for {@code bytes} more, which {@link #put}, {@link #ascii} and {@link #hex}
         * then write without checking: the text's writer reserves once a version.
         */
        void reserve(int bytes) {
            if (n + bytes > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + bytes));
            }
        }

        void put(int v) {
            b[n++] = (byte) v;
        }

        void put(byte[] bytes) {
            System.arraycopy(bytes, 0, b, n, bytes.length);
            n += bytes.length;
        }

        /** Characters below 128, a byte each, into reserved room. */
        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                b[n++] = (byte) s.charAt(i);
            }
        }

        /** The low {@code digits} hex digits of {@code v}, lower-case, into reserved room. */
        void hex(long v, int digits) {
            for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
                b[n++] = (byte) HEX[(int) (v >>> shift) & 15];
            }
        }

        void long8(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (v >>> shift));
            }
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            write(bytes, 0, bytes.length);
        }

        int size() {
            return n;
        }

        byte[] bytes() {
            return b;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(b, n);
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
