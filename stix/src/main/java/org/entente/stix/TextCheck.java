package org.entente.stix;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Checks JSON bytes for text the node must not take in, before or while a parser reads them:
 * anything that is not well-formed UTF-8 (overlong forms, encoded surrogates, code points above
 * U+10FFFF, truncated sequences, stray continuation bytes), escapes of lone surrogates, NUL
 * (PostgreSQL text cannot hold it), and Unicode noncharacters, which I-JSON (RFC 7493 section 2.1)
 * rules out. Jackson lets most of these through, some of them decoded into other characters.
 *
 * <p>One instance follows one input from its first byte, fed in chunks of any size: a sequence or
 * an escape may span chunks. The common case, ASCII that is neither NUL nor a backslash, is checked
 * eight bytes at a time; it runs on the ingest hot path (see StixValidationBenchmark). Not
 * thread-safe.
 */
final class TextCheck {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private static final int TEXT = 0;
    private static final int SEQUENCE = 1; // inside a multi-byte UTF-8 sequence
    private static final int ESCAPE = 2; // after a backslash
    private static final int HEX = 3; // inside the four digits of a \\u escape
    private static final int LOW_BACKSLASH = 4; // after a high surrogate escape: expects '\\'
    private static final int LOW_U = 5; // then 'u'

    private int state = TEXT;

    /** Offset of the first byte of the next chunk from the start of the input. */
    private long base;

    private int need;
    private int lead;
    private int codePoint;
    private int min;
    private long sequenceStart;

    private long escapeStart;
    private int hexLeft;
    private int hex;
    private final char[] digits = new char[4];
    private int high = -1;
    private long highStart;
    private String highText;

    /** Checks {@code len} more bytes of the input; throws at the first problem. */
    void check(byte[] bytes, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (state == TEXT) {
                // eight bytes at a time while none is non-ASCII, NUL or a backslash: a byte has
                // its high bit set in (v - 0x01..) & ~v only if it is zero (or follows a zero
                // byte, which is then caught by the byte loop), likewise for v ^ '\\'
                while (i + 8 <= end) {
                    long v = (long) LONGS.get(bytes, i);
                    long x = v ^ BACKSLASHES;
                    long t = ((v - ONES) & ~v) | ((x - ONES) & ~x) | v;
                    if ((t & HIGH_BITS) != 0) {
                        break;
                    }
                    i += 8;
                }
                while (i < end) {
                    byte b = bytes[i];
                    // NB: bytes are signed, so this is "ASCII, not NUL, not a backslash"
                    if (b > 0 && b != '\\') {
                        i++;
                    } else {
                        break;
                    }
                }
                if (i == end) {
                    break;
                }
            }
            step(bytes[i] & 0xFF, base + (i - off));
            i++;
        }
        base += len;
    }

    /** The input has ended: a sequence or a surrogate pair must not be left open. */
    void finish() {
        if (state == SEQUENCE) {
            throw fail(
                    sequenceStart,
                    "invalid UTF-8 (the input ends inside a sequence: " + truncated() + ")");
        }
        if (high >= 0) {
            throw loneHigh();
        }
    }

    /** Checks a whole input held in memory. */
    static void checkAll(byte[] bytes) {
        TextCheck check = new TextCheck();
        check.check(bytes, 0, bytes.length);
        check.finish();
    }

    private void step(int b, long at) {
        switch (state) {
            case TEXT -> text(b, at);
            case SEQUENCE -> {
                if ((b & 0xC0) != 0x80) {
                    throw fail(
                            sequenceStart,
                            "invalid UTF-8 (truncated sequence: " + truncated() + ")");
                }
                codePoint = (codePoint << 6) | (b & 0x3F);
                if (--need == 0) {
                    state = TEXT;
                    decoded();
                }
            }
            case ESCAPE -> {
                if (b == 'u') {
                    state = HEX;
                    hexLeft = 4;
                    hex = 0;
                } else {
                    // any other escape is one character; a wrong one is the parser's to report
                    state = TEXT;
                    if (b >= 0x80 || b == 0) {
                        text(b, at);
                    }
                }
            }
            case HEX -> {
                int digit = Character.digit(b, 16);
                if (b >= 0x80 || digit < 0) {
                    // not an escape after all: the parser reports it
                    state = TEXT;
                    if (high >= 0) {
                        throw loneHigh();
                    }
                    text(b, at);
                    return;
                }
                digits[4 - hexLeft] = (char) b;
                hex = (hex << 4) | digit;
                if (--hexLeft == 0) {
                    state = TEXT;
                    escaped();
                }
            }
            case LOW_BACKSLASH -> {
                if (b != '\\') {
                    throw loneHigh();
                }
                escapeStart = at;
                state = LOW_U;
            }
            case LOW_U -> {
                if (b != 'u') {
                    throw loneHigh();
                }
                state = HEX;
                hexLeft = 4;
                hex = 0;
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    private void text(int b, long at) {
        if (b == 0) {
            throw fail(
                    at,
                    "NUL (U+0000) is not allowed in STIX text"
                            + (at < 4
                                    ? " (is this UTF-16 or UTF-32? STIX content must be UTF-8)"
                                    : ""));
        }
        if (b == '\\') {
            state = ESCAPE;
            escapeStart = at;
            return;
        }
        if (b < 0x80) {
            return;
        }
        sequenceStart = at;
        lead = b;
        if (b < 0xC0) {
            throw fail(
                    at, "invalid UTF-8 (continuation byte " + hexByte(b) + " without a lead byte)");
        } else if (b < 0xE0) {
            need = 1;
            codePoint = b & 0x1F;
            min = 0x80;
        } else if (b < 0xF0) {
            need = 2;
            codePoint = b & 0x0F;
            min = 0x800;
        } else if (b < 0xF8) {
            need = 3;
            codePoint = b & 0x07;
            min = 0x10000;
        } else {
            throw fail(at, "invalid UTF-8 (byte " + hexByte(b) + " never occurs in UTF-8)");
        }
        state = SEQUENCE;
    }

    /** A whole sequence was read into {@code codePoint}. */
    private void decoded() {
        int c = codePoint;
        if (c < min) {
            throw fail(sequenceStart, "invalid UTF-8 (overlong encoding of " + uPlus(c) + ")");
        }
        if (c > 0x10FFFF) {
            throw fail(
                    sequenceStart, "invalid UTF-8 (code point " + uPlus(c) + " is above U+10FFFF)");
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            throw fail(sequenceStart, "invalid UTF-8 (encoded surrogate " + uPlus(c) + ")");
        }
        if (isNoncharacter(c)) {
            throw noncharacter(sequenceStart, c);
        }
    }

    /** A whole {@code \\uXXXX} escape was read into {@code hex}. */
    private void escaped() {
        int v = hex;
        if (high >= 0) {
            if (v < 0xDC00 || v > 0xDFFF) {
                throw loneHigh();
            }
            int c = 0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00);
            high = -1;
            if (isNoncharacter(c)) {
                throw noncharacter(highStart, c);
            }
            return;
        }
        if (v == 0) {
            throw fail(escapeStart, "NUL (\\u0000) is not allowed in STIX text");
        }
        if (v >= 0xD800 && v <= 0xDBFF) {
            high = v;
            highStart = escapeStart;
            highText = "\\u" + new String(digits);
            state = LOW_BACKSLASH;
            return;
        }
        if (v >= 0xDC00 && v <= 0xDFFF) {
            throw fail(
                    escapeStart,
                    "lone surrogate \\u" + new String(digits) + " (no high surrogate before it)");
        }
        if (isNoncharacter(v)) {
            throw noncharacter(escapeStart, v);
        }
    }

    /** U+FDD0..U+FDEF and the last two code points of every plane (Unicode section 23.7). */
    static boolean isNoncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private String truncated() {
        int continuation = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
        return hexByte(lead)
                + " needs "
                + continuation
                + " continuation byte"
                + (continuation == 1 ? "" : "s");
    }

    private StixParseException loneHigh() {
        return fail(highStart, "lone surrogate " + highText + " (not followed by a low surrogate)");
    }

    private static StixParseException noncharacter(long at, int c) {
        return fail(at, "noncharacter " + uPlus(c) + " is not allowed (I-JSON, RFC 7493)");
    }

    private static StixParseException fail(long at, String what) {
        return new StixParseException("byte " + at + ": " + what, at);
    }

    private static String uPlus(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    private static String hexByte(int b) {
        return String.format(Locale.ROOT, "0x%02X", b);
    }
}
