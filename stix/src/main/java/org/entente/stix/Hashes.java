package org.entente.stix;

import java.util.Map;

/** The hash-algorithm-ov vocabulary and the form each known algorithm's value takes. */
final class Hashes {
    private Hashes() {}

    private static final Map<String, Integer> HEX_LENGTH =
            Map.of(
                    "MD5", 32,
                    "SHA-1", 40,
                    "SHA-256", 64,
                    "SHA-512", 128,
                    "SHA3-256", 64,
                    "SHA3-512", 128);

    static boolean isKnown(String algorithm) {
        return HEX_LENGTH.containsKey(algorithm)
                || algorithm.equals("SSDEEP")
                || algorithm.equals("TLSH");
    }

    /** Why {@code value} is not a valid hash of {@code algorithm}, or {@code null}. */
    static String problem(String algorithm, String value) {
        Integer length = HEX_LENGTH.get(algorithm);
        if (length != null) {
            if (value.length() != length || !Props.isHex(value)) {
                return "a " + algorithm + " hash must be " + length + " hexadecimal digits";
            }
            return null;
        }
        if (algorithm.equals("SSDEEP")) {
            if (value.isEmpty() || value.length() > 128 || !matches(value, "/+:.")) {
                return "an SSDEEP hash must be 1 to 128 letters, digits or '/+:.'";
            }
        } else if (algorithm.equals("TLSH")) {
            if (value.length() != 70 || !matches(value, "")) {
                return "a TLSH hash must be 70 letters or digits";
            }
        }
        return null;
    }

    private static boolean matches(String value, String extra) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || extra.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
