package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.entente.server.db.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several request threads appending at once, each in its own transaction. */
class ConcurrencyTest {
    private static final int THREADS = 6;
    private static final int TRANSACTIONS = 25;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void concurrentAppendsKeepAGapFreeSequenceAndValidChains(Dialect dialect) throws Exception {
        try (LedgerFixture f = LedgerFixture.fresh(dialect)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<LedgerEntry> written = new ConcurrentLinkedQueue<>();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(
                        pool.submit(
                                () -> {
                                    start.await();
                                    for (int i = 0; i < TRANSACTIONS; i++) {
                                        List<LedgerEntry.Draft> batch = new ArrayList<>();
                                        int n = 1 + ThreadLocalRandom.current().nextInt(12);
                                        for (int k = 0; k < n; k++) {
                                            batch.add(
                                                    LedgerFixture.disclosure(
                                                            LedgerFixture.T0 + i,
                                                            "org-"
                                                                    + ThreadLocalRandom.current()
                                                                            .nextInt(4),
                                                            thread * 1000 + i));
                                        }
                                        written.addAll(f.append(batch));
                                    }
                                    return null;
                                }));
            }
            start.countDown();
            for (Future<?> d : done) {
                d.get();
            }
            pool.shutdown();

            List<Long> seqs = written.stream().map(LedgerEntry::seq).sorted().toList();
            assertThat(seqs).containsExactlyElementsOf(LedgerTest.range(1, seqs.size()));
            VerifyResult r = f.ledger.verify();
            assertThat(r.intact()).as(r.problem().orElse("")).isTrue();
            assertThat(r.checked()).isEqualTo(seqs.size());
            for (int org = 0; org < 4; org++) {
                String id = "org-" + org;
                List<Long> orgSeqs =
                        written.stream()
                                .filter(e -> e.orgId().equals(id))
                                .map(LedgerEntry::orgSeq)
                                .sorted()
                                .toList();
                assertThat(orgSeqs).containsExactlyElementsOf(LedgerTest.range(1, orgSeqs.size()));
                assertThat(f.ledger.verify(id).intact()).isTrue();
            }
        }
    }
}
