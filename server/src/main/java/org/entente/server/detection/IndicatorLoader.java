package org.entente.server.detection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entente.server.collection.Collection;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.PreparedObject;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Loads into the {@link IndicatorIndex} the indicators the local agency's readers see ({@link
 * Policy#localReaders}): never a version kept apart for the organisation that sent it. Every latest
 * indicator held is read once, on a thread of its own, when {@link #start} is first called; from
 * then on, indicators stored later are queued as their chunk commits (a reference to bytes already
 * in memory, nothing more on the write path) and compiled by the same thread, or before the next
 * batch when only a few wait ({@link #drainBeforeBatch}).
 */
final class IndicatorLoader {
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorLoader.class);

    /**
     * Indicators compiled before a batch when no more than this many wait; more are left to the
     * compiling thread, so that a batch never pays for a large import.
     */
    private static final int DRAIN_BEFORE_BATCH = 1000;

    /** An indicator stored since the compile started, not compiled yet. */
    private record Pending(String collectionId, String lineage, Tlp tlp, byte[] body) {}

    /** Ends a compile that the node's shutdown interrupts. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("detection stopped", null, false, false);
        }
    }

    private final ObjectDao objects;
    private final Policy policy;
    private final IndicatorIndex index;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> compiled = new CompletableFuture<>();
    private final ExecutorService compiler =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "detection-compiler");
                        t.setDaemon(true);
                        return t;
                    });
    private volatile boolean started;
    private volatile boolean readingStore;
    private volatile boolean stopping;

    IndicatorLoader(ObjectDao objects, Policy policy, IndicatorIndex index) {
        this.objects = objects;
        this.policy = policy;
        this.index = index;
    }

    /** Ingest's observer: queues the indicators of a committed chunk once the compile started. */
    void stored(Collection collection, List<PreparedObject> stored) {
        if (!started) {
            return; // compiling reads them from the store
        }
        boolean any = false;
        for (PreparedObject o : stored) {
            if (o.type().equals("indicator")) {
                pending.add(
                        new Pending(
                                collection.id(),
                                o.lineage(),
                                o.tlp().orElse(collection.defaultTlp()),
                                o.body()));
                any = true;
            }
        }
        if (any) {
            try {
                compiler.execute(this::drainAll);
            } catch (RejectedExecutionException shuttingDown) {
                // the node stops: nothing more to compile
            }
        }
    }

    /** Starts compiling every latest indicator held, once, on the compiling thread. */
    synchronized void start() {
        if (started) {
            return;
        }
        // from here on, stored indicators queue up; one stored meanwhile may be read both from the
        // store and the queue, and adding the same version twice changes nothing
        started = true;
        readingStore = true;
        try {
            compiler.execute(this::compileAll);
        } catch (RejectedExecutionException shuttingDown) {
            readingStore = false;
            compiled.complete(null);
        }
    }

    /** Whether the indicators held when the compile started are still being read and compiled. */
    boolean readingStore() {
        return readingStore;
    }

    /** Whether any indicator stored is still waiting to be compiled. */
    boolean compiling() {
        return readingStore || !pending.isEmpty();
    }

    /**
     * Waits at most {@code patience} for the indicators held at the start to be compiled; on time
     * out the caller goes on with what is compiled so far.
     */
    void awaitStore(Duration patience) {
        if (!readingStore) {
            return;
        }
        try {
            compiled.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillCompiling) {
            // answered with what is compiled so far; the answer says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // compileAll completes normally; nothing to report here
        }
    }

    /** Stops compiling (the node shuts down); a compile under way ends at its next indicator. */
    void stop() {
        stopping = true;
        compiler.shutdownNow();
    }

    private void compileAll() {
        long start = System.nanoTime();
        try {
            objects.latestOfType(
                    "indicator",
                    policy.localReaders(),
                    row -> {
                        if (stopping) {
                            throw new Stopped();
                        }
                        // NB: parsed outside the lock; only the index's update holds it, so a
                        // batch of events waits for one indicator at most
                        JsonNode indicator = StixJson.parse(row.body());
                        index.lock.lock();
                        try {
                            index.add(row.collectionId(), row.lineage(), row.tlp(), indicator);
                        } finally {
                            index.lock.unlock();
                        }
                    });
            drainAll();
        } catch (Stopped e) {
            return;
        } catch (RuntimeException e) {
            LOG.error("detection: compiling the stored indicators failed", e);
        } finally {
            readingStore = false;
            compiled.complete(null);
        }
        int compiledCount;
        index.lock.lock();
        try {
            compiledCount = index.size();
        } finally {
            index.lock.unlock();
        }
        long leftOut = index.leftOut();
        LOG.info(
                "detection: {} indicators compiled in {} ms, about {} MB of the {} MB memory"
                        + " budget{}",
                compiledCount,
                (System.nanoTime() - start) / 1_000_000,
                index.used() / (1024 * 1024),
                index.budget() / (1024 * 1024),
                leftOut == 0 ? "" : "; " + leftOut + " left out (" + index.whyLeftOut() + ")");
    }

    private void drainAll() {
        while (!stopping) {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            JsonNode indicator = StixJson.parse(p.body());
            index.lock.lock();
            try {
                index.add(p.collectionId(), p.lineage(), p.tlp(), indicator);
            } finally {
                index.lock.unlock();
            }
        }
    }

    /**
     * Compiles a few waiting indicators before a batch, so that a new one is matched at once. The
     * caller holds the index's lock.
     */
    void drainBeforeBatch() {
        for (int i = 0; i < DRAIN_BEFORE_BATCH; i++) {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            index.add(p.collectionId(), p.lineage(), p.tlp(), StixJson.parse(p.body()));
        }
    }
}
