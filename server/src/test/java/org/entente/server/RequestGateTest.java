package org.entente.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.entente.server.db.Dialect;
import org.entente.server.db.Turns;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Databases;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Reads are worked on a few at a time, in the order they came, and give their turn back when they
 * start to answer (docs/adr/0031).
 */
class RequestGateTest {
    /** Bounds every wait on another thread: generous for a loaded two-core machine. */
    private static final long PATIENCE_SECONDS = 30;

    private final List<Read> reads = new CopyOnWriteArrayList<>();

    /** A read on its own thread whose work blocks until {@link #finish}. */
    private final class Read {
        final String name;
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final MockHttpServletResponse response = new MockHttpServletResponse();
        CompletableFuture<Void> done;

        Read(String name) {
            this.name = name;
            reads.add(this);
        }

        Read start(RequestGate gate, String method, String path, Answer answer) {
            MockHttpServletRequest request = new MockHttpServletRequest(method, path);
            FilterChain chain =
                    (req, res) -> {
                        entered.add(name);
                        inside.countDown();
                        answer.before((HttpServletResponse) res);
                        await(finish);
                    };
            done =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    gate.doFilter(request, response, chain);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            },
                            runnable -> {
                                Thread t = new Thread(runnable, "read " + name);
                                t.setDaemon(true);
                                t.start();
                            });
            return this;
        }

        Read start(RequestGate gate) {
            return start(gate, "GET", "/taxii2/api/collections/", res -> {});
        }

        void finishNow() {
            finish.countDown();
            done.orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS).join();
        }
    }

    /** What a read does once inside, before it blocks. */
    private interface Answer {
        void before(HttpServletResponse response) throws java.io.IOException;
    }

    private final List<String> entered = new CopyOnWriteArrayList<>();

    @AfterEach
    void letEveryReadEnd() {
        for (Read r : reads) {
            r.finish.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("waited " + PATIENCE_SECONDS + " s in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits, within the test's patience, until {@code condition} holds. */
    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never came true: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static RequestGate gate(int readsAtOnce) {
        return new RequestGate(readsAtOnce, Duration.ofSeconds(PATIENCE_SECONDS));
    }

    @Test
    void atMostSoManyReadsAreWorkedOnAndTheOthersGoInTheOrderTheyCame() {
        RequestGate gate = gate(2);
        Read first = new Read("first").start(gate);
        Read second = new Read("second").start(gate);
        await(first.inside);
        await(second.inside);
        Read third = new Read("third").start(gate);
        until("the third read waits", () -> gate.waiting() == 1);
        Read fourth = new Read("fourth").start(gate);
        until("the fourth read waits behind it", () -> gate.waiting() == 2);
        assertThat(gate.working()).isEqualTo(2);
        assertThat(entered).containsExactlyInAnyOrder("first", "second");
        assertThat(gate.queued()).as("reads that had to wait").isEqualTo(2);

        // the turn the second read gives back goes to the read that came first, not the last
        second.finishNow();
        await(third.inside);
        assertThat(entered).endsWith("third");
        assertThat(gate.waiting()).isEqualTo(1);
        first.finishNow();
        await(fourth.inside);
        assertThat(entered).endsWith("third", "fourth");
        third.finishNow();
        fourth.finishNow();
        assertThat(gate.working()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aReadGivesItsTurnBackWithTheFirstByteOfItsAnswerSoASlowClientHoldsNone() {
        for (Answer answer :
                List.<Answer>of(
                        res -> res.getOutputStream().write('{'),
                        res -> res.getOutputStream().write(new byte[] {'{', '}'}, 0, 2),
                        res -> res.getOutputStream().flush(),
                        res -> res.getWriter().print("<html>"),
                        res -> res.getWriter().println(),
                        res -> res.getWriter().write(new char[] {'<'}),
                        HttpServletResponse::flushBuffer)) {
            RequestGate gate = gate(1);
            // the first read has started its answer and is now blocked writing to a client that
            // does not read
            Read writing = new Read("writing").start(gate, "GET", "/taxii2/", answer);
            await(writing.inside);
            until("the first read gave its turn back", () -> gate.working() == 0);
            Read next = new Read("next").start(gate);
            await(next.inside);
            next.finishNow();
            writing.finishNow();
        }
    }

    /**
     * A read about to wait for another thread's work (the ledger's shared commit, docs/adr/0037)
     * gives its turn back, once: the next read goes in, and the first one's end gives nothing back
     * a second time.
     */
    @Test
    void aReadAboutToWaitForAnotherThreadsWorkGivesItsTurnBackOnce() {
        RequestGate gate = gate(1);
        Read waiting =
                new Read("waiting")
                        .start(
                                gate,
                                "GET",
                                "/taxii2/",
                                res -> {
                                    Turns.giveBack();
                                    Turns.giveBack();
                                });
        await(waiting.inside);
        until("the waiting read gave its turn back", () -> gate.working() == 0);
        Read next = new Read("next").start(gate);
        await(next.inside);
        Read third = new Read("third").start(gate);
        until("the third read waits for the one turn", () -> gate.waiting() == 1);
        waiting.finishNow();
        assertThat(gate.working()).as("the next read's turn").isEqualTo(1);
        assertThat(gate.waiting()).as("the third still waits").isEqualTo(1);
        assertThat(entered).containsExactly("waiting", "next");
        next.finishNow();
        await(third.inside);
        third.finishNow();
        assertThat(gate.working()).isZero();
    }

    @Test
    void aThreadWithoutATurnHasNothingToGiveBack() throws Exception {
        RequestGate gate = gate(1);
        Read holding = new Read("holding").start(gate);
        await(holding.inside);
        Turns.giveBack(); // this thread holds no turn: the holding read keeps its own
        // nor does a thread whose read has ended
        MockHttpServletResponse response = new MockHttpServletResponse();
        RequestGate other = gate(1);
        other.doFilter(new MockHttpServletRequest("GET", "/taxii2/"), response, (req, res) -> {});
        Turns.giveBack();
        assertThat(other.working()).isZero();
        assertThat(gate.working()).isEqualTo(1);
        holding.finishNow();
    }

    @Test
    void theGateCountsHowLongReadsAreWorkedOnUpToTheirAnswersFirstByte() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(5);
        RequestGate gate = new RequestGate(2, Duration.ofSeconds(PATIENCE_SECONDS), now::get);
        Read writing =
                new Read("writing")
                        .start(
                                gate,
                                "GET",
                                "/taxii2/",
                                res -> {
                                    now.addAndGet(300); // worked on for 300 ns, then it answers
                                    res.getOutputStream().write('{');
                                });
        await(writing.inside);
        until("the first read gave its turn back", () -> gate.working() == 0);
        Read slow = new Read("slow").start(gate);
        await(slow.inside);
        now.addAndGet(1_000); // the second read works for 1,000 ns; the first one's client reads
        assertThat(gate.workedNanos()).as("only what has ended is counted").isEqualTo(300);
        slow.finishNow();
        writing.finishNow();
        assertThat(gate.workedNanos())
                .as("the slow read's 1,000 ns; none for the first one's answer on its way")
                .isEqualTo(1_300);
    }

    @Test
    void theAnswerWrittenThroughTheGateIsTheAnswerTheClientGets() throws Exception {
        RequestGate gate = gate(1);
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(
                new MockHttpServletRequest("GET", "/"),
                response,
                (req, res) -> {
                    res.getWriter().print("<p>");
                    res.getWriter().println("one");
                    res.getWriter().printf("%d", 2);
                    res.getWriter().flush();
                });
        assertThat(response.getContentAsString())
                .isEqualTo("<p>one" + System.lineSeparator() + "2");
        MockHttpServletResponse bytes = new MockHttpServletResponse();
        gate.doFilter(
                new MockHttpServletRequest("GET", "/taxii2/"),
                bytes,
                (req, res) -> {
                    res.getOutputStream().write('{');
                    res.getOutputStream().write("\"a\":1".getBytes(StandardCharsets.UTF_8));
                    res.getOutputStream().print("}");
                });
        assertThat(bytes.getContentAsString()).isEqualTo("{\"a\":1}");
        assertThat(gate.working()).isZero();
    }

    @Test
    void writesAndHealthProbesDoNotWaitForAReadsTurn() throws Exception {
        RequestGate gate = gate(1);
        Read holding = new Read("holding").start(gate);
        await(holding.inside);
        for (String[] request :
                new String[][] {
                    {"POST", "/taxii2/api/collections/c/objects/"},
                    {"DELETE", "/taxii2/api/collections/c/objects/x/"},
                    {"PUT", "/api/v1/principals/p"},
                    {"GET", "/actuator/health"},
                    {"GET", "/actuator/health/liveness"},
                }) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            List<String> through = new CopyOnWriteArrayList<>();
            gate.doFilter(
                    new MockHttpServletRequest(request[0], request[1]),
                    response,
                    (req, res) -> through.add(request[1]));
            assertThat(through).as(request[0] + " " + request[1]).containsExactly(request[1]);
        }
        // a HEAD is a read: it waits like a GET
        Read head = new Read("head").start(gate, "HEAD", "/taxii2/", res -> {});
        until("the HEAD waits", () -> gate.waiting() == 1);
        // a path that only starts like the probes' is a read too
        Read lookalike = new Read("lookalike").start(gate, "GET", "/actuatorx", res -> {});
        until("the lookalike waits", () -> gate.waiting() == 2);
        holding.finishNow();
        await(head.inside);
        head.finishNow();
        await(lookalike.inside);
        lookalike.finishNow();
    }

    @Test
    void aReadThatWaitsTooLongIsToldTheNodeIsBusyAndNotWorkedOn() throws Exception {
        RequestGate gate = new RequestGate(1, Duration.ofMillis(50));
        Read holding = new Read("holding").start(gate);
        await(holding.inside);
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<String> through = new CopyOnWriteArrayList<>();
        gate.doFilter(
                new MockHttpServletRequest("GET", "/taxii2/"),
                response,
                (req, res) -> through.add("worked on"));
        assertThat(through).isEmpty();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentType()).startsWith("application/taxii+json");
        Map<?, ?> error =
                org.entente.stix.StixJson.mapper()
                        .readValue(response.getContentAsByteArray(), Map.class);
        assertThat(error.get("title")).isEqualTo("The node is busy");
        assertThat(error.get("http_status")).isEqualTo("503");
        assertThat((String) error.get("description"))
                .contains("no read ended within 50 ms")
                .contains("1 are worked on at once")
                .contains("try again");
        holding.finishNow();
        // the refused read took no turn: the next one goes straight in
        assertThat(gate.working()).isZero();
    }

    @Test
    void aReadThatFailsGivesItsTurnBack() {
        RequestGate gate = gate(1);
        assertThatThrownBy(
                        () ->
                                gate.doFilter(
                                        new MockHttpServletRequest("GET", "/taxii2/"),
                                        new MockHttpServletResponse(),
                                        (req, res) -> {
                                            throw new IllegalStateException("broken");
                                        }))
                .hasMessageContaining("broken");
        assertThat(gate.working()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void noGateLetsNothingThrough() {
        assertThatThrownBy(() -> new RequestGate(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one read");
    }

    /**
     * The running node: every read passes the gate its settings sized, before authentication and
     * whatever its path; a write does not wait.
     */
    @Test
    void theNodesReadsWaitAtTheGateItsSettingsSizedAndItsWritesDoNot() {
        try (TestNode node =
                TestNode.start(
                        Dialect.SQLITE,
                        Databases.fresh(Dialect.SQLITE),
                        "entente.reads-at-once=1")) {
            RequestGate gate = node.bean(RequestGate.class);
            assertThat(gate.size()).isEqualTo(1);
            Map<String, ? extends FilterRegistration> filters =
                    node.servletContext().getFilterRegistrations();
            assertThat(filters.get("requestGate").getUrlPatternMappings()).containsExactly("/*");
            MeterRegistry meters = node.bean(MeterRegistry.class);

            // the one turn is taken; an unauthenticated read over HTTP waits for it rather than
            // being answered 401 at once: the gate stands before authentication
            Read holding = new Read("holding").start(gate);
            await(holding.inside);
            CompletableFuture<TaxiiClient.Response> anonymous =
                    CompletableFuture.supplyAsync(
                            () -> node.anonymous().get("/taxii2/api/collections/"));
            until("the node's read waits", () -> gate.waiting() == 1);
            assertThat(meters.get("entente.reads.waiting").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("entente.reads.working").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("entente.reads.queued").functionCounter().count()).isEqualTo(1.0);
            assertThat(anonymous).isNotDone();
            // a write is not held back by the reads' queue
            TaxiiClient.Response write =
                    node.admin().post("/taxii2/api/collections/no-such/objects/", "{}");
            assertThat(write.status()).isEqualTo(404);

            holding.finishNow();
            assertThat(anonymous.orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS).join().status())
                    .isEqualTo(401);
            double workedBefore = meters.get("entente.reads.worked").functionCounter().count();
            assertThat(node.admin().get("/taxii2/").status()).isEqualTo(200);
            until("every turn is given back", () -> gate.working() == 0);
            assertThat(gate.waiting()).isZero();
            // the node's own reads are counted, for the search indexer and the operator
            assertThat(meters.get("entente.reads.worked").functionCounter().count())
                    .isGreaterThan(workedBefore);
        }
    }
}
