package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.server.ledger.PageTesting.entriesAfter;
import static org.entente.server.ledger.PageTesting.head;
import static org.entente.server.ledger.PageTesting.indicator;
import static org.entente.server.ledger.PageTesting.partner;
import static org.entente.server.testing.Fixtures.envelope;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.entente.server.collection.Collection;
import org.entente.server.db.Database;
import org.entente.server.db.Dialect;
import org.entente.server.ledger.PageTesting.Partner;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Databases;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The object page finds the page entries that list an object through their spans in {@code
 * date_added} (docs/adr/0027), reading only the listings that may hold it, and still reads those of
 * page entries written before spans were kept.
 */
class PageSpansTest {
    /** Posts {@code n} GREEN indicators as the admin; their ids, in the order stored. */
    private static List<String> post(TestNode node, Collection c, int n) {
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, Tlp.GREEN));
        }
        TaxiiClient.Response r =
                node.admin().post(node.objectsPath(c), envelope(objects.toArray(String[]::new)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return ids;
    }

    /** The partner reads the collection in pages of {@code limit}; the entries of each page. */
    private static List<List<LedgerEntry>> read(TestNode node, Collection c, Partner p, int limit) {
        return PageTesting.readAll(node, c, p, limit).stream()
                .map(PageTesting.PageRead::entries)
                .toList();
    }

    private static long[] span(Database db, long seq) {
        return db.jdbc()
                .sql("SELECT added_from, added_to FROM ledger_page_spans WHERE seq = :s")
                .param("s", seq)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    private static long added(Database db, Collection c, String id) {
        return db.jdbc()
                .sql(
                        "SELECT o.date_added FROM objects o JOIN collections k"
                                + " ON k.seq = o.collection_seq WHERE k.id = :c AND o.stix_id = :id")
                .param("c", c.id())
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private static List<Long> naming(Ledger ledger, String id) {
        return ledger.naming(id, 0, 50).stream().map(LedgerEntry::seq).toList();
    }

    @EachDatabase
    void eachDisclosedPageKeepsTheSpanOfWhatItListedAndTheObjectPageFindsItsPage(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        List<String> ids = post(node, c, 9);
        List<List<LedgerEntry>> pages = read(node, c, p, 3);
        assertThat(pages).hasSize(3);
        Database db = node.node().database();
        for (int page = 0; page < 3; page++) {
            LedgerEntry entry = pages.get(page).get(0);
            assertThat(pages.get(page)).hasSize(1);
            List<String> carried = ids.subList(page * 3, page * 3 + 3);
            assertThat(entry.draft().listed())
                    .extracting(DisclosedVersion::objectId)
                    .containsExactlyElementsOf(carried);
            assertThat(span(db, entry.seq()))
                    .containsExactly(added(db, c, carried.get(0)), added(db, c, carried.get(2)));
            // each object is found in its own page's entry, and in no other page's
            for (String id : carried) {
                assertThat(naming(node.node().ledger(), id)).containsExactly(entry.seq());
            }
        }
    }

    @EachDatabase
    void anObjectInsideASpanThatItsListingLeftOutIsNotFoundThere(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add("indicator--" + UUID.randomUUID());
        }
        TaxiiClient.Response r =
                node.admin()
                        .post(
                                node.objectsPath(c),
                                envelope(
                                        indicator(ids.get(0), Tlp.GREEN),
                                        indicator(ids.get(1), Tlp.RED),
                                        indicator(ids.get(2), Tlp.GREEN)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        LedgerEntry entry = read(node, c, p, 10).get(0).get(0);
        assertThat(entry.draft().listed())
                .extracting(DisclosedVersion::objectId)
                .containsExactly(ids.get(0), ids.get(2));
        Database db = node.node().database();
        // the RED object lies inside the page's span, but its listing (packed on SQLite) does
        // not hold it
        assertThat(span(db, entry.seq()))
                .containsExactly(added(db, c, ids.get(0)), added(db, c, ids.get(2)));
        Ledger ledger = node.node().ledger();
        assertThat(naming(ledger, ids.get(1))).isEmpty();
        assertThat(naming(ledger, ids.get(0))).containsExactly(entry.seq());
        assertThat(naming(ledger, ids.get(2))).containsExactly(entry.seq());
    }

    /** Two objects posted to a new collection, and the one page entry of a partner's read. */
    private record OnePage(List<String> ids, LedgerEntry entry) {}

    private static OnePage onePage(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        List<String> ids = post(node, c, 2);
        return new OnePage(ids, read(node, c, p, 10).get(0).get(0));
    }

    @EachDatabase
    void aListingOutsideItsSpanIsNotRead(TestNode node) {
        OnePage one = onePage(node);
        List<String> ids = one.ids();
        LedgerEntry entry = one.entry();
        Ledger ledger = node.node().ledger();
        Database db = node.node().database();
        assertThat(naming(ledger, ids.get(0))).containsExactly(entry.seq());
        long[] kept = span(db, entry.seq());
        // the span moved past both objects: the listing still names them, but is not read
        moveSpan(db, entry.seq(), kept[1] + 1, kept[1] + 2);
        try {
            assertThat(naming(ledger, ids.get(0))).isEmpty();
            assertThat(ledger.verify().intact()).as("no hash covers the span").isTrue();
        } finally {
            moveSpan(db, entry.seq(), kept[0], kept[1]);
        }
        assertThat(naming(ledger, ids.get(0))).containsExactly(entry.seq());
    }

    @EachDatabase
    void pageEntriesWrittenBeforeSpansWereKeptAreStillRead(TestNode node) {
        OnePage one = onePage(node);
        List<String> ids = one.ids();
        LedgerEntry entry = one.entry();
        Ledger ledger = node.node().ledger();
        Database db = node.node().database();
        long[] kept = span(db, entry.seq());
        long from =
                db.jdbc()
                        .sql("SELECT seq FROM ledger_spans_from WHERE id = 1")
                        .query(Long.class)
                        .single();
        // as a ledger of an earlier release has it: the entry without a span, before the mark,
        // its listing stored as text (packing came after spans, docs/adr/0041)
        byte[] packed =
                db.jdbc()
                        .sql("SELECT listing FROM ledger_entries WHERE seq = :s")
                        .param("s", entry.seq())
                        .query((rs, n) -> rs.getBytes(1))
                        .list()
                        .get(0);
        db.jdbc()
                .sql("UPDATE ledger_entries SET detail = :d, listing = NULL WHERE seq = :s")
                .param("d", entry.draft().detail().orElseThrow())
                .param("s", entry.seq())
                .update();
        db.jdbc()
                .sql("DELETE FROM ledger_page_spans WHERE seq = :s")
                .param("s", entry.seq())
                .update();
        setSpansFrom(db, entry.seq() + 1);
        try {
            assertThat(ledger.entry(entry.seq())).hasValue(entry);
            assertThat(naming(ledger, ids.get(1))).containsExactly(entry.seq());
            // and an entry after the mark without a span is one the lookup does not read
            setSpansFrom(db, entry.seq());
            assertThat(naming(ledger, ids.get(1))).isEmpty();
        } finally {
            setSpansFrom(db, from);
            db.jdbc()
                    .sql(
                            "INSERT INTO ledger_page_spans (seq, added_from, added_to)"
                                    + " VALUES (:s, :f, :t)")
                    .param("s", entry.seq())
                    .param("f", kept[0])
                    .param("t", kept[1])
                    .update();
            if (packed != null) {
                db.jdbc()
                        .sql("UPDATE ledger_entries SET detail = NULL, listing = :l WHERE seq = :s")
                        .param("l", packed)
                        .param("s", entry.seq())
                        .update();
            }
        }
        assertThat(naming(ledger, ids.get(1))).containsExactly(entry.seq());
        assertThat(ledger.verify().intact()).isTrue();
    }

    @EachDatabase
    void anObjectHeldInTwoCollectionsIsFoundWhereverItWasDisclosedFrom(TestNode node) {
        Collection first = node.newCollection();
        Collection second = node.newCollection();
        Partner p = partner(node, "share");
        List<String> ids = post(node, first, 3);
        // the second collection holds the same object, stored later
        String shared = ids.get(1);
        TaxiiClient.Response r =
                node.admin().post(node.objectsPath(second), envelope(indicator(shared, Tlp.GREEN)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        LedgerEntry fromSecond = read(node, second, p, 10).get(0).get(0);
        LedgerEntry fromFirst = read(node, first, p, 10).get(0).get(0);
        assertThat(naming(node.node().ledger(), shared))
                .containsExactly(fromFirst.seq(), fromSecond.seq());
    }

    @EachDatabase
    void aReceiptKeepsTheSpanOfTheRowsItsChunkStored(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "both");
        Ledger ledger = node.node().ledger();
        Database db = node.node().database();
        long before = head(ledger);
        long newestBefore =
                db.jdbc()
                        .sql("SELECT last_added FROM collections WHERE id = :c")
                        .param("c", c.id())
                        .query(Long.class)
                        .single();
        List<String> objects = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, i % 2 == 0 ? Tlp.AMBER : Tlp.GREEN));
        }
        TaxiiClient.Response r =
                p.taxii().post(node.objectsPath(c), envelope(objects.toArray(String[]::new)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        List<LedgerEntry> entries = entriesAfter(ledger, before);
        assertThat(entries).isNotEmpty();
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (String id : ids) {
            long added = added(db, c, id);
            low = Math.min(low, added);
            high = Math.max(high, added);
        }
        for (LedgerEntry e : entries) {
            long[] s = span(db, e.seq());
            assertThat(s[0]).isLessThanOrEqualTo(low);
            assertThat(s[1]).isGreaterThanOrEqualTo(high);
            // within what this chunk stored: no earlier object of the collection is covered
            assertThat(s[0]).isGreaterThan(newestBefore);
        }
        for (String id : ids) {
            assertThat(naming(ledger, id)).hasSize(1);
        }
    }

    @EachDatabase
    void anObjectReadOverAHundredTimesShowsItsNewestMentionsFirst(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "share");
        String id = post(node, c, 1).get(0);
        Ledger ledger = node.node().ledger();
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            reads.add(read(node, c, p, 10).get(0).get(0).seq());
        }
        List<Long> newestFirst = new ArrayList<>(reads);
        java.util.Collections.reverse(newestFirst);
        assertThat(ledger.naming(id, 0, 50).stream().map(LedgerEntry::seq).toList())
                .containsExactlyElementsOf(newestFirst.subList(0, 50));
        assertThat(ledger.naming(id, 0, 500).stream().map(LedgerEntry::seq).toList())
                .containsExactlyElementsOf(newestFirst);
    }

    /** A GREEN version of the indicator {@code id}. */
    private static DisclosedVersion version(String id) {
        return new DisclosedVersion(id, "2024-01-01T00:00:00.000Z", "indicator", Tlp.GREEN);
    }

    /** Appends a page entry listing {@code id} with the span {@code [from, to]}; its position. */
    private static long appendSpanned(Ledger ledger, Database db, String id, long from, long to) {
        List<LedgerEntry.Draft> drafts =
                PageTesting.pages(LedgerEntry.Kind.DISCLOSED_PAGE, List.of(version(id)));
        return db.inTransaction(() -> ledger.append(drafts, new Ledger.Span(from, to)))
                .get(0)
                .seq();
    }

    /**
     * Spans are looked up by width class (docs/adr/0030): a span of any width, from none to all of
     * time, is found by an object it covers, whether the object is at its start, its end or inside;
     * a span that ends just before the object or starts just after it is not.
     */
    @EachDatabase
    void aSpanOfAnyWidthIsFoundByTheObjectsItCoversAndByNoOther(TestNode node) {
        Collection c = node.newCollection();
        String id = post(node, c, 1).get(0);
        Database db = node.node().database();
        Ledger ledger = node.node().ledger();
        long d = added(db, c, id);
        List<Long> widths = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 4L, 7L, 8L, 1_000L, d - 1, d));
        for (int bits = 11; bits < 52; bits += 10) {
            widths.add((1L << bits) - 1);
            widths.add(1L << bits);
        }
        List<Long> covering = new ArrayList<>();
        for (long w : widths) {
            covering.add(appendSpanned(ledger, db, id, d - w, d)); // ends at the object
            covering.add(appendSpanned(ledger, db, id, d, d + w)); // starts at it
            covering.add(appendSpanned(ledger, db, id, d - w / 2, d - w / 2 + w)); // holds it
            appendSpanned(ledger, db, id, d - w - 1, d - 1); // ends just before it
            appendSpanned(ledger, db, id, d + 1, d + 1 + w); // starts just after it
        }
        covering.add(appendSpanned(ledger, db, id, 0, Long.MAX_VALUE)); // all of time
        List<Long> newestFirst = new ArrayList<>(new java.util.TreeSet<>(covering));
        java.util.Collections.reverse(newestFirst);
        assertThat(ledger.naming(id, 0, 500).stream().map(LedgerEntry::seq).toList())
                .containsExactlyElementsOf(newestFirst);
    }

    /**
     * The newest object lies after every span, so a lookup bounded on one side of {@code
     * added_from} read every span the ledger holds: 23–33 ms for the newest objects at 300,000 page
     * entries, and on, with every page partners read. Each width class is read between two bounds
     * instead (docs/adr/0030), in SQLite's plan with statistics or without them, and in
     * PostgreSQL's generic plan, which PgJDBC's prepared statement comes to use, as in its custom
     * one.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void theSpansLookupReadsEachWidthClassBetweenTwoBounds(Dialect dialect) throws SQLException {
        try (TestNode node = TestNode.start(dialect)) {
            Collection c = node.newCollection();
            Partner p = partner(node, "share");
            List<String> ids = post(node, c, 40);
            read(node, c, p, 5);
            String newest = ids.get(ids.size() - 1);
            Database db = node.node().database();
            try (Connection connection = db.dataSource().getConnection();
                    Statement s = connection.createStatement()) {
                // a year of older pages, each of about 20 ms of date_added (class 15)
                s.execute(
                        (dialect == Dialect.SQLITE
                                        ? "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL"
                                                + " SELECT i + 1 FROM n WHERE i < 20000)"
                                        : "WITH n (i) AS (SELECT generate_series(1, 20000))")
                                + " INSERT INTO ledger_page_spans"
                                + " (seq, added_from, added_to, width_class)"
                                + " SELECT 1000000 + i, CAST(i AS BIGINT) * 1000000,"
                                + " CAST(i AS BIGINT) * 1000000 + 20000, 15"
                                + " FROM n");
                if (dialect == Dialect.SQLITE) {
                    s.execute("ANALYZE");
                    assertThat(spansStep(plan(s, LedgerLookups.spanned(Dialect.SQLITE))))
                            .as(
                                    "with statistics: %s",
                                    plan(s, LedgerLookups.spanned(Dialect.SQLITE)))
                            .contains("width_class=? AND added_from>? AND added_from<?");
                    s.execute("DELETE FROM sqlite_stat1");
                    s.execute("ANALYZE sqlite_schema");
                    assertThat(spansStep(plan(s, LedgerLookups.spanned(Dialect.SQLITE))))
                            .as("with none")
                            .contains("width_class=? AND added_from>? AND added_from<?");
                } else {
                    s.execute("ANALYZE");
                    s.execute(
                            "PREPARE spanned (text) AS "
                                    + LedgerLookups.spanned(dialect).replace(":id", "$1"));
                    for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                        s.execute("SET plan_cache_mode = " + mode);
                        List<String> plan = postgresPlan(s, "EXECUTE spanned('" + newest + "')");
                        String joined = String.join("\n", plan);
                        assertThat(joined)
                                .as(mode)
                                .containsPattern(
                                        "Index (Only )?Scan using ledger_page_spans_by_class on"
                                                + " ledger_page_spans\\b[^\\n]*\\n[^\\n]*Index Cond:"
                                                + " [^\\n]*width_class = [^\\n]*added_from >="
                                                + " [^\\n]*added_from <= ");
                        // and each probe descends the index to a leaf or two: 20,000 spans,
                        // three levels at most
                        long[] work = spansScanWork(plan);
                        assertThat(work[1])
                                .as("%s: index pages read in %d probes\n%s", mode, work[0], joined)
                                .isLessThanOrEqualTo(5 * work[0]);
                    }
                    s.execute("RESET plan_cache_mode");
                    s.execute("DEALLOCATE spanned");
                }
            }
        }
    }

    /** The outermost loop of SQLite's plan for the lookup, past the making of its classes. */
    private static String outermost(List<String> plan) {
        return plan.stream()
                .filter(step -> step.matches("(SCAN|SEARCH) [oks]\\b.*"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step reads the tables: " + plan));
    }

    /**
     * The spans a ledger of the previous release kept are put in their width classes on upgrade
     * (the migration's SQL against {@link Ledger.Span#widthClass}).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void spansKeptBeforeWidthClassesAreClassedOnUpgrade(Dialect dialect) {
        String url = Databases.fresh(dialect);
        DataSource before = Databases.migratedTo(dialect, url, "13");
        List<long[]> spans = new ArrayList<>();
        long seq = 1;
        for (long w :
                List.of(0L, 1L, 2L, 3L, 4L, 1_023L, 1_024L, 20_000L, (1L << 51) - 1, 1L << 51)) {
            spans.add(new long[] {seq++, 1_700_000_000_000_000L, 1_700_000_000_000_000L + w});
        }
        spans.add(new long[] {seq, 0, Long.MAX_VALUE});
        JdbcClient sql = JdbcClient.create(before);
        for (long[] span : spans) {
            sql.sql(
                            "INSERT INTO ledger_page_spans (seq, added_from, added_to)"
                                    + " VALUES (:s, :f, :t)")
                    .param("s", span[0])
                    .param("f", span[1])
                    .param("t", span[2])
                    .update();
        }
        try (TestNode node = TestNode.start(dialect, url)) {
            for (long[] span : spans) {
                assertThat(
                                sql.sql("SELECT width_class FROM ledger_page_spans WHERE seq = :s")
                                        .param("s", span[0])
                                        .query(Integer.class)
                                        .single())
                        .as("the class of a span of width %d", span[2] - span[1])
                        .isEqualTo(new Ledger.Span(span[1], span[2]).widthClass());
            }
        }
    }

    /** The step of SQLite's plan that reads the spans. */
    private static String spansStep(List<String> plan) {
        return plan.stream()
                .filter(step -> step.matches("(SCAN|SEARCH) s\\b.*"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step reads the spans: " + plan));
    }

    /**
     * How often PostgreSQL's plan (run) scanned the spans' index and how many pages it read there,
     * from {@code EXPLAIN (ANALYZE, BUFFERS)}.
     */
    private static long[] spansScanWork(List<String> plan) {
        for (int i = 0; i < plan.size(); i++) {
            java.util.regex.Matcher scan =
                    java.util.regex.Pattern.compile(
                                    "Scan using ledger_page_spans_by_class .* loops=(\\d+)\\)")
                            .matcher(plan.get(i));
            if (!scan.find()) {
                continue;
            }
            for (int j = i + 1; j < plan.size(); j++) {
                java.util.regex.Matcher pages =
                        java.util.regex.Pattern.compile(
                                        "Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?")
                                .matcher(plan.get(j));
                if (pages.find()) {
                    long read = 0;
                    for (int g = 1; g <= 2; g++) {
                        read += pages.group(g) == null ? 0 : Long.parseLong(pages.group(g));
                    }
                    return new long[] {Long.parseLong(scan.group(1)), read};
                }
            }
        }
        throw new AssertionError("no scan of the spans' index in\n" + String.join("\n", plan));
    }

    /** PostgreSQL's plan for {@code sql}, run, a line a step, trimmed. */
    private static List<String> postgresPlan(Statement s, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (r.next()) {
                lines.add(r.getString(1).trim().replaceFirst("^->\\s*", ""));
            }
        }
        return lines;
    }

    /**
     * SQLite plans a query from the statistics its connection loaded, and a pooled connection may
     * hold none, or old ones (a node that was filled after it opened them): planned from none, the
     * lookup of an object's spans scanned every span and, for each, every object of its range, 1.5
     * s an object page at 3,000 page entries and more with each page partners read. The lookup must
     * start from the object whatever its connection knows.
     */
    @Test
    void theObjectPageLooksUpSpansFromTheObjectWhateverTheStatistics() throws SQLException {
        try (TestNode node = TestNode.start(Dialect.SQLITE)) {
            Collection c = node.newCollection();
            Partner p = partner(node, "share");
            post(node, c, 40);
            read(node, c, p, 5);
            Database db = node.node().database();
            try (Connection connection = db.dataSource().getConnection();
                    Statement s = connection.createStatement()) {
                s.execute("ANALYZE");
                // 40 objects: reading them all may well be cheaper than the index, but they are
                // read first, and each span is looked up from them
                assertThat(outermost(plan(s, LedgerLookups.spanned(Dialect.SQLITE))))
                        .as("with statistics")
                        .matches("(SCAN|SEARCH) o\\b.*");
                s.execute("DELETE FROM sqlite_stat1");
                s.execute("ANALYZE sqlite_schema"); // the connection forgets what it had loaded
                assertThat(outermost(plan(s, LedgerLookups.spanned(Dialect.SQLITE))))
                        .as("with none")
                        .startsWith("SEARCH o USING INDEX")
                        .contains("stix_id=?");
            }
        }
    }

    /** SQLite's plan for {@code sql}, a line a step, outermost loop first. */
    static List<String> plan(Statement s, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet r = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (r.next()) {
                lines.add(r.getString("detail"));
            }
        }
        return lines;
    }

    @EachDatabase
    void aPageEntryIsNotAppendedWithoutItsSpan(TestNode node) {
        Ledger ledger = node.node().ledger();
        long before = head(ledger);
        List<LedgerEntry.Draft> drafts =
                PageTesting.pages(
                        LedgerEntry.Kind.DISCLOSED_PAGE,
                        List.of(version("indicator--" + UUID.randomUUID())));
        assertThatThrownBy(() -> node.node().database().inTransaction(() -> ledger.append(drafts)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with the span of what they list");
        assertThat(head(ledger)).isEqualTo(before);
    }

    private static void moveSpan(Database db, long seq, long from, long to) {
        db.jdbc()
                .sql(
                        "UPDATE ledger_page_spans SET added_from = :f, added_to = :t,"
                                + " width_class = :c WHERE seq = :s")
                .param("f", from)
                .param("t", to)
                .param("c", new Ledger.Span(from, to).widthClass())
                .param("s", seq)
                .update();
    }

    private static void setSpansFrom(Database db, long seq) {
        db.jdbc()
                .sql("UPDATE ledger_spans_from SET seq = :s WHERE id = 1")
                .param("s", seq)
                .update();
    }
}
