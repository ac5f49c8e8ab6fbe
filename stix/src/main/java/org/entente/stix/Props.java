package org.entente.stix;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** The STIX 2.1 data types (section 2 of the specification) as property checks. */
final class Props {
    private Props() {}

    static final PropertyType STRING =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a string, not " + describe(value));
                }
            };

    static final PropertyType BOOLEAN =
            (value, path, check) -> {
                if (!value.isBoolean()) {
                    check.error(path, "must be true or false, not " + describe(value));
                }
            };

    /** Largest magnitude a STIX integer may have (section 2.10: signed 54-bit, as I-JSON). */
    static final long MAX_INTEGER = (1L << 53) - 1;

    static final PropertyType INTEGER = integer(-MAX_INTEGER, MAX_INTEGER);

    static final PropertyType NON_NEGATIVE_INTEGER = integer(0, MAX_INTEGER);

    static final PropertyType FLOAT =
            (value, path, check) -> {
                if (!value.isNumber()) {
                    check.error(path, "must be a number, not " + describe(value));
                }
            };

    static final PropertyType TIMESTAMP =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a timestamp string, not " + describe(value));
                    return;
                }
                String problem = Timestamps.problem(value.stringValue());
                if (problem != null) {
                    check.error(path, problem);
                }
            };

    /** Timestamps that STIX requires to be precise to the millisecond (created, modified). */
    static final PropertyType TIMESTAMP_MILLIS =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a timestamp string, not " + describe(value));
                    return;
                }
                String text = value.stringValue();
                String problem = Timestamps.problem(text);
                if (problem != null) {
                    check.error(path, problem);
                } else if (Timestamps.fractionDigits(text) < 3) {
                    check.error(
                            path,
                            "'"
                                    + text
                                    + "' must be precise to the millisecond (at least three"
                                    + " digits after the seconds)");
                }
            };

    /**
     * The created timestamp of a marking definition: section 3.2 asks for millisecond precision as
     * for every object, but the OASIS marking-definition schema (unlike core.json) accepts any
     * timestamp, and published data relies on it; refusing the definition would refuse everything
     * it marks. Less precision is a warning.
     */
    static final PropertyType TIMESTAMP_MILLIS_WARN =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a timestamp string, not " + describe(value));
                    return;
                }
                String text = value.stringValue();
                String problem = Timestamps.problem(text);
                if (problem != null) {
                    check.error(path, problem);
                } else if (Timestamps.fractionDigits(text) < 3) {
                    check.warn(
                            path,
                            "'"
                                    + text
                                    + "' should be precise to the millisecond (section 3.2 asks"
                                    + " for at least three digits after the seconds); accepted"
                                    + " as the OASIS marking-definition schema accepts it");
                }
            };

    /** A timestamp with no fraction of a second (windows-pebinary-ext time_date_stamp). */
    static final PropertyType TIMESTAMP_SECONDS =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a timestamp string, not " + describe(value));
                    return;
                }
                String text = value.stringValue();
                String problem = Timestamps.problem(text);
                if (problem != null) {
                    check.error(path, problem);
                } else if (Timestamps.fractionDigits(text) != 0) {
                    check.error(
                            path, "'" + text + "' must be precise to the second, with no fraction");
                }
            };

    static final PropertyType BINARY =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a base64 string, not " + describe(value));
                } else if (!isBase64(value.stringValue())) {
                    check.error(path, "is not valid base64 (RFC 4648, with padding)");
                }
            };

    static final PropertyType HEX =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a hex string, not " + describe(value));
                } else if (!isHex(value.stringValue())) {
                    check.error(path, "must be an even number of hexadecimal digits");
                } else if (!isLowerCase(value.stringValue())) {
                    // NB: section 2.8 asks for lower-case digits, yet the specification's own
                    // examples (magic_number_hex "504B0304") and the OASIS schemas use upper case.
                    check.warn(path, "hexadecimal digits should be lower case (a-f)");
                }
            };

    static final PropertyType URL =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a URL string, not " + describe(value));
                } else {
                    String problem = urlProblem(value.stringValue());
                    if (problem != null) {
                        check.error(path, problem);
                    }
                }
            };

    /** Any JSON value; used where STIX allows anything (custom content, extension bodies). */
    static final PropertyType ANY = (value, path, check) -> {};

    static final PropertyType DICTIONARY = dictionaryOf(ANY);

    static PropertyType integer(long min, long max) {
        return (value, path, check) -> {
            if (!value.isIntegralNumber()) {
                check.error(path, "must be an integer, not " + describe(value));
                return;
            }
            if (!value.canConvertToLong()) {
                check.error(path, "must be between " + min + " and " + max);
                return;
            }
            long v = value.longValue();
            if (v < min || v > max) {
                check.error(path, "must be between " + min + " and " + max + ", not " + v);
            }
        };
    }

    static PropertyType integerAtLeast(long min) {
        return integer(min, Long.MAX_VALUE);
    }

    static PropertyType number(double min, double max) {
        return (value, path, check) -> {
            if (!value.isNumber()) {
                check.error(path, "must be a number, not " + describe(value));
                return;
            }
            double v = value.doubleValue();
            if (v < min || v > max) {
                check.error(path, "must be between " + min + " and " + max + ", not " + v);
            }
        };
    }

    /** A reference to an object of one of {@code types} (any type when none is given). */
    static PropertyType ref(String... types) {
        if (types.length == 0) {
            return ref(t -> true, "any object");
        }
        String expected = String.join(" or ", types);
        String[] allowed = types.clone();
        return (value, path, check) -> {
            if (!value.isString()) {
                check.error(path, "must be an identifier string, not " + describe(value));
                return;
            }
            String id = value.stringValue();
            String problem = StixIds.idProblem(id);
            if (problem != null) {
                check.error(path, problem);
                return;
            }
            for (String type : allowed) {
                if (StixIds.hasType(id, type)) {
                    return;
                }
            }
            check.error(
                    path,
                    "must refer to "
                            + expected
                            + ", not to an object of type "
                            + StixIds.typeOf(id));
        };
    }

    /** A reference whose target type must satisfy {@code typeOk}, described as {@code expected}. */
    static PropertyType ref(Predicate<String> typeOk, String expected) {
        return (value, path, check) -> {
            if (!value.isString()) {
                check.error(path, "must be an identifier string, not " + describe(value));
                return;
            }
            String id = value.stringValue();
            String problem = StixIds.idProblem(id);
            if (problem != null) {
                check.error(path, problem);
                return;
            }
            String type = StixIds.typeOf(id);
            if (!typeOk.test(type)) {
                check.error(
                        path, "must refer to " + expected + ", not to an object of type " + type);
            }
        };
    }

    /**
     * A custom property named {@code *_ref} or {@code *_refs} is an embedded relationship by the
     * naming rule of section 3.1, so an identifier in it must be a well-formed one (lower case
     * included); a value that is no identifier at all only draws a warning, since the name is a
     * convention the specification asks producers, not consumers, to keep. False when it broke a
     * rule.
     */
    static boolean customReference(String key, JsonNode value, Path at, Check check) {
        if (key.endsWith("_ref")) {
            return customIdentifier(value, at, check, "*_ref");
        }
        if (!value.isArray()) {
            check.warn(at, "a property named *_refs should hold a list of identifiers");
            return true;
        }
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            ok &= customIdentifier(value.get(i), at.index(i), check, "*_refs");
        }
        return ok;
    }

    private static boolean customIdentifier(JsonNode value, Path at, Check check, String kind) {
        String id = value.isString() ? value.stringValue() : null;
        if (id == null || StixIds.typeOf(id) == null) {
            check.warn(at, "a property named " + kind + " should hold an identifier");
            return true;
        }
        String problem = StixIds.idProblem(id);
        if (problem != null) {
            check.error(at, problem);
            return false;
        }
        return true;
    }

    /** A non-empty list whose items are each {@code item}. */
    static PropertyType list(PropertyType item) {
        return (value, path, check) -> {
            if (!value.isArray()) {
                check.error(path, "must be a list, not " + describe(value));
                return;
            }
            if (value.isEmpty()) {
                check.error(path, "must not be an empty list: leave the property out instead");
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isNull()) {
                    check.error(path.index(i), "must not be null");
                } else {
                    item.check(element, path.index(i), check);
                }
            }
        };
    }

    /** A dictionary (STIX 2.1 section 2.6) whose values are each {@code valueType}. */
    static PropertyType dictionaryOf(PropertyType valueType) {
        return (value, path, check) -> {
            if (!value.isObject()) {
                check.error(path, "must be a dictionary (JSON object), not " + describe(value));
                return;
            }
            if (value.isEmpty()) {
                check.error(path, "must not be an empty dictionary: leave the property out");
                return;
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                Path at = path.property(entry.getKey());
                String problem = dictionaryKeyProblem(entry.getKey());
                if (problem != null) {
                    check.error(at, problem);
                    continue;
                }
                if (entry.getValue().isNull()) {
                    check.error(at, "must not be null");
                    continue;
                }
                if (entry.getValue().isArray() && entry.getValue().isEmpty()) {
                    check.error(at, "must not be an empty list");
                    continue;
                }
                valueType.check(entry.getValue(), at, check);
            }
        };
    }

    /** A closed vocabulary (an enumeration): any other value is an error. */
    static PropertyType enumOf(String... values) {
        Set<String> allowed = Set.of(values);
        String listing = String.join(", ", values);
        return (value, path, check) -> {
            if (!value.isString()) {
                check.error(path, "must be a string, not " + describe(value));
            } else if (!allowed.contains(value.stringValue())) {
                check.error(
                        path,
                        "'" + value.stringValue() + "' is not allowed here; use one of " + listing);
            }
        };
    }

    /** An open vocabulary: values outside it are allowed, with a warning naming the vocabulary. */
    static PropertyType openVocab(String vocabulary, String... values) {
        Set<String> suggested = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(values)));
        return (value, path, check) -> {
            if (!value.isString()) {
                check.error(path, "must be a string, not " + describe(value));
            } else if (!suggested.contains(value.stringValue())) {
                check.warn(
                        path,
                        "'"
                                + value.stringValue()
                                + "' is not in the "
                                + vocabulary
                                + " vocabulary");
            }
        };
    }

    /** A list of strings, the commonest STIX property type. */
    static final PropertyType STRING_LIST = list(STRING);

    /** A dictionary whose values are all strings (environment variables, PDF info, ...). */
    static final PropertyType STRING_DICTIONARY = dictionaryOf(STRING);

    /** A dictionary whose values are lists of strings (HTTP and e-mail header fields). */
    static final PropertyType STRING_LIST_DICTIONARY = dictionaryOf(STRING_LIST);

    /** A dictionary whose values are integers or strings (IPFIX elements, EXIF tags). */
    static final PropertyType INTEGER_OR_STRING_DICTIONARY =
            dictionaryOf(
                    (value, path, check) -> {
                        if (value.isString()) {
                            return;
                        }
                        INTEGER.check(value, path, check);
                    });

    /** A language code (RFC 5646), as lang and granular markings use. */
    static final PropertyType LANG =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a language code string, not " + describe(value));
                } else if (!isLanguageTag(value.stringValue())) {
                    check.error(
                            path,
                            "'"
                                    + value.stringValue()
                                    + "' is not an RFC 5646 language code such as en or pt-BR");
                }
            };

    /** A reference to any STIX object (a bundle is not one). */
    static final PropertyType REF_ANY = ref(type -> !type.equals("bundle"), "a STIX object");

    /**
     * A reference to an SDO or SCO, as relationships need: not to an SRO, a bundle or a meta
     * object. Types this library does not know are taken as custom SDOs or SCOs.
     */
    static final PropertyType REF_SDO_OR_SCO =
            ref(
                    type -> isKind(type, TypeSpec.Kind.SDO, TypeSpec.Kind.SCO),
                    "an SDO or SCO (not a relationship, sighting, bundle or meta object)");

    /** A reference to an SDO only (sighting_of_ref). */
    static final PropertyType REF_SDO = ref(type -> isKind(type, TypeSpec.Kind.SDO), "an SDO");

    /** A reference to a cyber-observable object of any type. */
    static final PropertyType REF_SCO =
            ref(type -> isKind(type, TypeSpec.Kind.SCO), "a cyber-observable object");

    /** True when {@code type} is of one of {@code kinds}, or is a custom type (not a bundle). */
    static boolean isKind(String type, TypeSpec.Kind... kinds) {
        if (type.equals("bundle")) {
            return false;
        }
        TypeSpec spec = TypeCatalog.get(type);
        if (spec == null) {
            return true; // a custom type: its kind cannot be known from the id
        }
        for (TypeSpec.Kind kind : kinds) {
            if (spec.kind == kind) {
                return true;
            }
        }
        return false;
    }

    /**
     * A property the common-property table marks "not applicable" for this kind of object: using
     * its name at all is an error, as custom content must not reuse common property names.
     */
    static PropertyType notApplicable(String owner) {
        return (value, path, check) ->
                check.error(
                        path,
                        "is a STIX common property that does not apply to "
                                + owner
                                + " and must not be used");
    }

    static PropertyType object(ObjectSpec spec) {
        return spec::check;
    }

    /** Hashes (STIX 2.1 section 2.7): algorithm names to values, known ones checked by form. */
    static final PropertyType HASHES =
            (value, path, check) -> {
                if (!value.isObject()) {
                    check.error(path, "must be a hashes dictionary, not " + describe(value));
                    return;
                }
                if (value.isEmpty()) {
                    check.error(path, "must not be empty: give at least one hash");
                    return;
                }
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    String algorithm = entry.getKey();
                    Path at = path.property(algorithm);
                    JsonNode hash = entry.getValue();
                    if (!hash.isString()) {
                        check.error(at, "must be a string, not " + describe(hash));
                        continue;
                    }
                    String problem = Hashes.problem(algorithm, hash.stringValue());
                    if (problem != null) {
                        check.error(at, problem);
                    } else if (!Hashes.isKnown(algorithm)) {
                        if (algorithm.length() < 3
                                || algorithm.length() > 250
                                || dictionaryKeyProblem(algorithm) != null) {
                            check.error(
                                    at,
                                    "custom hash names must be 3 to 250 letters, digits, '-' or"
                                            + " '_'");
                        } else {
                            check.warn(
                                    at,
                                    "'"
                                            + algorithm
                                            + "' is not in the hash-algorithm vocabulary (MD5,"
                                            + " SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512,"
                                            + " SSDEEP, TLSH)");
                        }
                    }
                }
            };

    static String dictionaryKeyProblem(String key) {
        if (key.isEmpty() || key.length() > 250) {
            return "dictionary keys must be 1 to 250 characters long";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '_'
                            || c == '-';
            if (!ok) {
                return "dictionary key '"
                        + key
                        + "' may only contain ASCII letters, digits, '_' and '-'";
            }
        }
        return null;
    }

    /** Why {@code name} cannot be a custom property name, or {@code null} if it can. */
    static String customPropertyNameProblem(String name) {
        if (name.length() < 3 || name.length() > 250) {
            return "property name '" + name + "' must be 3 to 250 characters long";
        }
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return "property name '" + name + "' must start with a lower-case letter";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return "property name '"
                        + name
                        + "' may only contain lower-case letters, digits and '_'";
            }
        }
        return null;
    }

    static String describe(JsonNode value) {
        if (value.isString()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isHex(String s) {
        if (s.isEmpty() || (s.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    static boolean isBase64(String s) {
        int n = s.length();
        if (n == 0 || n % 4 != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean alphabet =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '+'
                            || c == '/';
            if (!alphabet) {
                boolean padding =
                        c == '=' && (i == n - 1 || (i == n - 2 && s.charAt(n - 1) == '='));
                if (!padding) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Why {@code s} is not an RFC 3986 URL, or {@code null}: a scheme, no white space. */
    static String urlProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || Character.isISOControl(s.charAt(i))) {
                return "'"
                        + s
                        + "' is not a URL (RFC 3986): it must not contain white space or control"
                        + " characters, not even at either end";
            }
        }
        return looksLikeUrl(s) ? null : "'" + s + "' is not a URL (RFC 3986): expected scheme:...";
    }

    static boolean looksLikeUrl(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (i > 0
                                    && ((c >= '0' && c <= '9')
                                            || c == '+'
                                            || c == '-'
                                            || c == '.'));
            if (!ok) {
                return false;
            }
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }

    /**
     * Well-formedness of an RFC 5646 language tag (section 2.1), case-insensitive as the RFC is: a
     * 2 or 3 letter language with up to three 3-letter extended subtags, then optionally a 4-letter
     * script, a region (2 letters or 3 digits), variants (5 to 8 letters or digits, or a digit and
     * 3 more), extensions (a singleton and subtags of 2 to 8) and a private-use part ({@code x-}
     * and subtags of 1 to 8); or a private-use tag alone, or an {@code i-} tag of the grandfathered
     * kind. Whether the subtags are registered is not checked. NB: 4 to 8 letter primary language
     * subtags, reserved or never assigned, are refused.
     */
    static boolean isLanguageTag(String tag) {
        String[] parts = LANG_SEPARATOR.split(tag, -1);
        int n = parts.length;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 8 || !isAlphanumeric(part)) {
                return false;
            }
        }
        String first = parts[0];
        if (first.length() == 1) {
            char c = Character.toLowerCase(first.charAt(0));
            // private use (x-...) or a grandfathered irregular tag (i-...)
            return (c == 'x' || c == 'i') && n > 1;
        }
        if (first.length() > 3 || !isLetters(first)) {
            return false;
        }
        int i = 1;
        int extlang = 0;
        while (i < n && extlang < 3 && parts[i].length() == 3 && isLetters(parts[i])) {
            i++;
            extlang++;
        }
        if (i < n && parts[i].length() == 4 && isLetters(parts[i])) {
            i++; // script
        }
        if (i < n
                && ((parts[i].length() == 2 && isLetters(parts[i]))
                        || (parts[i].length() == 3 && isDigits(parts[i])))) {
            i++; // region
        }
        while (i < n
                && (parts[i].length() >= 5
                        || (parts[i].length() == 4 && Character.isDigit(parts[i].charAt(0))))) {
            i++; // variants
        }
        while (i < n && parts[i].length() == 1) {
            char singleton = Character.toLowerCase(parts[i].charAt(0));
            int subtags = 0;
            int limit = singleton == 'x' ? 1 : 2;
            i++;
            while (i < n && parts[i].length() >= limit) {
                i++;
                subtags++;
            }
            if (subtags == 0) {
                return false;
            }
            if (singleton == 'x') {
                return i == n; // private use runs to the end
            }
        }
        return i == n;
    }

    private static final java.util.regex.Pattern LANG_SEPARATOR =
            java.util.regex.Pattern.compile("-");

    private static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetters(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isAsciiLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
