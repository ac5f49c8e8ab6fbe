package org.entente.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A constant on the right of a comparison (STIX 2.1 section 9.2). {@link #toString()} gives the
 * pattern syntax, so a parsed pattern prints back to an equivalent pattern.
 */
public sealed interface Constant {

    /** A string constant, already unescaped. */
    record StringValue(String value) implements Constant {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return quote(value);
        }
    }

    /** An integer constant; STIX integers fit in 54 bits. */
    record IntValue(long value) implements Constant {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A floating-point constant, kept exactly as written (compared without rounding). */
    record FloatValue(BigDecimal value) implements Constant {
        public FloatValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FloatValue f && f.value.compareTo(value) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value.doubleValue());
        }

        @Override
        public String toString() {
            String plain = value.toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
    }

    record BoolValue(boolean value) implements Constant {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * Octets from a binary ({@code b'...'}) or hex ({@code h'...'}) constant. Both denote the same
     * kind of value; {@code hex} only records how it was written.
     */
    record BinaryValue(byte[] bytes, boolean hex) implements Constant {
        public BinaryValue {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        byte[] raw() {
            return bytes;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BinaryValue b && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return hex
                    ? "h'" + HexFormat.of().formatHex(bytes) + "'"
                    : "b'" + Base64.getEncoder().encodeToString(bytes) + "'";
        }
    }

    /** A timestamp constant ({@code t'...'}); {@code text} is the STIX timestamp as written. */
    record TimestampValue(Instant value, String text) implements Constant {
        public TimestampValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TimestampValue t && t.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }

        @Override
        public String toString() {
            return "t'" + text + "'";
        }
    }

    /** The list of constants after {@code IN}; its items share one kind. */
    record SetValue(List<Constant> items) implements Constant {
        public SetValue {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new IllegalArgumentException("items: a set constant needs at least one item");
            }
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(items.get(i));
            }
            return out.append(')').toString();
        }
    }

    /** A string constant in pattern syntax: apostrophes, with {@code '} and {@code \} escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('\'').toString();
    }
}
