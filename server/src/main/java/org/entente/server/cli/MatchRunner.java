package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.entente.pattern.EventMapping;
import org.entente.pattern.Hits;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Limits;
import org.entente.pattern.Observation;
import org.entente.pattern.Probe;
import org.entente.pattern.Sightings;
import org.entente.stix.ObjectStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Matches a file of indicators against a stream of events: what {@code entente match --indicators
 * FILE --events FILE|-} runs.
 *
 * <p>Indicators are read with {@link ObjectStream} (a bundle, a JSON array or JSON lines); each one
 * that cannot be matched is reported with its reason. Events are JSON lines, mapped to observations
 * by an {@link EventMapping}.
 *
 * <p>Threads: the calling thread reads and splits lines into batches; {@code threads} workers parse
 * the JSON, map it and search the index in parallel; one writer thread takes the batches back in
 * input order, correlates patterns that span several events, and writes. This class holds the
 * settings, the threads and the workers' step; reading is {@link EventReader}'s, writing {@link
 * MatchWriter}'s, the output format {@link MatchLines}'s, the counts {@link MatchTally}'s.
 * <b>Output order</b>: matches are written in the order of the events that completed them, which is
 * input order; the matches one event completes are ordered by indicator id. A sightings bundle is
 * written at the end, its sightings ordered by indicator id and window.
 *
 * <p>Match lines look like {@code {"indicator":"indicator--..","events":[12],"first_seen":"..",
 * "last_seen":".."}}, with {@code observed_data_refs} when the events were observed-data; {@code
 * events} are line numbers, counted from 1.
 */
public final class MatchRunner {
    /** What is written. */
    public enum Output {
        /** One JSON line per match. */
        MATCHES,
        /** One bundle of sightings, aggregated per indicator and window. */
        SIGHTINGS
    }

    /** Lines longer than this are rejected rather than buffered. */
    static final int MAX_LINE = EventMapping.MAX_EVENT_BYTES;

    private final Clock clock;
    private final Limits limits;
    private final EventMapping mapping;
    private final int threads;
    private final Output output;
    private final Duration window;
    private final String sighter;
    private final RunListener listener;
    private final long progressEvery;
    private final int batchLines;

    private MatchRunner(Builder b) {
        this.clock = b.clock;
        this.limits = b.limits;
        this.mapping = b.mapping;
        this.threads = b.threads;
        this.output = b.output;
        this.window = b.window;
        this.sighter = b.sighter;
        this.listener = b.listener;
        this.progressEvery = b.progressEvery;
        this.batchLines = b.batchLines;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a runner; every one has a default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Limits limits = Limits.DEFAULT;
        private EventMapping mapping;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Output output = Output.MATCHES;
        private Duration window = Duration.ofHours(1);
        private String sighter;
        private RunListener listener = RunListener.NONE;
        private long progressEvery = 1_000_000;
        private int batchLines = 512;

        private Builder() {}

        /** The clock against which valid_until is judged and sightings are dated. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How events become observations; {@link EventMapping#defaults()} when not set. */
        public Builder mapping(EventMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        /** Worker threads that parse and search; the number of processors by default. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: at least one");
            }
            this.threads = threads;
            return this;
        }

        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** The window sightings are aggregated over; one hour by default. */
        public Builder sightingWindow(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /** The identity that sighted (where_sighted_refs, created_by_ref); none by default. */
        public Builder sighter(String identityId) {
            this.sighter = identityId;
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder progressEvery(long events) {
            if (events < 1) {
                throw new IllegalArgumentException("progressEvery: at least one event");
            }
            this.progressEvery = events;
            return this;
        }

        /** Events per unit of work handed to a worker. */
        public Builder batchLines(int lines) {
            if (lines < 1) {
                throw new IllegalArgumentException("batchLines: at least one line");
            }
            this.batchLines = lines;
            return this;
        }

        public MatchRunner build() {
            if (mapping == null) {
                mapping = EventMapping.defaults();
            }
            return new MatchRunner(this);
        }
    }

    /**
     * Runs to the end of {@code events}. {@code out} is flushed, not closed.
     *
     * @throws org.entente.stix.StixParseException when the indicators are not JSON
     * @throws IOException when reading events or writing fails
     */
    public RunSummary run(InputStream indicators, InputStream events, OutputStream out)
            throws IOException {
        MatchTally run = new MatchTally(System.nanoTime(), listener, progressEvery);
        IndicatorMatcher matcher = new IndicatorMatcher(clock, limits);
        run.load(matcher, indicators);
        run.eventsStarted = System.nanoTime();
        OutputStream sink = new BufferedOutputStream(out, 1 << 16);
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemonThreads());
        BlockingQueue<Future<EventBatch>> queue = new ArrayBlockingQueue<>(threads * 4);
        MatchWriter writer =
                new MatchWriter(
                        run,
                        matcher,
                        queue,
                        sink,
                        new Sightings(clock, window, sighter, 64),
                        output);
        Thread writerThread = new Thread(writer, "entente-match-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        ThreadLocal<Probe> probes = ThreadLocal.withInitial(matcher::newProbe);
        try {
            new EventReader(batchLines)
                    .read(
                            events,
                            batch -> queue.put(workers.submit(() -> work(batch, probes.get()))),
                            writer);
        } finally {
            putQuietly(queue, CompletableFuture.completedFuture(EventBatch.END));
            joinQuietly(writerThread);
            workers.shutdownNow();
        }
        if (writer.failed()) {
            if (writer.failure() instanceof IOException io) {
                throw io;
            }
            if (writer.failure() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(writer.failure());
        }
        if (output == Output.SIGHTINGS) {
            List<ObjectNode> sightings = writer.sightings().drain();
            run.sightings = sightings.size();
            MatchLines.writeBundle(sightings, sink);
        }
        sink.flush();
        RunSummary summary = run.summary(matcher);
        listener.progress(summary);
        return summary;
    }

    // ---- working ----------------------------------------------------------------------------

    /**
     * What a worker does with one event line: parse it, map it to an observation, search the index.
     * Public for benchmarks; the runner calls it for every line.
     *
     * @throws tools.jackson.core.JacksonException when the line is not JSON
     * @throws IllegalArgumentException when it is not an object, not a valid observed-data, or its
     *     time cannot be read
     */
    public static Hits find(
            EventMapping mapping,
            Probe probe,
            byte[] line,
            int from,
            int length,
            long seq,
            Instant fallback) {
        JsonNode event = EventMapping.parseEvent(line, from, length);
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return probe.find(mapping.map(event, seq, fallback));
    }

    private EventBatch work(EventBatch b, Probe probe) {
        Instant fallback = clock.instant();
        List<Observation> matched = new ArrayList<>();
        List<Hits> hits = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            String problem;
            try {
                JsonNode event =
                        EventMapping.parseEvent(b.data, b.starts[i], b.ends[i] - b.starts[i]);
                if (event == null || !event.isObject()) {
                    problem = "not a JSON object";
                } else {
                    Observation obs = mapping.map(event, b.lines[i], fallback);
                    b.maxTime = Math.max(b.maxTime, obs.firstMicros());
                    if (obs.size() == 0) {
                        b.unmapped++;
                        continue;
                    }
                    Hits h = probe.find(obs);
                    if (!h.isEmpty()) {
                        matched.add(obs);
                        hits.add(h);
                    }
                    continue;
                }
            } catch (JacksonException e) {
                problem = "malformed JSON: " + e.getOriginalMessage();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            b.rejected++;
            if (b.rejections == null) {
                b.rejections = new ArrayList<>();
                b.rejectedLines = new long[b.size()];
            }
            b.rejectedLines[b.rejections.size()] = b.lines[i];
            b.rejections.add(problem);
        }
        b.matchedObservations = matched.toArray(new Observation[0]);
        b.hits = hits.toArray(new Hits[0]);
        return b;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "entente-match-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void putQuietly(BlockingQueue<Future<EventBatch>> queue, Future<EventBatch> f) {
        try {
            queue.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
