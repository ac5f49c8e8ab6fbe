package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.entente.stix.StixJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What search knows of an object and what a person's text asks, the same for both databases. */
class SearchTextTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wordsAreRunsOfLettersAndDigitsLowerCased() {
        assertThat(SearchText.split("Spear-phishing of example.com by APT28, CVE-2024-1234!"))
                .containsExactly(
                        "spear",
                        "phishing",
                        "of",
                        "example",
                        "com",
                        "by",
                        "apt28",
                        "cve",
                        "2024",
                        "1234");
        assertThat(SearchText.split("標的型攻撃 against 省庁")).containsExactly("標的型攻撃", "against", "省庁");
    }

    @Test
    void anObjectIsFoundByItsNameDescriptionPatternAliasesLabelsAndExternalIds() {
        String words =
                SearchText.words(
                        json(
                                """
                                {"type":"malware","id":"malware--1","name":"Kestrel Loader",
                                 "description":"Drops <b>stage two</b>","aliases":["KLDR"],
                                 "labels":["Finance"],"pattern":"[url:value = 'http://bad.example/x']",
                                 "external_references":[{"source_name":"cve","external_id":"CVE-2024-1"}],
                                 "created_by_ref":"identity--should-not-appear"}"""));
        assertThat(words.split(" "))
                .contains(
                        "kestrel", "loader", "drops", "stage", "two", "kldr", "finance", "bad",
                        "example", "cve", "2024", "1")
                .doesNotContain("identity", "should", "malware");
        assertThat(SearchText.words(json("not json"))).isEmpty();
        assertThat(SearchText.words(json("{\"type\":\"x\"}"))).isEmpty();
    }

    @Test
    void aLongTextIsCutAtAWordWithinTheLimit() {
        String words =
                SearchText.words(json("{\"description\":\"" + "word ".repeat(20_000) + "\"}"));
        assertThat(words.length()).isLessThanOrEqualTo(SearchText.MAX_CHARACTERS);
        assertThat(words).endsWith("word");
    }

    @Test
    void aSearchIsWordsNeverTheDatabasesQuerySyntax() {
        SearchText.Query q = SearchText.Query.parse("  \"APT28\" OR x* NEAR(a b) ' ; -- ");
        assertThat(q.terms()).containsExactly("apt28", "or", "x", "near", "a", "b");
        assertThat(q.fts5()).isEqualTo("\"apt28\"* \"or\" \"x\" \"near\"* \"a\" \"b\"");
        assertThat(q.tsquery()).isEqualTo("'apt28':* & 'or' & 'x' & 'near':* & 'a' & 'b'");
    }

    @Test
    void aSearchTooLongWithoutWordsOrWithTooManyIsRefusedSayingWhy() {
        assertThatThrownBy(() -> SearchText.Query.parse("a".repeat(201)))
                .hasMessageContaining("201 characters; at most 200");
        assertThatThrownBy(() -> SearchText.Query.parse("-- ' \"")).hasMessageContaining("no word");
        assertThatThrownBy(() -> SearchText.Query.parse("a b c d e f g h i"))
                .hasMessageContaining("9 different words; at most 8");
        assertThat(SearchText.Query.parse("a a a a a a a a a a").terms()).containsExactly("a");
        assertThatThrownBy(() -> new SearchText.Query(List.of("a b")))
                .hasMessageContaining("not one search word");
    }

    @Test
    void aVisibilitysParametersAreRenamedWhereTheyAreUsedOnly() {
        Condition c =
                new Condition(
                        "lineage = :r_0 OR (x::r_1 = 1 AND effective_tlp IN (:r_1) AND y = :r_10)",
                        Map.of("r_0", "org", "r_1", List.of("GREEN"), "r_10", 3));
        Condition r = SearchDao.renamed(c, "s_v0_");
        assertThat(r.sql())
                .isEqualTo(
                        "lineage = :s_v0_r_0 OR (x::r_1 = 1 AND effective_tlp IN (:s_v0_r_1)"
                                + " AND y = :s_v0_r_10)");
        assertThat(r.params()).containsOnlyKeys("s_v0_r_0", "s_v0_r_1", "s_v0_r_10");
        assertThat(SearchDao.renamed(Condition.of("shadowed = 0"), "p_").sql())
                .isEqualTo("shadowed = 0");
    }

    @Test
    void aCursorReadsBackOnlyWhatTheNodeWrote() {
        SearchQuery.Cursor c = new SearchQuery.Cursor(false, 1_700_000_000_000_000L, 3);
        assertThat(SearchQuery.Cursor.parse(c.token())).isEqualTo(c);
        for (String bad : List.of("", "x1.2", "l-1.2", "l1", "s1.2.3", "l99999999999999999999.1")) {
            assertThatThrownBy(() -> SearchQuery.Cursor.parse(bad))
                    .hasMessageContaining("not a page cursor");
        }
    }

    /**
     * PostgreSQL is handed an object's lexemes only when its words are ASCII letters and digits:
     * nothing else (a quote, a backslash, a colon, another script) can reach the tsvector's text,
     * and such words go to PostgreSQL's parser instead.
     */
    @Test
    void postgresqlIsHandedLexemesOnlyOfAsciiLettersAndDigits() {
        assertThat(SearchText.postgresLexemes("c2 server 10 0x1f"))
                .isEqualTo("'c2' 'server' '10' '0x1f' ");
        assertThat(SearchText.postgresLexemes("")).isEmpty();
        for (String words :
                List.of(
                        "it's",
                        "a\\b",
                        "a:1",
                        "a 'b':1 c",
                        "straße",
                        "東京",
                        "Upper",
                        "two  spaces\tand a tab")) {
            assertThat(SearchText.postgresLexemes(words)).as(words).isNull();
        }
        // PostgreSQL's parser leaves out a word of 2,047 bytes or more; so does this
        String longest = "b".repeat(SearchText.POSTGRES_LONGEST_WORD);
        assertThat(SearchText.postgresLexemes("kite " + "a".repeat(2047) + " " + longest))
                .isEqualTo("'kite' '" + longest + "' ");
    }

    /**
     * The words as a tree of the whole object gave them (the indexer's way before session 45): the
     * oracle of the token stream that replaced it.
     */
    private static String treeWords(byte[] body) {
        JsonNode o;
        try {
            o = StixJson.parse(body);
        } catch (RuntimeException e) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String p : SearchText.PROPERTIES) {
            JsonNode v = o.get(p);
            if (v != null && v.isString()) {
                parts.add(v.stringValue());
            }
        }
        for (String p : SearchText.LISTS) {
            JsonNode v = o.get(p);
            if (v != null && v.isArray()) {
                for (JsonNode item : v) {
                    if (item.isString()) {
                        parts.add(item.stringValue());
                    }
                }
            }
        }
        JsonNode refs = o.get("external_references");
        if (refs != null && refs.isArray()) {
            for (JsonNode r : refs) {
                JsonNode id = r.get("external_id");
                if (id != null && id.isString()) {
                    parts.add(id.stringValue());
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            for (String w : SearchText.split(part)) {
                if (text.length() + w.length() >= SearchText.MAX_CHARACTERS) {
                    break;
                }
                text.append(w).append(' ');
            }
        }
        return text.toString().trim();
    }

    @Test
    void theWordsOfAnObjectsTokensAreThoseOfItsTree() {
        List<String> bodies =
                List.of(
                        "{\"type\":\"malware\",\"labels\":[\"a\",{\"labels\":[\"nested\"]},[\"deep\"],7,null,\"b\"],"
                                + "\"name\":{\"name\":\"not this\"},\"description\":\"Desc\",\"x\":{\"description\":\"no\"}}",
                        "{\"name\":7,\"aliases\":\"not a list\",\"value\":\"198.51.100.7\","
                                + "\"external_references\":[7,\"x\",{\"external_id\":{\"a\":1}},"
                                + "{\"source_name\":\"cve\",\"external_id\":\"CVE-2024-1234\",\"hashes\":{\"x\":\"y\"}},"
                                + "{\"external_id\":\"T1566.001\"}]}",
                        "{\"content\":\"" + "word ".repeat(10_000) + "\",\"name\":\"first\"}",
                        "[\"an\",\"array\"]",
                        "\"a string\"",
                        "{}",
                        "not json",
                        "{\"name\":\"cut off\"");
        for (String body : bodies) {
            assertThat(SearchText.words(json(body)))
                    .as(body.length() > 200 ? body.substring(0, 200) : body)
                    .isEqualTo(treeWords(json(body)));
        }
    }

    /** The same over every object of the public bundles in ../shared/data, where they are. */
    @Test
    void theWordsOfRealObjectsTokensAreThoseOfTheirTree() throws Exception {
        String configured = System.getProperty("entente.shared.data");
        Path root =
                (configured != null && !configured.isBlank()
                                ? Path.of(configured)
                                : Path.of("..", "..", "shared", "data"))
                        .resolve("stix21-bundles")
                        .toAbsolutePath()
                        .normalize();
        assumeTrue(Files.isDirectory(root), "shared data not found at " + root);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        int compared = 0;
        int worded = 0;
        for (Path f : files) {
            JsonNode bundle;
            try {
                bundle = StixJson.parse(Files.readAllBytes(f));
            } catch (RuntimeException e) {
                continue; // not every file there is one bundle
            }
            JsonNode objects = bundle.get("objects");
            if (objects == null || !objects.isArray()) {
                continue;
            }
            for (JsonNode o : objects) {
                byte[] body = StixJson.toBytes(o);
                String words = SearchText.words(body);
                assertThat(words)
                        .as("%s: %s", f.getFileName(), o.get("id"))
                        .isEqualTo(treeWords(body));
                compared++;
                worded += words.isEmpty() ? 0 : 1;
            }
        }
        assertThat(compared).as("objects compared").isGreaterThan(1000);
        assertThat(worded).as("objects with words").isGreaterThan(compared / 2);
    }
}
