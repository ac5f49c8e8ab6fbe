package org.entente.server.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.entente.stix.Tlp;

/**
 * The {@code detail} of a page entry: the object versions it carried, as one canonical JSON text
 * (docs/ledger.md, "Page entries"):
 *
 * <pre>
 * {"objects":[{"id":"indicator--…","version":"2026-…Z","type":"indicator","tlp":"AMBER"},…]}
 * </pre>
 *
 * <p>Exactly these names in this order, no whitespace, strings escaped only where JSON requires
 * ({@code "} and {@code \}; the ledger refuses control characters). One text per list, so that the
 * hash over {@code detail} pins every listed version, and a partner who parses the listing with any
 * JSON library reads the same versions the node hashed.
 */
public final class PageListing {
    /**
     * The most versions one entry lists: a page larger than this is recorded in several entries, so
     * that a listing stays well under the 1 MiB limit of {@code detail} whatever its ids.
     */
    public static final int MAX_VERSIONS = 1000;

    /**
     * The listing this thread has just written, until a draft takes it ({@link #justWritten}): a
     * page entry is drafted on every page a partner reads, and parsing back 140 kB that {@link
     * #write} made a moment ago from checked versions would only find it canonical again. Held by
     * identity, so no other text passes for it, and dropped when taken, so no thread keeps one.
     */
    private static final ThreadLocal<String> WRITTEN = new ThreadLocal<>();

    private PageListing() {}

    /**
     * Whether {@code detail} is the very text {@link #write} returned last on this thread (and so
     * canonical by construction); forgets it either way.
     */
    static boolean justWritten(String detail) {
        String written = WRITTEN.get();
        WRITTEN.remove();
        return written == detail;
    }

    /**
     * The canonical text of a listing of 1 to {@link #MAX_VERSIONS} versions, for an entry about to
     * be drafted.
     */
    public static String write(List<DisclosedVersion> versions) {
        String listing = text(versions);
        WRITTEN.set(listing);
        return listing;
    }

    /**
     * The canonical text of a listing, as {@link #write} makes it but for a listing read back (a
     * packed one, {@link PackedListing}): no draft will take it.
     */
    static String text(List<DisclosedVersion> versions) {
        if (versions.isEmpty() || versions.size() > MAX_VERSIONS) {
            throw new IllegalArgumentException(
                    "a page entry lists 1 to "
                            + MAX_VERSIONS
                            + " object versions, not "
                            + versions.size());
        }
        StringBuilder b = new StringBuilder(versions.size() * 140 + 16);
        b.append("{\"objects\":[");
        for (int i = 0; i < versions.size(); i++) {
            DisclosedVersion v = versions.get(i);
            b.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            quote(b, v.objectId());
            b.append(",\"version\":");
            quote(b, v.version());
            b.append(",\"type\":");
            quote(b, v.type());
            b.append(",\"tlp\":\"").append(v.tlp().name()).append("\"}");
        }
        return b.append("]}").toString();
    }

    /**
     * The versions a listing holds.
     *
     * <p>Read by hand rather than by a JSON library: the canonical form has one spelling, so a
     * single pass that accepts exactly it is both the parse and the check of canonical form, and it
     * runs for every page a partner reads (a listing is validated when its entry is drafted). Any
     * JSON library reads the same strings from it: the only escapes are {@code \"} and {@code \\}.
     *
     * @throws IllegalArgumentException saying what is wrong when {@code detail} is not a listing in
     *     its canonical form
     */
    public static List<DisclosedVersion> read(String detail) {
        Reader r = new Reader(detail);
        r.expect("{\"objects\":[", "the listing must start with {\"objects\":[");
        List<DisclosedVersion> versions = new ArrayList<>();
        do {
            int n = versions.size() + 1;
            r.version(n);
            versions.add(version(n, r.id(), r.versionText(), r.type(), r.tlp()));
        } while (r.skip(','));
        end(r);
        return versions;
    }

    /**
     * Object version {@code n} of a listing read as text, checked as a {@link DisclosedVersion}
     * (also {@link PackedListing#readText}'s check).
     */
    static DisclosedVersion version(int n, String id, String version, String type, String tlp) {
        Tlp level;
        try {
            level = Tlp.valueOf(tlp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "object version " + n + " has an unknown tlp '" + tlp + "'", e);
        }
        DisclosedVersion v;
        try {
            v = new DisclosedVersion(id, version, type, level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("object version " + n + ": " + e.getMessage(), e);
        }
        if (n > MAX_VERSIONS) {
            throw new IllegalArgumentException(
                    "a page entry lists at most " + MAX_VERSIONS + " object versions");
        }
        return v;
    }

    /** Reads a listing's end, after its last object version, and refuses anything after it. */
    static void end(Reader r) {
        r.expect("]}", "the listing must end with ]} after its last object version");
        if (!r.atEnd()) {
            throw new IllegalArgumentException("the listing has text after its end");
        }
    }

    /**
     * The versions a page entry's row lists, stored as text in {@code detail} or packed in {@code
     * listing} (SQLite, docs/adr/0041); the row must also have {@code seq}.
     *
     * @throws IllegalStateException naming the entry, when the row holds no listing, both forms, or
     *     one that cannot be read: it was changed behind the ledger's back
     */
    public static List<DisclosedVersion> listed(ResultSet rs) throws SQLException {
        byte[] packed = rs.getBytes("listing");
        String detail = rs.getString("detail");
        long seq = rs.getLong("seq");
        return packed != null
                ? unpacked(seq, detail, packed)
                : fromText(seq, detail, () -> read(detail));
    }

    /**
     * What {@code read} makes of entry {@code seq}'s listing stored as text, the entry named when
     * its row holds no listing or one that cannot be read.
     */
    private static <T> T fromText(long seq, String detail, Supplier<T> read) {
        if (detail == null) {
            throw new IllegalStateException("ledger entry " + seq + " has no listing");
        }
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ledger entry " + seq + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands each version the row's listing holds to {@code each}, without writing out the ids and
     * timestamps a packed listing holds as numbers ({@link PackedListing#read}) or making those
     * strings of a text listing ({@link PackedListing#readText}); checked as {@link
     * #listed(ResultSet)} checks them.
     */
    static void listed(ResultSet rs, Consumer<PackedListing.Version> each) throws SQLException {
        byte[] packed = rs.getBytes("listing");
        String detail = rs.getString("detail");
        long seq = rs.getLong("seq");
        if (packed != null) {
            fromPacked(
                    seq,
                    detail,
                    () -> {
                        PackedListing.read(packed, each);
                        return null;
                    });
            return;
        }
        fromText(
                seq,
                detail,
                () -> {
                    PackedListing.readText(detail, each);
                    return null;
                });
    }

    /**
     * The canonical text of entry {@code seq}'s packed listing, for an entry about to be read back
     * ({@link #write}'s, so the entry takes it without parsing it again); its {@code detail} must
     * be NULL.
     */
    static String unpackedText(long seq, String detail, byte[] packed) {
        String listing =
                fromPacked(
                        seq,
                        detail,
                        () -> new String(PackedListing.text(packed), StandardCharsets.UTF_8));
        WRITTEN.set(listing);
        return listing;
    }

    /** The versions of entry {@code seq}'s packed listing; its {@code detail} must be NULL. */
    static List<DisclosedVersion> unpacked(long seq, String detail, byte[] packed) {
        return fromPacked(seq, detail, () -> PackedListing.unpack(packed));
    }

    /**
     * What {@code read} makes of entry {@code seq}'s packed listing, the entry named when its row
     * also holds a {@code detail} or the listing cannot be read.
     */
    private static <T> T fromPacked(long seq, String detail, Supplier<T> read) {
        if (detail != null) {
            throw new IllegalStateException(
                    "ledger entry " + seq + " holds its listing both as text and packed");
        }
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ledger entry " + seq + ": " + e.getMessage(), e);
        }
    }

    /**
     * A cursor over a listing that accepts its canonical spelling only (also {@link
     * PackedListing#pack(String)}'s).
     */
    static final class Reader {
        private final String s;
        private int p;

        /** Whether the string {@link #pass} last passed holds an escape. */
        private boolean escaped;

        Reader(String s) {
            this.s = java.util.Objects.requireNonNull(s, "detail");
        }

        void expect(String literal, String message) {
            if (!s.startsWith(literal, p)) {
                throw new IllegalArgumentException(
                        "the listing is not in its canonical form: " + message);
            }
            p += literal.length();
        }

        void expect(String literal, int n, String what) {
            if (!s.startsWith(literal, p)) {
                throw new IllegalArgumentException(
                        "the listing is not in its canonical form: object version "
                                + n
                                + " must have "
                                + what
                                + " at character "
                                + p
                                + " (names in order, no whitespace)");
            }
            p += literal.length();
        }

        boolean skip(char c) {
            if (p < s.length() && s.charAt(p) == c) {
                p++;
                return true;
            }
            return false;
        }

        /**
         * Where each string of the object version {@link #version} last passed starts and ends, and
         * whether it holds an escape. Fields, not arrays: this runs for every version of every page
         * a partner reads, and arrays made packing a listing 5 to 8 % slower (docs/benchmarks.md,
         * "Session 33").
         */
        int idFrom;

        int idTo;
        boolean idEscaped;
        int versionFrom;
        int versionTo;
        boolean versionEscaped;
        int typeFrom;
        int typeTo;
        boolean typeEscaped;
        int tlpFrom;
        int tlpTo;
        boolean tlpEscaped;

        /**
         * Passes object version {@code n}: its four strings in their one order and its end, noting
         * where each string is without making it.
         */
        void version(int n) {
            expect("{\"id\":\"", n, "id");
            idFrom = p;
            idTo = pass(n);
            idEscaped = escaped;
            expect(",\"version\":\"", n, "version");
            versionFrom = p;
            versionTo = pass(n);
            versionEscaped = escaped;
            expect(",\"type\":\"", n, "type");
            typeFrom = p;
            typeTo = pass(n);
            typeEscaped = escaped;
            expect(",\"tlp\":\"", n, "tlp");
            tlpFrom = p;
            tlpTo = pass(n);
            tlpEscaped = escaped;
            expect("}", n, "its end");
        }

        /** The strings the fields of the version last passed stand for. */
        String id() {
            return value(idFrom, idTo, idEscaped);
        }

        String versionText() {
            return value(versionFrom, versionTo, versionEscaped);
        }

        String type() {
            return value(typeFrom, typeTo, typeEscaped);
        }

        String tlp() {
            return value(tlpFrom, tlpTo, tlpEscaped);
        }

        /**
         * Passes the rest of a string whose opening quote was read and its closing quote, checking
         * it as {@link #string} does without making it; returns where the string ends, and sets
         * {@link #escaped}.
         */
        private int pass(int n) {
            escaped = false;
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == '"') {
                    return p++;
                }
                if (c == '\\') {
                    char next = p + 1 < s.length() ? s.charAt(p + 1) : 0;
                    if (next != '"' && next != '\\') {
                        throw new IllegalArgumentException(
                                "object version "
                                        + n
                                        + ": only \\\" and \\\\ are escaped in a listing"
                                        + " (character "
                                        + p
                                        + ")");
                    }
                    escaped = true;
                    p += 2;
                    continue;
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException(
                            "object version " + n + ": a control character at character " + p);
                }
                p++;
            }
            throw new IllegalArgumentException("object version " + n + ": a string is not closed");
        }

        /** The string s[from, to) stands for, its escapes undone when {@code escaped}. */
        private String value(int from, int to, boolean escaped) {
            if (!escaped) {
                return s.substring(from, to);
            }
            StringBuilder out = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                out.append(c == '\\' ? s.charAt(++i) : c);
            }
            return out.toString();
        }

        boolean atEnd() {
            return p == s.length();
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"').append(escaped(s)).append('"');
    }

    /**
     * A string as the listing quotes it: a backslash before each {@code "} and each backslash, the
     * only escapes of its canonical form.
     */
    static String escaped(String s) {
        if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) {
            return s; // ids, timestamps and types: nothing to escape
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
