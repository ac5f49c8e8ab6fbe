package org.entente.pattern;

import java.util.Locale;
import java.util.Map;

/**
 * The spellings that mean the same thing to STIX and that the matcher therefore treats as one, on
 * both sides of every comparison: in the constants of a pattern when it is compiled, and in the
 * values of an observation when it is matched.
 *
 * <ul>
 *   <li><b>Hash algorithm names.</b> The keys of a {@code hashes} dictionary name the algorithm;
 *       the STIX 2.1 hash-algorithm vocabulary spells them {@code MD5}, {@code SHA-1}, {@code
 *       SHA-256}, {@code SHA-512}, {@code SHA3-256}, {@code SHA3-512}, {@code SSDEEP}, {@code
 *       TLSH}. Feeds write {@code SHA256}, {@code sha256}, {@code sha_256}...: any key that is one
 *       of these names once case, {@code -} and {@code _} are ignored is read as the vocabulary's
 *       spelling. Other keys (custom {@code x_} algorithms) are left as they are.
 *   <li><b>Hex case of hash values.</b> The values of the hex algorithms (all but SSDEEP, whose
 *       digest is base64 and so case-sensitive) are octets written in hexadecimal: the OASIS
 *       schemas accept {@code [a-fA-F0-9]}, and {@code AB} and {@code ab} are the same octet. They
 *       compare in lower case.
 *   <li><b>Domain names.</b> DNS names are case-insensitive (RFC 1034, RFC 4343), and a trailing
 *       dot only says the name is absolute: {@code domain-name:value} compares in lower case
 *       without one trailing dot.
 * </ul>
 *
 * Nothing else is folded: URL paths, file names, e-mail local parts are case-sensitive.
 */
final class Normalise {
    private Normalise() {}

    /** How a path's values are folded before they are compared. */
    enum Fold {
        NONE,
        HEX,
        DOMAIN;

        /** The folded form of {@code s}; the same instance when nothing changes. */
        String apply(String s) {
            switch (this) {
                case HEX:
                    return lowerHex(s);
                case DOMAIN:
                    {
                        String d = lower(s);
                        return d.length() > 1 && d.endsWith(".")
                                ? d.substring(0, d.length() - 1)
                                : d;
                    }
                default:
                    return s;
            }
        }
    }

    private static final Map<String, String> ALGORITHMS =
            Map.of(
                    "MD5", "MD5",
                    "SHA1", "SHA-1",
                    "SHA256", "SHA-256",
                    "SHA512", "SHA-512",
                    "SHA3256", "SHA3-256",
                    "SHA3512", "SHA3-512",
                    "SSDEEP", "SSDEEP",
                    "TLSH", "TLSH");

    private static final java.util.Set<String> SPELLED = java.util.Set.copyOf(ALGORITHMS.values());

    /** The vocabulary's spelling of a hash algorithm name, or {@code key} if it is none of them. */
    static String hashAlgorithm(String key) {
        if (key.length() > 10 || SPELLED.contains(key)) {
            return key; // the common case, looked up for every hashes key of every event
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '-' && c != '_') {
                b.append(Character.toUpperCase(c));
            }
        }
        String canonical = ALGORITHMS.get(b.toString());
        return canonical == null ? key : canonical;
    }

    /** Whether values of this (canonical) algorithm are hexadecimal octets. */
    static boolean hexAlgorithm(String canonical) {
        return ALGORITHMS.containsValue(canonical) && !canonical.equals("SSDEEP");
    }

    /** The hexadecimal digits a value of a hex algorithm has, or -1 when the length varies. */
    static int hexDigits(String canonical) {
        switch (canonical) {
            case "MD5":
                return 32;
            case "SHA-1":
                return 40;
            case "SHA-256":
            case "SHA3-256":
                return 64;
            case "SHA-512":
            case "SHA3-512":
                return 128;
            default:
                return -1;
        }
    }

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A hexadecimal string in lower case, any other string as it is: one pass, and no allocation
     * when it is not hex or already lower case (the common cases: this runs on every hash of every
     * event).
     */
    static String lowerHex(String s) {
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'F') {
                upper = true;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return s;
            }
        }
        return upper ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** Lower case without allocating when there is nothing to change (the common case). */
    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // ASCII first: this runs on every domain name of every event
            if (c < 0x80
                    ? c >= 'A' && c <= 'Z'
                    : Character.isUpperCase(c) || Character.isTitleCase(c)) {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }
}
