package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.ledger.LedgerFixture.span;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On PostgreSQL a reader's append goes in one statement of its own from the head the ledger's last
 * append left, which writes anything only while that is still the head (docs/adr/0036). Another
 * writer (another node, the command line) that moved the head first, or holds it while we write,
 * must leave one chain without a gap or a fork: our entries after theirs.
 */
class AppendAtKnownHeadTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aReadersNextAppendGoesInOneStatementOnPostgresql(Dialect dialect) {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            List<LedgerEntry> first = f.ledger.appendCommitted(page(0, "org-a"), span(0));
            List<LedgerEntry> second = f.ledger.appendCommitted(page(1, "org-a"), span(1));

            assertThat(f.ledger.appendsAtKnownHead())
                    .isEqualTo(dialect == Dialect.POSTGRESQL ? 1 : 0);
            assertThat(second.get(0).seq()).isEqualTo(2);
            assertThat(second.get(0).prevHash()).isEqualTo(first.get(0).hash());
            assertThat(second.get(0).orgPrevHash()).isEqualTo(first.get(0).orgHash());
            assertThat(count(f, "ledger_page_spans")).isEqualTo(2);
            assertThat(
                            f.db.jdbc()
                                    .sql("SELECT org_hash FROM ledger_org_heads WHERE org_id = ?")
                                    .param("org-a")
                                    .query(String.class)
                                    .single())
                    .isEqualTo(second.get(0).orgHash());
            f.assertIntact("org-a");
        }
    }

    @Test
    void anOrganisationWhoseHeadIsNotKnownTakesTheLockingPath() {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.POSTGRESQL)) {
            f.ledger.appendCommitted(page(0, "org-a"), span(0));
            f.ledger.appendCommitted(page(1, "org-b"), span(1));
            assertThat(f.ledger.appendsAtKnownHead()).isZero();

            f.ledger.appendCommitted(page(2, "org-b"), span(2));
            assertThat(f.ledger.appendsAtKnownHead()).isEqualTo(1);
            f.assertIntact("org-a", "org-b");
        }
    }

    @Test
    void anotherWritersAppendMadeFirstIsSeenAndOursFollowsIt() {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.POSTGRESQL)) {
            Ledger other = f.otherWriter();
            f.ledger.appendCommitted(page(0, "org-a"), span(0));
            List<LedgerEntry> theirs = other.appendCommitted(page(1, "org-a"), span(1));

            LedgerEntry ours = f.ledger.appendCommitted(page(2, "org-a"), span(2)).get(0);

            assertThat(f.ledger.appendsAtKnownHead()).as("the head had moved").isZero();
            assertThat(ours.seq()).isEqualTo(3);
            assertThat(ours.prevHash()).isEqualTo(theirs.get(0).hash());
            assertThat(ours.orgPrevHash()).isEqualTo(theirs.get(0).orgHash());
            assertThat(count(f, "ledger_entries")).isEqualTo(3);
            assertThat(count(f, "ledger_page_spans")).isEqualTo(3);
            f.assertIntact("org-a");
        }
    }

    @Test
    void anAppendWaitingOnAnotherWritersOpenAppendFollowsItOnceCommitted() throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.POSTGRESQL)) {
            f.ledger.appendCommitted(page(0, "org-a"), span(0));
            Held theirs = new Held(f, true);
            try {
                LedgerEntry mine = theirs.oursBehind(f);
                LedgerEntry before = theirs.entries().get(0);

                assertThat(mine.seq()).isEqualTo(3);
                assertThat(mine.prevHash()).isEqualTo(before.hash());
                assertThat(mine.orgPrevHash()).isEqualTo(before.orgHash());
                assertThat(f.ledger.appendsAtKnownHead()).isZero();
                f.assertIntact("org-a");
            } finally {
                theirs.close();
            }
        }
    }

    @Test
    void anAppendWaitingOnAnotherWritersAppendThatRollsBackGoesOnFromOurHead() throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(Dialect.POSTGRESQL)) {
            LedgerEntry first = f.ledger.appendCommitted(page(0, "org-a"), span(0)).get(0);
            Held theirs = new Held(f, false);
            try {
                LedgerEntry mine = theirs.oursBehind(f);

                assertThat(mine.seq()).isEqualTo(2);
                assertThat(mine.prevHash()).isEqualTo(first.hash());
                assertThat(f.ledger.appendsAtKnownHead()).isEqualTo(1);
                assertThat(count(f, "ledger_entries")).isEqualTo(2);
                f.assertIntact("org-a");
            } finally {
                theirs.close();
            }
        }
    }

    /**
     * Another writer's append of one page for org-a, in a transaction held open (the head locked)
     * until {@link #release}, then committed or rolled back.
     */
    private static final class Held implements AutoCloseable {
        private final ExecutorService pool = Executors.newFixedThreadPool(2);
        private final CountDownLatch appended = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final Future<List<LedgerEntry>> done;

        Held(LedgerFixture f, boolean commit) throws InterruptedException {
            Ledger other = f.otherWriter();
            done =
                    pool.submit(
                            () -> {
                                try {
                                    return f.db.inTransaction(
                                            () -> {
                                                List<LedgerEntry> e =
                                                        other.append(page(1, "org-a"), span(1));
                                                appended.countDown();
                                                await(released);
                                                if (!commit) {
                                                    throw new IllegalStateException("rolled back");
                                                }
                                                return e;
                                            });
                                } catch (IllegalStateException e) {
                                    return List.of();
                                }
                            });
            assertThat(appended.await(60, TimeUnit.SECONDS)).as("their append").isTrue();
        }

        /**
         * Our append of one page for org-a, made while theirs holds the head: once it waits on
         * their lock, theirs ends; returns our entry.
         */
        LedgerEntry oursBehind(LedgerFixture f) throws Exception {
            Future<List<LedgerEntry>> ours =
                    pool.submit(() -> f.ledger.appendCommitted(page(2, "org-a"), span(2)));
            Databases.awaitASessionWaitingOnALock(f.db, "our append to wait for theirs");
            released.countDown();
            return ours.get(60, TimeUnit.SECONDS).get(0);
        }

        List<LedgerEntry> entries() throws Exception {
            return done.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            released.countDown();
            pool.shutdownNow();
        }

        private static void await(CountDownLatch latch) {
            try {
                assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static long count(LedgerFixture f, String table) {
        return f.db.jdbc().sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static List<LedgerEntry.Draft> page(int i, String org) {
        return LedgerFixture.onePage(i, "principal-" + i, org);
    }
}
