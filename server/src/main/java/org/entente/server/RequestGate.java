package org.entente.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.entente.server.db.Turns;
import org.entente.server.error.ErrorResponses;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code entente.reads-at-once} reads (GET and HEAD) worked on at once, the others waiting
 * their turn in the order they came (docs/adr/0031).
 *
 * <p>Tomcat gives each request a thread of its own. With 16 clients at once on two cores, 16
 * threads shared the cores, each request's work cut into time slices among the others': a GET that
 * needs a quarter of a millisecond of CPU took 2 ms at the median and 16 ms at the 99th percentile,
 * and the node spent a tenth more CPU per request switching between them and refilling caches. A
 * fair semaphore in front of the work keeps as many running as the cores can serve and queues the
 * rest first come, first served, parked (they cost nothing while they wait).
 *
 * <p>A read gives its turn back when it starts to write its answer, not when the answer has reached
 * the client: a client reading slowly (a partner on a thin link taking a page of a thousand
 * objects) would otherwise hold a turn for as long as it likes, and a few such clients would stall
 * every read on the node. Requests with a body (POST, PUT, DELETE) are not gated, for the same
 * reason: a sender can be as slow as the connection's timeout allows. The health probes are not
 * gated, so that a supervisor sees a busy node as alive.
 *
 * <p>A read that is about to wait for the ledger's shared commit gives its turn back too ({@link
 * Turns#giveBack}, docs/adr/0037): waiting is not work, and the reads let in meanwhile join that
 * commit's next round instead of each waiting for a turn first.
 *
 * <p>A read that waits longer than {@code wait} is answered 503 with {@code Retry-After}: a turn
 * held that long means reads are not ending, and a client told so can retry rather than hang.
 */
public final class RequestGate extends OncePerRequestFilter {
    private final Semaphore turns;
    private final LongAdder queued = new LongAdder();
    private final LongAdder worked = new LongAdder();
    private final int size;
    private final Duration wait;
    private final LongSupplier nanoClock;

    /**
     * @param readsAtOnce how many reads may be worked on at once
     * @param wait how long a read waits for its turn before it is answered 503
     */
    public RequestGate(int readsAtOnce, Duration wait) {
        this(readsAtOnce, wait, System::nanoTime);
    }

    /**
     * @param nanoClock what {@link #workedNanos} is counted by
     */
    RequestGate(int readsAtOnce, Duration wait, LongSupplier nanoClock) {
        if (readsAtOnce < 1) {
            throw new IllegalArgumentException(
                    "at least one read must be let through at once, not " + readsAtOnce);
        }
        this.turns = new Semaphore(readsAtOnce, true);
        this.size = readsAtOnce;
        this.wait = wait;
        this.nanoClock = nanoClock;
    }

    /** How many reads are worked on at once. */
    public int size() {
        return size;
    }

    /** How many reads have had to wait for their turn since the node started. */
    public long queued() {
        return queued.sum();
    }

    /**
     * How long reads have been worked on since the node started, in nanoseconds, each from its turn
     * to its answer's first byte, summed over the reads worked on at once: what the search indexer
     * weighs to leave the cores to reads (docs/adr/0015).
     */
    public long workedNanos() {
        return worked.sum();
    }

    /** Reads waiting for their turn now. */
    public int waiting() {
        return turns.getQueueLength();
    }

    /** Reads being worked on now (that have not started writing their answer). */
    public int working() {
        return size - turns.availablePermits();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            // NB: with no timeout, tryAcquire would take a free turn ahead of those waiting
            admitted = turns.tryAcquire(0, TimeUnit.NANOSECONDS);
            if (!admitted) {
                queued.increment();
                admitted = turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader("Retry-After", "1");
            ErrorResponses.write(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "The node is busy",
                    "no read ended within "
                            + (wait.toMillis() % 1000 == 0
                                    ? wait.toSeconds() + " s"
                                    : wait.toMillis() + " ms")
                            + " while this one waited for its turn ("
                            + size
                            + " are worked on at once); try again",
                    "busy");
            return;
        }
        Turn turn = new Turn();
        Turns.holding(turn::end);
        try {
            chain.doFilter(request, new Answering(response, turn));
        } finally {
            Turns.released();
            turn.end();
        }
    }

    /** One read's turn, given back once: at its answer's first byte or at its end. */
    private final class Turn {
        private final AtomicBoolean ended = new AtomicBoolean();
        private final long started = nanoClock.getAsLong();

        void end() {
            if (ended.compareAndSet(false, true)) {
                worked.add(nanoClock.getAsLong() - started);
                turns.release();
            }
        }
    }

    /** The response, which ends the read's turn before the first byte of its body is written. */
    private static final class Answering extends HttpServletResponseWrapper {
        private final Turn turn;
        private ServletOutputStream out;
        private PrintWriter writer;

        Answering(HttpServletResponse response, Turn turn) {
            super(response);
            this.turn = turn;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new Stream(super.getOutputStream(), turn);
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new Writer(super.getWriter(), turn);
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            turn.end();
            super.flushBuffer();
        }
    }

    private static final class Stream extends ServletOutputStream {
        private final ServletOutputStream out;
        private final Turn turn;

        Stream(ServletOutputStream out, Turn turn) {
            this.out = out;
            this.turn = turn;
        }

        @Override
        public void write(int b) throws IOException {
            turn.end();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            turn.end();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            turn.end();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            turn.end();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /**
     * NB: {@link PrintWriter} sends every print, format and append through these {@code write}s;
     * {@code println()} writes its line end past them, hence its own override.
     */
    private static final class Writer extends PrintWriter {
        private final Turn turn;

        Writer(PrintWriter out, Turn turn) {
            super(out, false);
            this.turn = turn;
        }

        @Override
        public void write(int c) {
            turn.end();
            super.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            turn.end();
            super.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            turn.end();
            super.write(s, off, len);
        }

        @Override
        public void println() {
            turn.end();
            super.println();
        }

        @Override
        public void flush() {
            turn.end();
            super.flush();
        }

        @Override
        public void close() {
            turn.end();
            super.close();
        }
    }
}
