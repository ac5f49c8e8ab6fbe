package org.entente.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.entente.stix.StixJson;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What full-text search knows of an object, and what a person's search text asks: one definition of
 * a word for both databases (docs/adr/0015). A word is a run of letters and digits; everything else
 * separates words. The indexer hands each database the words of an object already split and joined
 * by spaces, so SQLite's unicode61 tokenizer and PostgreSQL's parser under the 'simple'
 * configuration meet the same words (PostgreSQL would otherwise keep {@code example.com} whole,
 * where SQLite splits it), and a search splits its text the same way.
 */
public final class SearchText {
    /** The properties whose text is searched, where an object has them. */
    static final List<String> PROPERTIES =
            List.of(
                    "name",
                    "description",
                    "pattern",
                    "abstract",
                    "content",
                    "explanation",
                    "opinion",
                    "value",
                    "display_name",
                    "x_mitre_shortname");

    /** The list properties whose strings are searched. */
    static final List<String> LISTS = List.of("aliases", "labels", "authors", "roles");

    /** The most characters of words kept of one object: a long report is found by its start. */
    static final int MAX_CHARACTERS = 32_768;

    /** The longest search text a person may send. */
    public static final int MAX_QUERY = 200;

    /** The most words a search may hold. */
    public static final int MAX_TERMS = 8;

    /** Words shorter than this are matched whole; longer ones also as the start of a word. */
    static final int PREFIX_FROM = 3;

    /**
     * The longest word PostgreSQL indexes, in bytes: its parser leaves longer ones out, and a
     * tsvector's text refuses them.
     */
    static final int POSTGRES_LONGEST_WORD = 2046;

    private SearchText() {}

    /**
     * The words of an object's body, joined by spaces; empty when it has none (or is not JSON).
     *
     * <p>The body is read as a stream of tokens, its searched properties kept and everything else
     * skipped: a tree of the whole object was 28 % of the indexer's thread (docs/benchmarks.md,
     * "Session 45"). Every stored body was read whole and checked at ingest, so neither its text
     * nor its names given twice are checked again ({@link StixJson#parserOfScanned}).
     */
    static String words(byte[] body) {
        String[] values = new String[PROPERTIES.size()];
        List<List<String>> lists = new ArrayList<>(LISTS.size());
        for (int i = 0; i < LISTS.size(); i++) {
            lists.add(new ArrayList<>());
        }
        List<String> externalIds = new ArrayList<>();
        try (JsonParser p = StixJson.parserOfScanned(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                Integer property = PROPERTY_INDEX.get(name);
                Integer list = LIST_INDEX.get(name);
                // a stored body names nothing twice (ingest refused it), so each is met once
                if (property != null && value == JsonToken.VALUE_STRING) {
                    values[property] = p.getString();
                } else if (list != null && value == JsonToken.START_ARRAY) {
                    strings(p, lists.get(list));
                } else if (name.equals("external_references") && value == JsonToken.START_ARRAY) {
                    externalIds(p, externalIds);
                } else {
                    p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            // every stored body was checked at ingest; one that cannot be read has no words
            return "";
        }
        StringBuilder text = new StringBuilder(256);
        for (String v : values) {
            if (v != null) {
                add(text, v);
            }
        }
        for (List<String> strings : lists) {
            for (String v : strings) {
                add(text, v);
            }
        }
        for (String id : externalIds) {
            add(text, id); // CVE-2024-1234, T1566...
        }
        return text.toString().trim();
    }

    private static final Map<String, Integer> PROPERTY_INDEX = indexOf(PROPERTIES);
    private static final Map<String, Integer> LIST_INDEX = indexOf(LISTS);

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return Map.copyOf(index);
    }

    /** The strings of the array the parser has just entered, up to its end; nothing nested. */
    private static void strings(JsonParser p, List<String> into) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                into.add(p.getString());
            } else {
                p.skipChildren();
            }
        }
    }

    /** The {@code external_id} strings of the array of references the parser has just entered. */
    private static void externalIds(JsonParser p, List<String> into) {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String id = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean external = p.currentName().equals("external_id");
                JsonToken v = p.nextToken();
                if (external) {
                    id = v == JsonToken.VALUE_STRING ? p.getString() : null;
                }
                p.skipChildren();
            }
            if (id != null) {
                into.add(id);
            }
        }
    }

    private static void add(StringBuilder text, String s) {
        for (String w : split(s)) {
            if (text.length() + w.length() >= MAX_CHARACTERS) {
                return;
            }
            text.append(w).append(' ');
        }
    }

    /**
     * The words of {@link #words} as the text of a PostgreSQL tsvector, when every one of them is
     * ASCII letters and digits: then the 'simple' configuration's parser would make each word one
     * lexeme of the same letters, and building them here spares the database its parser (a third of
     * an indexed version's cost there, docs/adr/0049). Null when a word holds anything else, so
     * that the parser reads those words as it always has; words it would leave out for their length
     * are left out here.
     */
    static String postgresLexemes(String words) {
        StringBuilder lexemes = new StringBuilder(words.length() + words.length() / 2 + 2);
        int from = 0;
        for (int i = 0; i <= words.length(); i++) {
            char ch = i < words.length() ? words.charAt(i) : ' ';
            if (ch == ' ') {
                if (i > from && i - from <= POSTGRES_LONGEST_WORD) {
                    lexemes.append('\'').append(words, from, i).append("' ");
                }
                from = i + 1;
            } else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
                return null;
            }
        }
        return lexemes.toString();
    }

    /** The words of a text, lower-cased, in order. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int from = -1;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean word = Character.isLetterOrDigit(c);
            if (word && from < 0) {
                from = i;
            } else if (!word && from >= 0) {
                words.add(s.substring(from, i).toLowerCase(Locale.ROOT));
                from = -1;
            }
            i += Character.charCount(c);
        }
        if (from >= 0) {
            words.add(s.substring(from).toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /**
     * A person's search: every word must occur in the object (a word of {@link #PREFIX_FROM} or
     * more letters also as the start of a longer one).
     *
     * @param terms lower-cased words of letters and digits only, so that neither database's query
     *     syntax can be reached through them
     */
    public record Query(List<String> terms) {
        public Query {
            terms = List.copyOf(terms);
            if (terms.isEmpty() || terms.size() > MAX_TERMS) {
                throw new IllegalArgumentException(
                        "a search holds 1 to " + MAX_TERMS + " words, not " + terms.size());
            }
            for (String t : terms) {
                Objects.requireNonNull(t, "terms");
                if (t.isEmpty() || !split(t).equals(List.of(t))) {
                    throw new IllegalArgumentException("'" + t + "' is not one search word");
                }
            }
        }

        /**
         * The words of a person's text, or an explanation of what is wrong with it.
         *
         * @throws IllegalArgumentException naming the problem: too long, no word, too many words
         */
        public static Query parse(String text) {
            if (text.length() > MAX_QUERY) {
                throw new IllegalArgumentException(
                        "the search text has "
                                + text.length()
                                + " characters; at most "
                                + MAX_QUERY
                                + " are allowed");
            }
            Set<String> words = new LinkedHashSet<>(split(text));
            if (words.isEmpty()) {
                throw new IllegalArgumentException(
                        "the search text holds no word (letters or digits) to look for");
            }
            if (words.size() > MAX_TERMS) {
                throw new IllegalArgumentException(
                        "the search text holds "
                                + words.size()
                                + " different words; at most "
                                + MAX_TERMS
                                + " are allowed");
            }
            return new Query(List.copyOf(words));
        }

        /** As an FTS5 MATCH expression: each word quoted, implicitly ANDed. */
        String fts5() {
            List<String> parts = new ArrayList<>(terms.size());
            for (String t : terms) {
                parts.add("\"" + t + "\"" + (t.length() >= PREFIX_FROM ? "*" : ""));
            }
            return String.join(" ", parts);
        }

        /** As a PostgreSQL to_tsquery text: each word quoted, ANDed. */
        String tsquery() {
            List<String> parts = new ArrayList<>(terms.size());
            for (String t : terms) {
                parts.add("'" + t + "'" + (t.length() >= PREFIX_FROM ? ":*" : ""));
            }
            return String.join(" & ", parts);
        }
    }
}
