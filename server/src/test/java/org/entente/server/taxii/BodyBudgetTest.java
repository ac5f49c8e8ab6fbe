package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A body of declared length is read into one array of that length while the bytes promised to
 * bodies not yet arrived stay within the budget; past it, a body takes memory only as its bytes
 * arrive, so clients that declare much and send little cannot hold the heap.
 */
class BodyBudgetTest {
    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** Gives its bytes a few at a time and notes what the budget had reserved at each read. */
    private static final class Watched extends InputStream {
        private final InputStream in;
        private final BodyBudget budget;
        final List<Long> reserved = new ArrayList<>();

        Watched(byte[] data, BodyBudget budget) {
            this.in = new ByteArrayInputStream(data);
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            reserved.add(budget.reserved());
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reserved.add(budget.reserved());
            return in.read(b, off, Math.min(len, 1000));
        }
    }

    @Test
    void aBodyWithinTheBudgetHoldsItsDeclaredLengthUntilItHasArrivedThenGivesItBack()
            throws IOException {
        BodyBudget budget = new BodyBudget(100_000);
        byte[] data = bytes(40_000);
        Watched in = new Watched(data, budget);

        assertThat(budget.read(in, data.length)).isEqualTo(data);
        assertThat(in.reserved).hasSizeGreaterThan(1).containsOnly(40_000L);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aBodyOverWhatIsLeftIsReadAsItArrivesAndReservesNothing() throws IOException {
        BodyBudget budget = new BodyBudget(30_000);
        byte[] data = bytes(40_000);
        Watched in = new Watched(data, budget);

        assertThat(budget.read(in, data.length)).isEqualTo(data);
        assertThat(in.reserved).containsOnly(0L);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void bodiesArrivingTogetherNeverReserveMoreThanTheBudget() throws Exception {
        BodyBudget budget = new BodyBudget(100_000);
        byte[] first = bytes(60_000);
        byte[] second = bytes(60_001);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the first client sends its first bytes, then waits, its declared length reserved
        InputStream slow =
                new InputStream() {
                    private final InputStream in = new ByteArrayInputStream(first);

                    @Override
                    public int read() throws IOException {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (off > 0) {
                            holding.countDown();
                            try {
                                assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IOException(e);
                            }
                        }
                        return in.read(b, off, Math.min(len, 1000));
                    }
                };
        CompletableFuture<byte[]> one =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return budget.read(slow, first.length);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try {
            assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(budget.reserved()).isEqualTo(60_000);

            Watched in = new Watched(second, budget);
            assertThat(budget.read(in, second.length)).isEqualTo(second);
            assertThat(in.reserved).as("the second did not fit").containsOnly(60_000L);
        } finally {
            release.countDown();
        }
        assertThat(one.get(60, TimeUnit.SECONDS)).isEqualTo(first);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aBodyShorterThanDeclaredGivesWhatArrivedAndItsReservationBack() throws IOException {
        BodyBudget budget = new BodyBudget(100_000);
        byte[] data = bytes(5_000);

        assertThat(budget.read(new ByteArrayInputStream(data), 8_000)).isEqualTo(data);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aReadThatFailsGivesItsReservationBack() {
        BodyBudget budget = new BodyBudget(100_000);
        InputStream broken =
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the client went away");
                    }
                };

        assertThatThrownBy(() -> budget.read(broken, 10_000))
                .isInstanceOf(IOException.class)
                .hasMessage("the client went away");
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void anEmptyBodyReadsAsNoBytes() throws IOException {
        BodyBudget budget = new BodyBudget(100_000);

        assertThat(budget.read(new ByteArrayInputStream(new byte[0]), 0)).isEmpty();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void theBudgetIsAnEighthOfTheHeap() {
        // at -Xmx256m, 32 MB: four clients declaring 8 MB and sending nothing take all of it, and
        // every other body is then read as it arrives, as it was before the budget
        assertThat(BodyBudget.ofHeap().limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
    }
}
