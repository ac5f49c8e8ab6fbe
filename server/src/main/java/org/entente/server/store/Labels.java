package org.entente.server.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one definition of label matching, the same in Java and in SQL on both databases: labels
 * compare without regard to case ({@code INTERNAL} is as internal as {@code internal}: a rule that
 * keeps labelled objects back must not be dodged by spelling), exactly otherwise.
 *
 * <p>The store keeps an object's labels in one column as {@code |a|b|}, each label lower-cased and
 * escaped so that it holds no {@code |}; "carries label x" is then a substring test for {@code
 * |x|}, written as a LIKE whose wildcards are escaped. LIKE is case-insensitive for ASCII on SQLite
 * and case-sensitive on PostgreSQL, which agree here because both sides are lower-cased already.
 */
public final class Labels {
    private Labels() {}

    /** A label as it is compared. */
    public static String normalise(String label) {
        return label.toLowerCase(Locale.ROOT);
    }

    /**
     * Labels as they are compared, in an unmodifiable set: {@code labels} itself when it is one
     * already and holds them so (an object's facts are made again at each step of its ingest).
     */
    public static Set<String> normalise(Set<String> labels) {
        if (labels.isEmpty()) {
            return Set.of();
        }
        boolean normal = true;
        for (String l : labels) {
            if (!normalise(l).equals(l)) {
                normal = false;
                break;
            }
        }
        if (normal) {
            return Set.copyOf(labels); // the set itself when it is unmodifiable already
        }
        Set<String> out = new HashSet<>();
        for (String l : labels) {
            out.add(normalise(l));
        }
        return Set.copyOf(out);
    }

    /** The stored form of (normalised) labels; null for none. */
    public static String stored(Set<String> labels) {
        if (labels.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder("|");
        for (String l : new TreeSet<>(labels)) {
            s.append(escape(normalise(l))).append('|');
        }
        return s.toString();
    }

    /** The labels of a stored column value. */
    static Set<String> parse(String stored) {
        if (stored == null || stored.length() < 2) {
            return Set.of();
        }
        List<String> labels = new ArrayList<>(4);
        int from = 1;
        for (int i = 1; i < stored.length(); i++) {
            if (stored.charAt(i) == '|') {
                labels.add(unescape(stored.substring(from, i)));
                from = i + 1;
            }
        }
        return Set.copyOf(labels);
    }

    /**
     * The SQL condition "carries {@code label}" on the labels column, its pattern bound in {@code
     * params}.
     */
    public static String carriesSql(String label, Condition.Params params) {
        String needle = "|" + escape(normalise(label)) + "|";
        StringBuilder pattern = new StringBuilder("%");
        for (int i = 0; i < needle.length(); i++) {
            char c = needle.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        pattern.append('%');
        // NB: the pattern behind a CAST: SQLite compiles a statement again each time a bare
        // parameter that is a LIKE pattern is bound (for an index range the column does not have)
        return "labels LIKE CAST(" + params.bind(pattern.toString()) + " AS TEXT) ESCAPE '!'";
    }

    // NB: '|' separates labels and '\' escapes; neither may remain in a stored label
    private static String escape(String label) {
        if (label.indexOf('|') < 0 && label.indexOf('\\') < 0) {
            return label;
        }
        return label.replace("\\", "\\5c").replace("|", "\\7c");
    }

    private static String unescape(String stored) {
        if (stored.indexOf('\\') < 0) {
            return stored;
        }
        return stored.replace("\\7c", "|").replace("\\5c", "\\");
    }
}
