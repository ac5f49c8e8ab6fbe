package org.entente.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.entente.stix.StixJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Fills the full-text index off the write path (docs/adr/0015): ingest stores objects and nothing
 * else, and this loop reads each collection past its mark, words the new versions in Java outside
 * any transaction, and writes a batch and the new mark in one short transaction of its own.
 *
 * <p>It gives way to ingest: while objects keep arriving (the collections' newest date_added moved
 * since the last round) it writes one small batch every few rounds (200 versions per 5 s), so that
 * a sustained feed loses at most a sliver of the database's one writer (SQLite) and of the cores to
 * it; once the node is quiet it catches up in full batches, resting as long as each batch took, so
 * that it never holds more than half of one core. Objects are searchable a round after they are
 * stored when the node is quiet, later while a large feed lasts.
 *
 * <p>It gives way to reads the same way: while reads wait for their turn at the node's gate
 * (docs/adr/0031), or are worked on for half the time or more (on average half a core, though none
 * waits: 5,000 GETs a second on two cores), the cores are theirs, and each batch it commits makes
 * every pooled SQLite connection drop its page cache (a commit changes the database under them), so
 * it trickles until reads have left the node quiet for a whole round. A catch-up beside such reads
 * had put their 99th percentile at 15.6 ms against 4.1 ms (docs/benchmarks.md, "Session 19").
 */
public final class SearchIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);

    /** Versions read and written per batch once the node is quiet. */
    static final int BATCH = 1000;

    /** Versions per busy round while ingest is busy. */
    static final int BUSY_BATCH = 200;

    /** While ingest is busy, one round in this many writes a batch. */
    static final int BUSY_EVERY = 5;

    /**
     * The node's reads as the indexer follows them: running totals of the gate (docs/adr/0031).
     *
     * @param queued how many reads have had to wait for their turn
     * @param workedNanos how long reads have been worked on, in nanoseconds, summed over the reads
     *     worked on at once (two reads at once for a second count two seconds)
     */
    public record Reads(LongSupplier queued, LongSupplier workedNanos) {
        public Reads {
            Objects.requireNonNull(queued, "queued");
            Objects.requireNonNull(workedNanos, "workedNanos");
        }
    }

    private final SearchIndex index;
    private final long periodMillis;
    private final Reads reads;
    private final LongSupplier nanoClock;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "search-indexer");
                        t.setDaemon(true);
                        return t;
                    });
    private long storedBefore = -1;
    private long queuedBefore;
    private long workedBefore;
    private long askedAt;
    private long busyRounds;
    private volatile boolean closed;

    /**
     * @param periodMillis the pause between rounds
     * @param reads the gate's totals
     * @param nanoClock the clock of {@code reads.workedNanos()} ({@link System#nanoTime} in the
     *     node)
     */
    public SearchIndexer(SearchDao dao, long periodMillis, Reads reads, LongSupplier nanoClock) {
        this.index = dao.index();
        this.periodMillis = periodMillis;
        this.reads = Objects.requireNonNull(reads, "reads");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.queuedBefore = reads.queued().getAsLong();
        this.workedBefore = reads.workedNanos().getAsLong();
        this.askedAt = nanoClock.getAsLong();
    }

    public void start() {
        executor.scheduleWithFixedDelay(
                this::round, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One round: a trickle while the node is busy, else a catch-up that gives way as it goes. */
    void round() {
        try {
            long stored = index.stored();
            boolean busy = storedBefore >= 0 && stored != storedBefore;
            storedBefore = stored;
            busy |= readsBusy();
            if (busy) {
                // a feed is arriving or reads take the cores: a trickle keeps the index from
                // falling behind without end, and leaves the writer (and the cores) to them
                if (busyRounds++ % BUSY_EVERY == 0) {
                    indexSome(BUSY_BATCH);
                }
                return;
            }
            busyRounds = 0;
            while (!closed) {
                long started = System.nanoTime();
                if (indexSome(BATCH) == 0) {
                    return;
                }
                long took = System.nanoTime() - started;
                if (index.stored() != stored || readsBusy()) {
                    return; // ingest or reads have started again: give way until the next round
                }
                TimeUnit.NANOSECONDS.sleep(took);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("indexing for search failed; it is tried again", e);
        }
    }

    /**
     * Whether reads have kept the node busy since this was last asked: one waited for its turn, or
     * they were worked on for at least half the time between.
     */
    private boolean readsBusy() {
        long queued = reads.queued().getAsLong();
        long worked = reads.workedNanos().getAsLong();
        long now = nanoClock.getAsLong();
        long workedSince = worked - workedBefore;
        boolean busy =
                queued != queuedBefore || (workedSince > 0 && 2 * workedSince >= now - askedAt);
        queuedBefore = queued;
        workedBefore = worked;
        askedAt = now;
        return busy;
    }

    /**
     * Indexes up to {@code max} versions of each collection; returns how many were written. Also
     * what tests call to have everything stored so far searchable at once.
     */
    public int indexSome(int max) {
        running.lock();
        try {
            int written = 0;
            for (int seq : index.collectionSeqs()) {
                written += indexCollection(seq, max);
            }
            return written;
        } finally {
            running.unlock();
        }
    }

    /** Indexes everything stored so far (tests, and the bench before it searches). */
    public void catchUp() {
        while (indexSome(BATCH) > 0) {
            // each batch is its own transaction
        }
    }

    private int indexCollection(int seq, int max) {
        long mark = index.mark(seq);
        List<SearchIndex.Unindexed> rows = index.after(seq, mark, max);
        if (rows.isEmpty()) {
            return 0;
        }
        List<SearchIndex.Entry> entries = new ArrayList<>(rows.size());
        for (SearchIndex.Unindexed r : rows) {
            entries.add(new SearchIndex.Entry(r.dateAdded(), SearchText.words(r.body()), refs(r)));
        }
        long to = rows.get(rows.size() - 1).dateAdded();
        return index.write(seq, mark, to, entries) ? rows.size() : 0;
    }

    /** What a relationship or a sighting points at. */
    static List<String> refs(SearchIndex.Unindexed r) {
        List<String> props =
                switch (r.type()) {
                    case "relationship" -> List.of("source_ref", "target_ref");
                    case "sighting" -> List.of("sighting_of_ref");
                    default -> List.of();
                };
        if (props.isEmpty()) {
            return List.of();
        }
        JsonNode o;
        try {
            o = StixJson.parse(r.body());
        } catch (RuntimeException e) {
            return List.of();
        }
        List<String> refs = new ArrayList<>(2);
        for (String p : props) {
            JsonNode v = o.get(p);
            if (v != null && v.isString() && v.stringValue().length() <= 300) {
                refs.add(v.stringValue());
            }
        }
        return refs;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a round of search indexing was still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
