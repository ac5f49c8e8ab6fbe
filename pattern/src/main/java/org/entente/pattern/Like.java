package org.entente.pattern;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL {@code LIKE} as section 9.6.1 defines it: {@code %} is any run of characters, {@code _} is
 * exactly one character (a code point), everything else stands for itself; there is no escape
 * character. Both the constant and the value are NFC-normalised first.
 */
final class Like {
    private static final int ANY_ONE = -1;

    /** The pattern between {@code %} signs, as code points with {@link #ANY_ONE} for {@code _}. */
    private final int[][] segments;

    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    Like(String pattern) {
        String nfc = nfc(pattern);
        List<int[]> parts = new ArrayList<>();
        for (String part : nfc.split("%", -1)) {
            parts.add(part.codePoints().map(cp -> cp == '_' ? ANY_ONE : cp).toArray());
        }
        anchoredStart = !nfc.startsWith("%");
        anchoredEnd = !nfc.endsWith("%");
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            // keep the first and last (anchors) even when empty; drop empty middles
            if (parts.get(i).length > 0 || i == 0 || i == parts.size() - 1) {
                kept.add(parts.get(i));
            }
        }
        segments = kept.toArray(new int[0][]);
    }

    boolean matches(String value) {
        String nfc = nfc(value);
        if (hasSurrogates(nfc)) {
            return matches(new CodePoints(nfc.codePoints().toArray()));
        }
        return matches(new Units(nfc));
    }

    /** The value as a sequence of code points. */
    private interface Text {
        int length();

        int at(int i);
    }

    private record Units(String s) implements Text {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public int at(int i) {
            return s.charAt(i);
        }
    }

    private record CodePoints(int[] cps) implements Text {
        @Override
        public int length() {
            return cps.length;
        }

        @Override
        public int at(int i) {
            return cps[i];
        }
    }

    private boolean matches(Text v) {
        int n = v.length();
        if (segments.length == 1) {
            return n == segments[0].length && at(v, 0, segments[0]);
        }
        int from = 0;
        int last = segments.length - 1;
        int[] first = segments[0];
        if (anchoredStart) {
            if (first.length > n || !at(v, 0, first)) {
                return false;
            }
            from = first.length;
        }
        int[] tail = segments[last];
        int end = n;
        if (anchoredEnd) {
            if (tail.length > n - from || !at(v, n - tail.length, tail)) {
                return false;
            }
            end = n - tail.length;
        }
        // the middle segments, leftmost first, between the anchored ends
        for (int s = anchoredStart ? 1 : 0; s <= (anchoredEnd ? last - 1 : last); s++) {
            int[] seg = segments[s];
            int found = -1;
            for (int i = from; i + seg.length <= end; i++) {
                if (at(v, i, seg)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                return false;
            }
            from = found + seg.length;
        }
        return from <= end;
    }

    private static boolean at(Text v, int offset, int[] seg) {
        for (int k = 0; k < seg.length; k++) {
            if (seg[k] != ANY_ONE && seg[k] != v.at(offset + k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The literal runs (between wildcards) of a LIKE pattern, any of which a match contains. */
    static List<String> literals(String pattern) {
        List<String> out = new ArrayList<>();
        for (String part : nfc(pattern).split("[%_]")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    /** NFC form; text below U+0300 is already NFC, which spares the normaliser on most values. */
    static String nfc(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) {
                return Normalizer.normalize(s, Normalizer.Form.NFC);
            }
        }
        return s;
    }
}
