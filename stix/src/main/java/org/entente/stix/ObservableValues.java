package org.entente.stix;

import tools.jackson.databind.JsonNode;

/**
 * The forms STIX 2.1 requires of observable values (section 6): IPv4 and IPv6 addresses or CIDR
 * blocks, lower-case MAC-48 addresses, domain names, e-mail addresses and URLs. Hand-written
 * because they run for every observable on ingest. Values of objects marked {@code defanged} are
 * exempt, since defanging ({@code example[.]com}) deliberately breaks the form.
 */
final class ObservableValues {
    private ObservableValues() {}

    interface Form {
        /** Why {@code text} does not have the form, or {@code null} if it does. */
        String problem(String text);
    }

    static final PropertyType IPV4 = value(ObservableValues::ipv4Problem);
    static final PropertyType IPV6 = value(ObservableValues::ipv6Problem);
    static final PropertyType MAC = value(ObservableValues::macProblem);
    static final PropertyType DOMAIN = value(ObservableValues::domainProblem);
    static final PropertyType EMAIL = value(ObservableValues::emailProblem);
    static final PropertyType URL = value(ObservableValues::urlProblem);

    private static PropertyType value(Form form) {
        return (value, path, check) -> {
            if (!value.isString()) {
                check.error(path, "must be a string, not " + Props.describe(value));
                return;
            }
            if (isDefanged(check.object)) {
                return;
            }
            String problem = form.problem(value.stringValue());
            if (problem != null) {
                check.error(path, problem);
            }
        };
    }

    private static boolean isDefanged(JsonNode object) {
        JsonNode defanged = object.get("defanged");
        return defanged != null && defanged.isBoolean() && defanged.booleanValue();
    }

    static String ipv4Problem(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isIpv4(address)) {
            return "'" + text + "' is not an IPv4 address or CIDR block such as 198.51.100.0/24";
        }
        if (slash >= 0 && !isPrefixLength(text.substring(slash + 1), 32)) {
            return "'" + text + "' has a CIDR prefix length that is not 0 to 32";
        }
        return null;
    }

    static String ipv6Problem(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isIpv6(address)) {
            return "'" + text + "' is not an IPv6 address or CIDR block such as 2001:db8::/32";
        }
        if (slash >= 0 && !isPrefixLength(text.substring(slash + 1), 128)) {
            return "'" + text + "' has a CIDR prefix length that is not 0 to 128";
        }
        return null;
    }

    static String macProblem(String text) {
        boolean ok = text.length() == 17;
        for (int i = 0; ok && i < 17; i++) {
            char c = text.charAt(i);
            ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        return ok
                ? null
                : "'"
                        + text
                        + "' is not a MAC-48 address in the form STIX requires: six lower-case"
                        + " hex octets separated by colons, e.g. 00:00:ab:cd:ef:01";
    }

    /**
     * RFC 1034 names whose labels follow RFC 5890: labels of 1 to 63 letters, digits, hyphens (not
     * first or last) and underscores (common in service names), at most 253 characters. Letters and
     * digits outside ASCII are allowed as in internationalised labels.
     */
    static String domainProblem(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.length() > 253) {
            return "'" + text + "' is not a domain name: it must be 1 to 253 characters long";
        }
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '.') {
                int length = i - start;
                if (length == 0 || length > 63) {
                    return "'"
                            + text
                            + "' is not a domain name: each label must be 1 to 63 characters";
                }
                if (name.charAt(start) == '-' || name.charAt(i - 1) == '-') {
                    return "'"
                            + text
                            + "' is not a domain name: a label must not start or end with a"
                            + " hyphen";
                }
                start = i + 1;
            } else {
                char c = name.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                    return "'"
                            + text
                            + "' is not a domain name: '"
                            + c
                            + "' may not appear in a label";
                }
            }
        }
        return null;
    }

    /** An addr-spec (RFC 5322 section 3.4): local part, {@code @}, domain; no display name. */
    static String emailProblem(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            return "'" + text + "' is not an e-mail address such as jane.smith@example.com";
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        boolean quoted = local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"");
        if (!quoted) {
            for (int i = 0; i < local.length(); i++) {
                char c = local.charAt(i);
                if (c <= ' ' || "<>()[]\\,;:@\"".indexOf(c) >= 0) {
                    return "'"
                            + text
                            + "' is not an e-mail address: it must be the bare address, without"
                            + " a display name or angle brackets";
                }
            }
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return null; // a domain literal such as [192.0.2.1]
        }
        return domainProblem(domain) == null
                ? null
                : "'" + text + "' is not an e-mail address: '" + domain + "' is not a domain";
    }

    static String urlProblem(String text) {
        return Props.urlProblem(text);
    }

    private static boolean isPrefixLength(String digits, int max) {
        if (digits.isEmpty() || digits.length() > 3) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max && (digits.length() == 1 || digits.charAt(0) != '0');
    }

    static boolean isIpv4(String text) {
        int n = text.length();
        int octets = 0;
        int i = 0;
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            octets++;
            if (i == n) {
                return octets == 4;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }

    static boolean isIpv6(String text) {
        int n = text.length();
        if (n < 2) {
            return false;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        int i = 0;
        if (doubleColon == 0) {
            i = 2;
            if (i == n) {
                return true; // "::"
            }
        }
        while (i < n) {
            int start = i;
            while (i < n && isHexDigit(text.charAt(i))) {
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                // an embedded IPv4 address ends the address and counts as two groups
                if (!isIpv4(text.substring(start))) {
                    return false;
                }
                groups += 2;
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            if (i == doubleColon) {
                i += 2;
                if (i == n) {
                    break;
                }
            } else {
                i++;
                if (i == n) {
                    return false; // a single trailing colon
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
