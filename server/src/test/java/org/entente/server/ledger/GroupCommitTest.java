package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.server.ledger.LedgerFixture.span;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.entente.server.db.Dialect;
import org.entente.server.db.Turns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Readers' page entries committed together (docs/adr/0033): what queues while one batch is written
 * is written by the next in one transaction, each caller returns only once its entries are
 * committed, and an append that cannot be written fails its own caller alone.
 */
class GroupCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void appendsQueuedWhileABatchIsWrittenAreCommittedTogetherInTheNext(Dialect dialect)
            throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            Gate gate = new Gate(f);
            GroupCommit group = new GroupCommit(gate, batch -> appendEach(f, batch));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                Future<List<LedgerEntry>> first = pool.submit(() -> group.append(page(0), span(0)));
                gate.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                List<Future<List<LedgerEntry>>> queued = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    int n = i;
                    queued.add(pool.submit(() -> group.append(page(n), span(n))));
                }
                awaitQueued(group, 5);
                // nothing of the queued reads is written while the first batch is
                assertThat(queued).noneMatch(Future::isDone);
                assertThat(entries(f)).isZero();

                gate.release.countDown();
                List<LedgerEntry> all =
                        new ArrayList<>(first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                for (Future<List<LedgerEntry>> q : queued) {
                    List<LedgerEntry> mine = q.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(mine).hasSize(1);
                    all.addAll(mine);
                }
                assertThat(gate.transactions.get()).isEqualTo(2);
                assertThat(all)
                        .extracting(LedgerEntry::seq)
                        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
                assertThat(entries(f)).isEqualTo(6);
                assertThat(spans(f)).isEqualTo(6);
                VerifyResult r = f.ledger.verify();
                assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anAppendThatCannotBeWrittenFailsItsOwnCallerAlone(Dialect dialect) throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            Gate gate = new Gate(f);
            GroupCommit group =
                    new GroupCommit(
                            gate,
                            batch -> {
                                List<List<LedgerEntry>> written = appendEach(f, batch);
                                for (GroupCommit.Pending p : batch) {
                                    if (p.drafts.get(0).principalId().equals("poison")) {
                                        // written, then the statement after fails: rolled back
                                        throw new IllegalStateException("the poisoned append");
                                    }
                                }
                                return written;
                            });
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Future<List<LedgerEntry>> first = pool.submit(() -> group.append(page(0), span(0)));
                gate.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                Future<List<LedgerEntry>> good = pool.submit(() -> group.append(page(1), span(1)));
                awaitQueued(group, 1);
                Future<List<LedgerEntry>> poisoned =
                        pool.submit(() -> group.append(page(2, "poison"), span(2)));
                awaitQueued(group, 2);
                Future<List<LedgerEntry>> alsoGood =
                        pool.submit(() -> group.append(page(3), span(3)));
                awaitQueued(group, 3);
                gate.release.countDown();

                assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
                assertThat(good.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
                assertThat(alsoGood.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
                assertThatThrownBy(() -> poisoned.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .hasRootCauseMessage("the poisoned append");
                // the batch of three, then each alone
                assertThat(gate.transactions.get()).isEqualTo(1 + 1 + 3);
                assertThat(entries(f)).isEqualTo(3);
                assertThat(spans(f)).isEqualTo(3);
                VerifyResult r = f.ledger.verify();
                assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A reader gives its turn at the cores back before it waits for a commit, its own or another's
     * (docs/adr/0037): the writer while it commits, and an append queued behind it at once.
     */
    @Test
    void aCallerGivesItsTurnAtTheCoresBackBeforeItWaitsForTheCommit() throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.SQLITE)) {
            Gate gate = new Gate(f);
            GroupCommit group = new GroupCommit(gate, batch -> appendEach(f, batch));
            CountDownLatch writerGaveBack = new CountDownLatch(1);
            CountDownLatch queuedGaveBack = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<List<LedgerEntry>> writer =
                        pool.submit(
                                () -> {
                                    Turns.holding(writerGaveBack::countDown);
                                    return group.append(page(0), span(0));
                                });
                gate.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(writerGaveBack.getCount()).as("the writer's turn").isZero();
                Future<List<LedgerEntry>> queued =
                        pool.submit(
                                () -> {
                                    Turns.holding(queuedGaveBack::countDown);
                                    return group.append(page(1), span(1));
                                });
                awaitQueued(group, 1);
                assertThat(queuedGaveBack.getCount()).as("the queued append's turn").isZero();
                assertThat(queued).isNotDone();

                gate.release.countDown();
                assertThat(writer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
                assertThat(queued.get(WAIT.toSeconds(), TimeUnit.SECONDS)).hasSize(1);
                assertThat(entries(f)).isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void insideTheCallersTransactionItJoinsThatOne() throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.SQLITE)) {
            assertThatThrownBy(
                            () ->
                                    f.db.inTransaction(
                                            () -> {
                                                f.ledger.appendCommitted(page(0), span(0));
                                                throw new IllegalStateException("rolled back");
                                            }))
                    .hasMessage("rolled back");
            assertThat(entries(f)).isZero();

            List<LedgerEntry> alone = f.ledger.appendCommitted(page(1), span(1));
            assertThat(alone).extracting(LedgerEntry::seq).containsExactly(1L);
            assertThat(entries(f)).isEqualTo(1);
        }
    }

    /**
     * Transactions of the fixture's database, counted; the first waits inside, its write lock
     * taken, until released.
     */
    private static final class Gate
            implements Function<Supplier<List<List<LedgerEntry>>>, List<List<LedgerEntry>>> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger transactions = new AtomicInteger();
        private final LedgerFixture f;

        Gate(LedgerFixture f) {
            this.f = f;
        }

        @Override
        public List<List<LedgerEntry>> apply(Supplier<List<List<LedgerEntry>>> work) {
            int n = transactions.incrementAndGet();
            return f.db.inTransaction(
                    () -> {
                        List<List<LedgerEntry>> written = work.get();
                        if (n == 1) {
                            entered.countDown();
                            try {
                                if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("never released");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        }
                        return written;
                    });
        }
    }

    /** Waits, up to a minute, until {@code n} appends wait behind the batch being written. */
    private static void awaitQueued(GroupCommit group, int n) throws InterruptedException {
        assertThat(group.awaitQueued(n, WAIT)).as(n + " appends queued within " + WAIT).isTrue();
    }

    private static List<List<LedgerEntry>> appendEach(
            LedgerFixture f, List<GroupCommit.Pending> batch) {
        List<List<LedgerEntry>> each = new ArrayList<>();
        for (GroupCommit.Pending p : batch) {
            each.add(f.ledger.append(p.drafts, p.span));
        }
        return each;
    }

    private static List<LedgerEntry.Draft> page(int i) {
        return page(i, "principal-" + i);
    }

    private static List<LedgerEntry.Draft> page(int i, String principal) {
        return LedgerFixture.onePage(i, principal, "org-" + (i % 2));
    }

    private static long entries(LedgerFixture f) {
        return f.db.jdbc().sql("SELECT count(*) FROM ledger_entries").query(Long.class).single();
    }

    private static long spans(LedgerFixture f) {
        return f.db.jdbc().sql("SELECT count(*) FROM ledger_page_spans").query(Long.class).single();
    }
}
