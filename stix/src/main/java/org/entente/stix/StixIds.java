package org.entente.stix;

import java.util.Locale;

/** The grammar of STIX type names and identifiers ({@code <type>--<uuid>}). */
public final class StixIds {
    private StixIds() {}

    /** Why {@code type} is not a valid STIX type name, or {@code null} if it is one. */
    public static String typeProblem(String type) {
        int n = type.length();
        if (n < 3 || n > 250) {
            return "type '" + type + "' must be 3 to 250 characters long";
        }
        char first = type.charAt(0);
        if (first < 'a' || first > 'z') {
            return "type '" + type + "' must start with a lower-case letter";
        }
        for (int i = 0; i < n; i++) {
            char c = type.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return "type '"
                        + type
                        + "' may only contain lower-case letters, digits and hyphens";
            }
            if (c == '-' && i + 1 < n && type.charAt(i + 1) == '-') {
                return "type '" + type + "' must not contain '--'";
            }
        }
        if (type.charAt(n - 1) == '-') {
            return "type '" + type + "' must not end with a hyphen";
        }
        return null;
    }

    /** The type part of an identifier, or {@code null} if it has no {@code --}. */
    public static String typeOf(String id) {
        int sep = id.indexOf("--");
        return sep <= 0 ? null : id.substring(0, sep);
    }

    /**
     * Why {@code id} is not a STIX identifier, or {@code null} if it is one. The UUID part must be
     * an RFC 4122 UUID (versions 1 to 5, variant 10xx), as the OASIS schemas require, written in
     * lower case as RFC 4122 writes it (the schemas also let upper case through).
     */
    public static String idProblem(String id) {
        if (isWellFormed(id)) {
            return null; // the common case, checked without allocating
        }
        int sep = id.indexOf("--");
        if (sep <= 0) {
            return "'" + id + "' is not a STIX identifier: expected <type>--<uuid>";
        }
        String typeProblem = typeProblem(id.substring(0, sep));
        if (typeProblem != null) {
            return "'" + id + "' is not a STIX identifier: " + typeProblem;
        }
        String lower = id.substring(0, sep + 2) + id.substring(sep + 2).toLowerCase(Locale.ROOT);
        if (!lower.equals(id) && isWellFormed(lower)) {
            // NB: RFC 4122 writes UUIDs in lower case, and ids are compared exactly: accepting
            // another spelling would store a second object under the same UUID and let the
            // standard TLP ids be spelled so as not to be recognised.
            return "'"
                    + id
                    + "' is not a STIX identifier: its UUID must be written in lower case (RFC"
                    + " 4122), as in "
                    + lower;
        }
        return "'"
                + id
                + "' is not a STIX identifier: '"
                + id.substring(sep + 2)
                + "' is not an RFC 4122 UUID";
    }

    /** True when {@code id} is an identifier whose type part is exactly {@code type}. */
    public static boolean hasType(String id, String type) {
        int n = type.length();
        return id.length() > n + 1
                && id.startsWith(type)
                && id.charAt(n) == '-'
                && id.charAt(n + 1) == '-';
    }

    private static boolean isWellFormed(String id) {
        int sep = id.indexOf("--");
        if (sep < 3 || sep > 250 || id.length() != sep + 38 || id.charAt(sep - 1) == '-') {
            return false;
        }
        char first = id.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < sep; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return isUuid(id, sep + 2);
    }

    public static boolean isId(String id) {
        return idProblem(id) == null;
    }

    static boolean isUuid(String s) {
        return s.length() == 36 && isUuid(s, 0);
    }

    /**
     * The 36 characters of {@code s} from {@code at} are an RFC 4122 UUID (versions 1 to 5) in
     * lower case.
     */
    private static boolean isUuid(String s, int at) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(at + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (c >= 128 || !HEX[c]) {
                return false;
            }
        }
        char version = s.charAt(at + 14);
        char variant = s.charAt(at + 19);
        return version >= '1'
                && version <= '5'
                && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
    }

    private static final boolean[] HEX = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            HEX[c] = true;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX[c] = true;
        }
    }
}
