package org.entente.server.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts the positions [1, last] of a chain into ranges and runs a task over each, in parallel, each
 * task on its own thread (and so its own connection). Verification needs only an entry and its
 * predecessor, so ranges can be checked apart; this class owns only the cutting and the threads,
 * not what a range checks.
 */
final class ParallelRanges {
    /** The work on one range; {@code stop} holds the lowest position found broken so far. */
    interface Task<R> {
        R run(long lo, long hi, AtomicLong stop);
    }

    private final int threads;
    private final long minRange;
    private final long maxRange;

    ParallelRanges(int threads, long minRange, long maxRange) {
        this.threads = Math.max(1, threads);
        this.minRange = minRange;
        this.maxRange = maxRange;
    }

    /**
     * Runs the task over [1, last] cut into ranges, in parallel, and returns the results in order.
     * {@code stop} holds the lowest position found broken so far: ranges above it give up.
     */
    <R> List<R> run(long last, Task<R> task) {
        if (last <= 0) {
            return List.of();
        }
        long size = Math.max(minRange, Math.min(maxRange, last / (threads * 8L) + 1));
        AtomicLong stop = new AtomicLong(Long.MAX_VALUE);
        List<long[]> ranges = new ArrayList<>();
        for (long lo = 1; lo <= last; lo += size) {
            ranges.add(new long[] {lo, Math.min(last, lo + size - 1)});
        }
        if (ranges.size() == 1 || threads == 1) {
            List<R> results = new ArrayList<>();
            for (long[] r : ranges) {
                results.add(task.run(r[0], r[1], stop));
            }
            return results;
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(threads, ranges.size()),
                        runnable -> {
                            Thread t = new Thread(runnable, "ledger-verify");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (long[] r : ranges) {
                futures.add(pool.submit(() -> task.run(r[0], r[1], stop)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ledger verification was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
