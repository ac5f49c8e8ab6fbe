package org.entente.pattern;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * How one JSON value reached by a path compares with one constant (section 9.6): equality and order
 * across the STIX types, binary properties compared by their octets, addresses by their network,
 * strings in code point order. Kept apart from {@link Condition}, which says which comparison an
 * expression asks for, because these rules are the same for every operator.
 */
final class ValueComparison {
    /** What {@link #order} returns when the value and the constant cannot be compared. */
    static final int INCOMPATIBLE = Integer.MIN_VALUE;

    private ValueComparison() {}

    /**
     * The text a LIKE or MATCHES sees: the string, or for a binary property its octets as
     * ISO-8859-1 characters (so that \xNN in a regex matches octet NN).
     */
    static String text(JsonNode value, PathRef path) {
        if (!value.isString()) {
            return null;
        }
        if (!path.binary) {
            return value.stringValue();
        }
        byte[] bytes = decode(value.stringValue(), path);
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** 1 equal, 0 not equal, -1 incompatible. */
    static int equal(JsonNode value, JsonNode owner, Operand o, PathRef path, boolean ipValue) {
        if (ipValue && o.net != null && value.isString() && isIpObject(owner)) {
            Ip.Net v = Ip.parse(value.stringValue());
            if (v != null) {
                return v.equals(o.net) ? 1 : 0;
            }
        }
        if (o.constant instanceof Constant.BoolValue b) {
            return value.isBoolean() ? (value.booleanValue() == b.value() ? 1 : 0) : -1;
        }
        int c = order(value, o, path);
        return c == INCOMPATIBLE ? -1 : c == 0 ? 1 : 0;
    }

    private static boolean isIpObject(JsonNode owner) {
        JsonNode type = owner.get("type");
        if (type == null || !type.isString()) {
            return false;
        }
        String t = type.stringValue();
        return t.equals("ipv4-addr") || t.equals("ipv6-addr");
    }

    /** Sign of value - constant, or {@link #INCOMPATIBLE}. */
    static int order(JsonNode value, Operand o, PathRef path) {
        Constant c = o.constant;
        if (value.isString()) {
            String s = value.stringValue();
            if (path.binary) {
                byte[] bytes = decode(s, path);
                byte[] other = o.bytes;
                if (bytes == null || other == null) {
                    return INCOMPATIBLE;
                }
                return Integer.signum(Arrays.compareUnsigned(bytes, other));
            }
            if (c instanceof Constant.StringValue str) {
                return Integer.signum(codePointCompare(s, str.value()));
            }
            if (c instanceof Constant.TimestampValue t) {
                if (!org.entente.stix.Timestamps.isValid(s)) {
                    return INCOMPATIBLE;
                }
                return Integer.signum(
                        org.entente.stix.Timestamps.toInstant(s).compareTo(t.value()));
            }
            if (c instanceof Constant.BinaryValue b) {
                byte[] bytes = latin1(s);
                return bytes == null
                        ? INCOMPATIBLE
                        : Integer.signum(Arrays.compareUnsigned(bytes, b.raw()));
            }
            return INCOMPATIBLE;
        }
        if (value.isNumber()) {
            if (c instanceof Constant.IntValue i) {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return Long.compare(value.longValue(), i.value());
                }
                return value.decimalValue().compareTo(BigDecimal.valueOf(i.value()));
            }
            if (c instanceof Constant.FloatValue f) {
                return Integer.signum(value.decimalValue().compareTo(f.value()));
            }
            return INCOMPATIBLE;
        }
        return INCOMPATIBLE;
    }

    private static byte[] decode(String s, PathRef path) {
        if (path.hex) {
            return hexBytes(s);
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The octets of a string whose code points are all below U+0100 (section 9.6.4), or null. */
    static byte[] latin1(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private static byte[] hexBytes(String s) {
        if (s.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** Code point order (section 9.6.2), which differs from UTF-16 order above the BMP. */
    private static int codePointCompare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
