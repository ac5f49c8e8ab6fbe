package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.ingest.Ingest;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.PlainNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the indexer writes for an object's words finds the object by each of them, whatever their
 * script and length, on both databases (docs/adr/0015, 0049). On PostgreSQL an object whose words
 * are all ASCII is written as those words, not through PostgreSQL's parser: the test holds them to
 * what the parser would have made, so that a search finds such an object as it finds one indexed
 * before (docs/adr/0049).
 */
class SearchWordsTest {
    /** Names that hold words of every kind the parser reads: numbers, hex, mixed, scripts. */
    private static final List<String> ASCII =
            List.of(
                    "C2 server 1e10 0x1f SHA256 007 v1 abc123DEF 1.5 10.0.0.1",
                    "evil-domain.example.com/path?q=1 CVE-2024-1234 T1566.001 APT28");

    private static final List<String> OTHER =
            List.of("Straße Ünïcode 東京 ǅungla", "Кириллица and ascii mixed");

    private static String indicator(String id, String name, String description) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"%s","description":"%s","pattern":"[ipv4-addr:value = '198.51.100.7']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}"""
                .formatted(id, name, description);
    }

    private static void store(Node n, Collection c, List<String> objects) {
        PostStatus status =
                PlainNode.ingest(n, 1000)
                        .add(
                                c,
                                "test",
                                n.policy().operatorWrite(),
                                new Payload.Bytes(
                                        Fixtures.envelope(objects)
                                                .getBytes(StandardCharsets.UTF_8)),
                                Ingest.Shape.ENVELOPE,
                                Ingest.Listener.NONE);
        assertThat(status.successCount()).isEqualTo(objects.size());
    }

    /** Indexes everything stored so far, as the indexer's rounds would on a quiet node. */
    private static void indexed(Node n) {
        new SearchIndexer(
                        n.part(SearchDao.class),
                        1000,
                        new SearchIndexer.Reads(() -> 0, () -> 0),
                        System::nanoTime)
                .catchUp();
    }

    /** The ids of the latest versions holding every word of {@code text}, over the collection. */
    private static List<String> found(Node n, Collection c, String text) {
        SearchQuery q =
                new SearchQuery(
                        Optional.of(SearchText.Query.parse(text)),
                        Set.of(),
                        Set.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        Optional.empty(),
                        SearchQuery.MAX_LIMIT);
        List<String> ids = new ArrayList<>();
        for (SearchDao.Found f :
                n.part(SearchDao.class)
                        .find(q, List.of(new SearchDao.Readable(c.id(), Visibility.all())))
                        .items()) {
            ids.add(f.object().id());
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anObjectIsFoundByEachOfItsWordsWhateverItsScriptOrLength(Dialect dialect)
            throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            List<String> names = new ArrayList<>(ASCII);
            names.addAll(OTHER);
            List<String> ids = new ArrayList<>();
            List<String> objects = new ArrayList<>();
            for (String name : names) {
                String id = Fixtures.newId("indicator");
                ids.add(id);
                objects.add(indicator(id, name + " t" + tag + "x" + ids.size(), "plain words"));
            }
            // a word too long for either index (PostgreSQL keeps 2,046 bytes of a word at most)
            // is left out, and the object's other words are still found
            String tooLong = "a".repeat(2047);
            String longest = "b".repeat(2046);
            String longId = Fixtures.newId("indicator");
            objects.add(indicator(longId, "kite" + tag + " " + tooLong, longest));
            store(n, c, objects);

            indexed(n);

            assertThat(n.part(SearchDao.class).behind(c.id())).as("nothing left behind").isZero();
            for (int i = 0; i < names.size(); i++) {
                for (String word : SearchText.split(names.get(i))) {
                    assertThat(found(n, c, word + " t" + tag + "x" + (i + 1)))
                            .as("'%s' finds the object named '%s'", word, names.get(i))
                            .containsExactly(ids.get(i));
                }
            }
            assertThat(found(n, c, "kite" + tag)).containsExactly(longId);
            assertThat(found(n, c, longest.substring(0, 200))).containsExactly(longId);
            assertThat(found(n, c, "sha256 straße")).as("words of two objects together").isEmpty();
        }
    }

    /**
     * The words PostgreSQL holds for an ASCII object are exactly what its parser would have made of
     * them (the index written before this design, and the search's own words, go through it), and
     * are written without it: no positions, which only its parser adds.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void onPostgresqlAnAsciiObjectsWordsAreThoseItsParserWouldMakeWrittenWithoutIt(Dialect dialect)
            throws Exception {
        assumeTrue(dialect == Dialect.POSTGRESQL, "PostgreSQL's parser and tsvector");
        try (Node n = PlainNode.fresh(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            List<String> objects = new ArrayList<>();
            List<String> names = new ArrayList<>(ASCII);
            names.addAll(OTHER);
            for (String name : names) {
                objects.add(indicator(Fixtures.newId("indicator"), name, "a ministry's wave"));
            }
            store(n, c, objects);
            indexed(n);

            List<Map<String, Object>> docs =
                    n.database()
                            .jdbc()
                            .sql(
                                    "SELECT o.body, d.words::text AS stored,"
                                            + " strip(d.words)::text AS stripped"
                                            + " FROM search_docs d JOIN objects o"
                                            + " ON o.collection_seq = d.s_collection"
                                            + " AND o.date_added = d.s_added ORDER BY d.doc")
                            .query()
                            .listOfRows();
            assertThat(docs).hasSize(names.size());
            for (int i = 0; i < docs.size(); i++) {
                Map<String, Object> doc = docs.get(i);
                String words =
                        SearchText.words(
                                ((String) doc.get("body")).getBytes(StandardCharsets.UTF_8));
                String parsed =
                        n.database()
                                .jdbc()
                                .sql("SELECT strip(to_tsvector('simple', :w))::text")
                                .param("w", words)
                                .query(String.class)
                                .single();
                assertThat(doc.get("stripped"))
                        .as("the words of '%s'", names.get(i))
                        .isEqualTo(parsed);
                boolean ascii = i < ASCII.size();
                assertThat(doc.get("stored").equals(doc.get("stripped")))
                        .as("'%s' written %s the parser", names.get(i), ascii ? "without" : "by")
                        .isEqualTo(ascii);
            }
        }
    }
}
