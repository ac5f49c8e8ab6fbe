package org.entente.stix;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * JSON Canonicalization Scheme (RFC 8785), which STIX 2.1 names for deterministic SCO ids:
 * properties sorted by UTF-16 code units, no white space, minimal string escapes.
 *
 * <p>NB: numbers are written as integers when they are whole and below 2^53, which covers every
 * id-contributing number STIX defines (ports, AS numbers); other numbers fall back to Java's
 * shortest representation, which can differ from ECMAScript's in the exponent notation.
 */
final class Jcs {
    private Jcs() {}

    static String canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            Collections.sort(names);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            string(node.stringValue(), out);
        } else if (node.isNumber()) {
            number(node, out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            out.append("null");
        }
    }

    private static void number(JsonNode node, StringBuilder out) {
        BigDecimal value = node.decimalValue();
        try {
            long whole = value.longValueExact();
            if (Math.abs(whole) < (1L << 53)) {
                out.append(whole);
                return;
            }
        } catch (ArithmeticException notWhole) {
            // fall through
        }
        double d = value.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            out.append(new BigDecimal(d).toPlainString());
        } else {
            out.append(Double.toString(d).replace("E", "e+").replace("e+-", "e-"));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
