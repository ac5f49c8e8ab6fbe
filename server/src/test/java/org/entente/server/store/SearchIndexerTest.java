package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.ingest.Ingest;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.PlainNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The search indexer catches up when the node is quiet and gives way, to a trickle, while reads
 * wait for their turn (docs/adr/0015, 0031). Its rounds are called here one by one; the node's own
 * loop is not running (no web server).
 */
class SearchIndexerTest {
    private static void store(Node n, int count) {
        Ingest ingest = PlainNode.ingest(n, 1000);
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            objects.add(
                    Fixtures.indicator(Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z"));
        }
        Collection c = n.collections().find("api", "threat-intel").orElseThrow();
        PostStatus status =
                ingest.add(
                        c,
                        "test",
                        n.policy().operatorWrite(),
                        new Payload.Bytes(
                                Fixtures.envelope(objects).getBytes(StandardCharsets.UTF_8)),
                        Ingest.Shape.ENVELOPE,
                        Ingest.Listener.NONE);
        assertThat(status.successCount()).isEqualTo(count);
    }

    private static long indexed(Node n) {
        return n.database()
                .jdbc()
                .sql("SELECT COUNT(*) FROM search_docs")
                .query(Long.class)
                .single();
    }

    /** An indexer over the node's search index, following these totals of the gate. */
    private static SearchIndexer indexer(
            Node n, LongSupplier queued, LongSupplier workedNanos, LongSupplier nanoClock) {
        return new SearchIndexer(
                n.part(SearchDao.class),
                1000,
                new SearchIndexer.Reads(queued, workedNanos),
                nanoClock);
    }

    /** The values in turn, one per reading, then the last one for good. */
    private static LongSupplier inTurn(List<Long> values) {
        java.util.Iterator<Long> next = values.iterator();
        long[] last = {0};
        return () -> last[0] = next.hasNext() ? next.next() : last[0];
    }

    /**
     * Rounds of a busy node ({@code busy} runs before each) index one small batch, then nothing
     * until the trickle's next turn.
     */
    private static void trickles(Node n, SearchIndexer indexer, Runnable busy) {
        busy.run();
        indexer.round();
        assertThat(indexed(n)).as("one small batch").isEqualTo(SearchIndexer.BUSY_BATCH);
        for (int i = 1; i < SearchIndexer.BUSY_EVERY; i++) {
            busy.run();
            indexer.round();
        }
        assertThat(indexed(n))
                .as("nothing more while the node stays busy, until the trickle's next turn")
                .isEqualTo(SearchIndexer.BUSY_BATCH);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void whileReadsWaitForTheirTurnTheIndexerTricklesAndCatchesUpOnceTheyStopWaiting(
            Dialect dialect) throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            store(n, 2500);
            AtomicLong queued = new AtomicLong(7);
            SearchIndexer indexer = indexer(n, queued::get, () -> 0, System::nanoTime);

            trickles(n, indexer, queued::incrementAndGet); // a read waits before each round
            queued.incrementAndGet();
            indexer.round();
            assertThat(indexed(n)).isEqualTo(2L * SearchIndexer.BUSY_BATCH);

            indexer.round(); // no read waited since the last round
            assertThat(indexed(n)).as("caught up").isEqualTo(2500);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCatchUpStopsAtTheFirstBatchAfterWhichAReadWaited(Dialect dialect) throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            store(n, 2500);
            // what the count reads, in turn: when the indexer is made, at the round's start, after
            // its first full batch (a read waited meanwhile), at the next round's start (another
            // waited), and from then on (none)
            List<Long> counts = List.of(0L, 0L, 1L, 2L);
            SearchIndexer indexer = indexer(n, inTurn(counts), () -> 0, System::nanoTime);
            indexer.round();
            assertThat(indexed(n)).isEqualTo(SearchIndexer.BATCH);
            indexer.round(); // a read waited during the last round: a trickle
            assertThat(indexed(n)).isEqualTo(SearchIndexer.BATCH + SearchIndexer.BUSY_BATCH);
            indexer.round();
            assertThat(indexed(n)).isEqualTo(2500);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void whileReadsKeepTheCoresBusyTheIndexerTricklesThoughNoneWaitsForItsTurn(Dialect dialect)
            throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            store(n, 2500);
            // the gate's running totals and the clock, moved by hand: no read ever waits, but
            // between two rounds reads are worked on for 0.6 s of every second
            AtomicLong worked = new AtomicLong();
            AtomicLong now = new AtomicLong(1_000_000_000L);
            SearchIndexer indexer = indexer(n, () -> 3, worked::get, now::get);
            Runnable busySecond =
                    () -> {
                        now.addAndGet(1_000_000_000L);
                        worked.addAndGet(600_000_000L);
                    };

            trickles(n, indexer, busySecond);

            // a console user's few reads: 10 ms of work in a second
            now.addAndGet(1_000_000_000L);
            worked.addAndGet(10_000_000L);
            indexer.round();
            assertThat(indexed(n)).as("caught up").isEqualTo(2500);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCatchUpStopsAtTheFirstBatchDuringWhichReadsKeptTheCoresBusy(Dialect dialect)
            throws Exception {
        try (Node n = PlainNode.fresh(dialect)) {
            store(n, 2500);
            // the clock moves a second at each reading; the reads' work, at each reading in turn:
            // when the indexer is made, at the round's start (none since), after the first batch
            // (0.5 s of the second: the node is busy)
            List<Long> worked = List.of(0L, 0L, 500_000_000L);
            long[] now = {0};
            SearchIndexer indexer =
                    indexer(n, () -> 0, inTurn(worked), () -> now[0] += 1_000_000_000L);
            indexer.round();
            assertThat(indexed(n)).isEqualTo(SearchIndexer.BATCH);
        }
    }
}
