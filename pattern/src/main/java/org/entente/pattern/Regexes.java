package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code MATCHES} regular expressions: compiled the way section 9.6.1 asks (search semantics,
 * DOTALL), and read for the literal text any match must contain, which the compiled matcher indexes
 * so that a regex runs only on values that contain its literal.
 *
 * <p>NB: Java's regex dialect stands in for PCRE. The common syntax is the same; {@code (?P<name>)}
 * is accepted as {@code (?<name>)}; PCRE's {@code \C} (one code unit) as any one character, which
 * is what it matches in a string of characters; other PCRE-only constructs (recursion, {@code \K},
 * callouts) are rejected as invalid. Character classes such as {@code \w} are ASCII, as in PCRE
 * without UCP.
 */
final class Regexes {
    private Regexes() {}

    static Pattern compile(String regex, boolean binary) {
        return Pattern.compile(java(regex), Pattern.DOTALL);
    }

    /** For values compared case-insensitively (domain names, hex digests). */
    static Pattern compileIgnoringCase(String regex) {
        return Pattern.compile(
                java(regex), Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The PCRE regex in Java's dialect: named groups, and {@code \C} outside classes. */
    static String java(String regex) {
        String named = regex.replace("(?P<", "(?<");
        if (!named.contains("\\C")) {
            return named;
        }
        StringBuilder out = new StringBuilder(named.length() + 8);
        int n = named.length();
        for (int i = 0; i < n; i++) {
            char c = named.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char next = named.charAt(i + 1);
                if (next == 'Q') {
                    int end = named.indexOf("\\E", i + 2);
                    int to = end < 0 ? n : end + 2;
                    out.append(named, i, to);
                    i = to - 1;
                } else if (next == 'C') {
                    out.append("(?s:.)");
                    i++;
                } else {
                    out.append(c).append(next);
                    i++;
                }
            } else if (c == '[') {
                // a class is copied as it is: PCRE refuses \C in one, and so does Java
                int close = skipClass(named, i);
                int to = Math.min(n, close + 1);
                out.append(named, i, to);
                i = to - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Literals of which any match of {@code regex} contains at least one; empty when no such
     * literal of at least {@code minLength} characters can be read (then every value is a
     * candidate). Conservative: it only ever gives up, never claims a literal that a match may
     * lack.
     */
    static List<String> anchors(String regex, int minLength) {
        List<String> alternatives = splitTopLevel(regex);
        if (alternatives == null) {
            return List.of();
        }
        List<String> anchors = new ArrayList<>();
        for (String alternative : alternatives) {
            String best = longestLiteral(alternative);
            if (best == null || best.length() < minLength) {
                return List.of();
            }
            anchors.add(best);
        }
        return anchors;
    }

    /** The top-level alternatives, or {@code null} if inline flags make literals unreliable. */
    private static List<String> splitTopLevel(String regex) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                i = skipClass(regex, i);
            } else if (c == '(') {
                if (i + 1 < n && regex.charAt(i + 1) == '?' && i + 2 < n) {
                    char f = regex.charAt(i + 2);
                    if ("imsxuUd-".indexOf(f) >= 0) {
                        return null; // inline flags (case-insensitive, comments...) change literals
                    }
                }
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(regex.substring(start));
        return parts;
    }

    /** Index of the ']' that closes the class opened at {@code open}. */
    private static int skipClass(String regex, int open) {
        int n = regex.length();
        int i = open + 1;
        if (i < n && regex.charAt(i) == '^') {
            i++;
        }
        if (i < n && regex.charAt(i) == ']') {
            i++;
        }
        int nested = 0;
        for (; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                nested++;
            } else if (c == ']') {
                if (nested == 0) {
                    return i;
                }
                nested--;
            }
        }
        return n;
    }

    private static int skipGroup(String regex, int open) {
        int n = regex.length();
        int depth = 0;
        for (int i = open; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(regex, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return n;
    }

    /** The longest run of characters every match of the sequence {@code seq} contains. */
    private static String longestLiteral(String seq) {
        String best = null;
        StringBuilder run = new StringBuilder();
        int n = seq.length();
        boolean lastWasLiteral = false;
        for (int i = 0; i < n; i++) {
            char c = seq.charAt(i);
            int literal = -1;
            boolean quantifier = false;
            int minRepeat = 1;
            switch (c) {
                case '\\':
                    {
                        if (i + 1 >= n) {
                            return best;
                        }
                        char e = seq.charAt(++i);
                        if (e == 'Q') {
                            int end = seq.indexOf("\\E", i + 1);
                            String quoted = seq.substring(i + 1, end < 0 ? n : end);
                            i = end < 0 ? n : end + 1;
                            if (quoted.chars().allMatch(q -> q < 0x300)) {
                                run.append(quoted);
                                lastWasLiteral = !quoted.isEmpty();
                            } else {
                                best = longer(best, run);
                                run.setLength(0);
                                lastWasLiteral = false;
                            }
                            continue;
                        }
                        if (e == 'x' && i + 2 < n && seq.charAt(i + 1) != '{') {
                            int hi = Character.digit(seq.charAt(i + 1), 16);
                            int lo = Character.digit(seq.charAt(i + 2), 16);
                            if (hi >= 0 && lo >= 0) {
                                literal = hi * 16 + lo;
                                i += 2;
                            }
                        } else if (e == 'u' && i + 4 < n) {
                            try {
                                literal = Integer.parseInt(seq.substring(i + 1, i + 5), 16);
                                i += 4;
                            } catch (NumberFormatException notHex) {
                                literal = -1;
                            }
                        } else if ("xpPNk".indexOf(e) >= 0) {
                            // \x{..}, \p{..}, \P{..}, \N{..}, \k<..>: skip the argument
                            char open = i + 1 < n ? seq.charAt(i + 1) : 0;
                            if (open == '{' || open == '<') {
                                int close = seq.indexOf(open == '{' ? '}' : '>', i + 1);
                                i = close < 0 ? n : close;
                            } else {
                                i++;
                            }
                        } else if (e == 'c') {
                            i++; // \cX: a control character; X is not a literal
                        } else if (e >= '0' && e <= '9') {
                            // back reference or octal escape: skip all its digits
                            while (i + 1 < n && Character.isDigit(seq.charAt(i + 1))) {
                                i++;
                            }
                        } else if (e == 't') {
                            literal = '\t';
                        } else if (e == 'n') {
                            literal = '\n';
                        } else if (e == 'r') {
                            literal = '\r';
                        } else if (e == 'f') {
                            literal = '\f';
                        } else if (!Character.isLetterOrDigit(e)) {
                            literal = e;
                        }
                        break;
                    }
                case '[':
                    i = skipClass(seq, i);
                    break;
                case '(':
                    i = skipGroup(seq, i);
                    break;
                case '*':
                case '?':
                    quantifier = true;
                    minRepeat = 0;
                    break;
                case '+':
                    quantifier = true;
                    break;
                case '{':
                    {
                        quantifier = true;
                        int close = seq.indexOf('}', i);
                        String body = seq.substring(i + 1, close < 0 ? n : close);
                        int comma = body.indexOf(',');
                        String min = comma < 0 ? body : body.substring(0, comma);
                        minRepeat =
                                min.isEmpty() || !min.chars().allMatch(Character::isDigit)
                                        ? 0
                                        : (min.equals("0") ? 0 : 1);
                        i = close < 0 ? n : close;
                        break;
                    }
                case '.':
                case '^':
                case '$':
                case '|':
                case ')':
                    break;
                default:
                    literal = c;
            }
            if (quantifier) {
                if (lastWasLiteral && run.length() > 0) {
                    if (minRepeat == 0) {
                        run.setLength(run.length() - 1);
                    }
                }
                best = longer(best, run);
                run.setLength(0);
                // a lazy or possessive marker after the quantifier
                if (i + 1 < n && (seq.charAt(i + 1) == '?' || seq.charAt(i + 1) == '+')) {
                    i++;
                }
                lastWasLiteral = false;
                continue;
            }
            if (literal >= 0 && literal < 0x300 && !Character.isSurrogate((char) literal)) {
                run.append((char) literal);
                lastWasLiteral = true;
            } else {
                best = longer(best, run);
                run.setLength(0);
                lastWasLiteral = false;
            }
        }
        return longer(best, run);
    }

    private static String longer(String best, StringBuilder run) {
        if (run.length() > 0 && (best == null || run.length() > best.length())) {
            return run.toString();
        }
        return best;
    }
}
