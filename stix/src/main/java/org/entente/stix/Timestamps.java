package org.entente.stix;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * STIX and TAXII timestamps: RFC 3339, UTC, with a literal {@code Z}.
 *
 * <p>Parsing is hand-written because it runs for every timestamp of every object on ingest; it
 * accepts exactly {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} and nothing looser (no offsets, no
 * lower-case separators), which is what the STIX 2.1 timestamp type allows.
 */
public final class Timestamps {
    private Timestamps() {}

    /** Why {@code text} is not a STIX timestamp, or {@code null} if it is one. */
    public static String problem(String text) {
        int n = text.length();
        if (n < 20) {
            return "'" + text + "' is not a timestamp: expected the form YYYY-MM-DDTHH:MM:SS[.s]Z";
        }
        if (!digits(text, 0, 4)
                || text.charAt(4) != '-'
                || !digits(text, 5, 7)
                || text.charAt(7) != '-'
                || !digits(text, 8, 10)
                || text.charAt(10) != 'T'
                || !digits(text, 11, 13)
                || text.charAt(13) != ':'
                || !digits(text, 14, 16)
                || text.charAt(16) != ':'
                || !digits(text, 17, 19)) {
            return "'" + text + "' is not a timestamp: expected the form YYYY-MM-DDTHH:MM:SS[.s]Z";
        }
        int i = 19;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                return "'" + text + "' has a '.' with no fraction of a second after it";
            }
        }
        if (i != n - 1 || text.charAt(i) != 'Z') {
            return "'"
                    + text
                    + "' is not in UTC: STIX timestamps must end with 'Z' and carry no offset";
        }
        int month = num(text, 5, 7);
        int day = num(text, 8, 10);
        int hour = num(text, 11, 13);
        int minute = num(text, 14, 16);
        int second = num(text, 17, 19);
        if (month < 1 || month > 12) {
            return "'" + text + "' has month " + month + ", which does not exist";
        }
        try {
            LocalDate.of(num(text, 0, 4), month, day);
        } catch (DateTimeException e) {
            return "'" + text + "' names a day that does not exist";
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return "'" + text + "' has a time of day out of range";
        }
        return null;
    }

    public static boolean isValid(String text) {
        return problem(text) == null;
    }

    /** Number of digits after the decimal point (0 when there is none). */
    public static int fractionDigits(String valid) {
        return valid.charAt(19) == '.' ? valid.length() - 21 : 0;
    }

    /**
     * A fixed-width form with nine fraction digits whose string order is time order: the key under
     * which versions are compared and stored. Digits beyond nanoseconds are dropped.
     */
    public static String sortKey(String valid) {
        StringBuilder key = new StringBuilder(30).append(valid, 0, 19).append('.');
        int digits = fractionDigits(valid);
        for (int k = 0; k < 9; k++) {
            key.append(k < digits ? valid.charAt(20 + k) : '0');
        }
        return key.append('Z').toString();
    }

    /**
     * Compares two valid timestamps by the time they denote, without allocating: the date and time
     * of day compare as text, then the fractions digit by digit (missing digits are zeros).
     */
    public static int compare(String a, String b) {
        for (int i = 0; i < 19; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        int fa = fractionDigits(a);
        int fb = fractionDigits(b);
        for (int k = 0, n = Math.max(fa, fb); k < n; k++) {
            char ca = k < fa ? a.charAt(20 + k) : '0';
            char cb = k < fb ? b.charAt(20 + k) : '0';
            if (ca != cb) {
                return ca - cb;
            }
        }
        return 0;
    }

    public static Instant toInstant(String valid) {
        long epochSecond =
                LocalDate.of(num(valid, 0, 4), num(valid, 5, 7), num(valid, 8, 10)).toEpochDay()
                                * 86_400L
                        + num(valid, 11, 13) * 3_600L
                        + num(valid, 14, 16) * 60L
                        + num(valid, 17, 19);
        int digits = fractionDigits(valid);
        int nanos = 0;
        for (int k = 0; k < 9; k++) {
            nanos = nanos * 10 + (k < digits ? valid.charAt(20 + k) - '0' : 0);
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Microseconds since the epoch, truncating finer digits. */
    public static long toMicros(String valid) {
        Instant instant = toInstant(valid);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** The TAXII timestamp form: always six fraction digits. */
    public static String formatMicros(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        String base = Instant.ofEpochSecond(seconds).toString(); // yyyy-MM-ddTHH:mm:ssZ
        StringBuilder out = new StringBuilder(27).append(base, 0, base.length() - 1).append('.');
        String f = Long.toString(fraction);
        for (int k = f.length(); k < 6; k++) {
            out.append('0');
        }
        return out.append(f).append('Z').toString();
    }

    /** The STIX form of an instant with millisecond precision, as created and modified use. */
    public static String formatMillis(Instant instant) {
        long micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
        String full = formatMicros(micros);
        return full.substring(0, 23) + "Z";
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int num(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }
}
