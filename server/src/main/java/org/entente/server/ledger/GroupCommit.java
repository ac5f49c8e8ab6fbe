package org.entente.server.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.entente.server.db.Turns;

/**
 * Appends that readers make at the same moment, committed together (docs/adr/0033): each caller
 * queues its drafts and waits; whoever finds no batch being written takes every queued append and
 * writes them as one append in one transaction (each caller's entries in the order they came, each
 * with its own span), then wakes every caller whose append it committed. A caller returns only once
 * its entries are committed, so a page still leaves after its entries and never without them.
 *
 * <p>A durable commit costs 0.5 to 1 ms (an fsync), and each reader used to pay one alone: a
 * partner's reads of one object or of a small page, 16 at once, went 1,100 a second whatever the
 * cores, one commit after another. One commit now serves every read that arrived while the last was
 * written.
 *
 * <p>If a batch of several fails, each of its appends is tried again alone, so that one that cannot
 * be written fails only its own caller.
 */
final class GroupCommit {
    /** Writes queued appends and commits them before it returns; returns each one's entries. */
    private final Function<List<Pending>, List<List<LedgerEntry>>> commit;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final Condition queuedMore = lock.newCondition();
    private List<Pending> queue = new ArrayList<>();
    private boolean writing;

    /**
     * @param transaction runs its argument in one transaction of its own, committed when it returns
     * @param write writes queued appends inside the open transaction; returns each one's entries
     */
    GroupCommit(
            Function<Supplier<List<List<LedgerEntry>>>, List<List<LedgerEntry>>> transaction,
            Function<List<Pending>, List<List<LedgerEntry>>> write) {
        this(
                batch ->
                        Objects.requireNonNull(transaction, "transaction")
                                .apply(() -> write.apply(batch)));
        Objects.requireNonNull(write, "write");
    }

    /**
     * @param commit writes queued appends and commits them, all or none, before it returns; returns
     *     each one's entries
     */
    GroupCommit(Function<List<Pending>, List<List<LedgerEntry>>> commit) {
        this.commit = Objects.requireNonNull(commit, "commit");
    }

    /** One caller's append: its drafts and the span they list, then what became of them. */
    static final class Pending {
        final List<LedgerEntry.Draft> drafts;
        final Ledger.Span span;
        private List<LedgerEntry> entries;
        private RuntimeException failure;
        private boolean done;

        Pending(List<LedgerEntry.Draft> drafts, Ledger.Span span) {
            this.drafts = List.copyOf(drafts);
            this.span = Objects.requireNonNull(span, "span");
        }
    }

    /**
     * Appends {@code drafts} with {@code span} and returns their entries once committed.
     *
     * @throws RuntimeException what writing them threw; nothing of them was committed
     */
    List<LedgerEntry> append(List<LedgerEntry.Draft> drafts, Ledger.Span span) {
        Pending mine = new Pending(drafts, span);
        // what is left of the caller's read is waiting for a commit (its own or another's) and
        // answering: the turn at the cores goes to the next read, whose append joins the next batch
        Turns.giveBack();
        List<Pending> batch;
        lock.lock();
        try {
            queue.add(mine);
            queuedMore.signalAll(); // for tests that wait for appends to queue; none waits else
            // NB: uninterruptibly: a caller must not send what it read before its entries are
            // committed, nor leave them half-way; an interrupt stays set for it to see after
            while (writing && !mine.done) {
                written.awaitUninterruptibly();
            }
            if (mine.done) {
                return outcome(mine);
            }
            writing = true;
            batch = queue;
            queue = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        try {
            commit(batch);
        } finally {
            lock.lock();
            try {
                writing = false;
                for (Pending p : batch) {
                    if (p.entries == null && p.failure == null) {
                        // the writing thread met an Error: nothing of the batch was committed
                        p.failure =
                                new IllegalStateException(
                                        "the ledger could not write the entries of this read");
                    }
                    p.done = true;
                }
                written.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return outcome(mine);
    }

    /**
     * Waits up to {@code timeout} until at least {@code n} appends wait for the batch being written
     * to end (for tests); returns whether they do.
     */
    boolean awaitQueued(int n, java.time.Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (queue.size() < n) {
                if (left <= 0) {
                    return false;
                }
                left = queuedMore.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code batch} in one transaction; after a failure, each of several alone. */
    private void commit(List<Pending> batch) {
        try {
            List<List<LedgerEntry>> all = commit.apply(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).entries = all.get(i);
            }
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).failure = e;
                return;
            }
        }
        for (Pending p : batch) {
            try {
                p.entries = commit.apply(List.of(p)).get(0);
            } catch (RuntimeException e) {
                p.failure = e;
            }
        }
    }

    private static List<LedgerEntry> outcome(Pending p) {
        if (p.failure != null) {
            throw p.failure;
        }
        return p.entries;
    }
}
