package org.entente.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.entente.pattern.EventMapping;
import org.entente.pattern.Hits;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Limits;
import org.entente.pattern.Match;
import org.entente.pattern.MatchedObservation;
import org.entente.pattern.Observation;
import org.entente.pattern.Probe;
import org.entente.pattern.Sightings;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
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
 * input order, correlates patterns that span several events, and writes. <b>Output order</b>:
 * matches are written in the order of the events that completed them, which is input order; the
 * matches one event completes are ordered by indicator id. A sightings bundle is written at the
 * end, its sightings ordered by indicator id and window.
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
        Run run = new Run(System.nanoTime());
        IndicatorMatcher matcher = new IndicatorMatcher(clock, limits);
        run.load(matcher, indicators);
        run.eventsStarted = System.nanoTime();
        OutputStream sink = new BufferedOutputStream(out, 1 << 16);
        ExecutorService workers = Executors.newFixedThreadPool(threads, daemonThreads());
        BlockingQueue<Future<Batch>> queue = new ArrayBlockingQueue<>(threads * 4);
        Writer writer = new Writer(run, matcher, queue, sink);
        Thread writerThread = new Thread(writer, "entente-match-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        ThreadLocal<Probe> probes = ThreadLocal.withInitial(matcher::newProbe);
        try {
            readBatches(
                    events,
                    batch -> queue.put(workers.submit(() -> work(batch, probes.get()))),
                    writer);
        } finally {
            putQuietly(queue, CompletableFuture.completedFuture(Batch.END));
            joinQuietly(writerThread);
            workers.shutdownNow();
        }
        if (writer.failure != null) {
            if (writer.failure instanceof IOException io) {
                throw io;
            }
            if (writer.failure instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(writer.failure);
        }
        if (output == Output.SIGHTINGS) {
            List<ObjectNode> sightings = writer.sightings.drain();
            run.sightings = sightings.size();
            writeBundle(sightings, sink);
        }
        sink.flush();
        RunSummary summary = run.summary(matcher);
        listener.progress(summary);
        return summary;
    }

    // ---- reading ----------------------------------------------------------------------------

    /** A run of consecutive event lines, and what a worker made of them. */
    static final class Batch {
        static final Batch END = new Batch(0, new byte[0], new int[0], new int[0], new long[0]);

        final long firstLine;
        final byte[] data;
        final int[] starts;
        final int[] ends;
        final long[] lines;

        /** Blank lines read since the previous batch (counted, not parsed). */
        int blankLines;

        // filled by the worker
        Observation[] matchedObservations;
        Hits[] hits;
        long maxTime = Long.MIN_VALUE;
        int rejected;
        int unmapped;
        List<String> rejections;
        long[] rejectedLines;

        Batch(long firstLine, byte[] data, int[] starts, int[] ends, long[] lines) {
            this.firstLine = firstLine;
            this.data = data;
            this.starts = starts;
            this.ends = ends;
            this.lines = lines;
        }

        int size() {
            return starts.length;
        }
    }

    private interface BatchSink {
        void accept(Batch b) throws InterruptedException;
    }

    private void readBatches(InputStream in, BatchSink sink, Writer writer) throws IOException {
        byte[] buf = new byte[1 << 20];
        int len = 0;
        int scan = 0;
        int lineStart = 0;
        long line = 0;
        boolean skipping = false;
        BatchBuilder batch = new BatchBuilder(batchLines);
        try {
            while (writer.failure == null) {
                int n = in.read(buf, len, buf.length - len);
                boolean eof = n < 0;
                if (!eof) {
                    len += n;
                }
                for (int i = scan; i < len; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    line++;
                    if (skipping) {
                        skipping = false;
                    } else if (batch.add(buf, lineStart, i, line)) {
                        sink.accept(batch.build());
                    }
                    lineStart = i + 1;
                }
                scan = len;
                if (eof) {
                    if (lineStart < len && !skipping) {
                        line++;
                        batch.add(buf, lineStart, len, line);
                    }
                    break;
                }
                if (lineStart > 0) {
                    System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
                    len -= lineStart;
                    scan -= lineStart;
                    lineStart = 0;
                } else if (len == buf.length) {
                    if (buf.length >= MAX_LINE) {
                        // a line longer than any event should be: drop it, report it
                        skipping = true;
                        writer.lineTooLong(line + 1);
                        len = 0;
                        scan = 0;
                    } else {
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                }
            }
            if (batch.size() > 0 || batch.blankLines() > 0) {
                sink.accept(batch.build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading events", e);
        }
    }

    private static final class BatchBuilder {
        private final int capacity;
        private byte[] data = new byte[1 << 16];
        private int used;
        private int count;
        private int[] starts;
        private int[] ends;
        private long[] lines;
        private long first;
        private int blank;

        BatchBuilder(int capacity) {
            this.capacity = capacity;
            reset();
        }

        private void reset() {
            starts = new int[capacity];
            ends = new int[capacity];
            lines = new long[capacity];
            count = 0;
            used = 0;
            data = new byte[Math.max(1 << 16, data.length)];
        }

        int size() {
            return count;
        }

        int blankLines() {
            return blank;
        }

        /** Adds a line unless it is blank (then counts it); true when the batch is full. */
        boolean add(byte[] buf, int from, int to, long line) {
            while (to > from
                    && (buf[to - 1] == '\r' || buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
                to--;
            }
            int s = from;
            while (s < to && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            if (s == to) {
                blank++;
                return false;
            }
            int n = to - s;
            if (used + n > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, used + n));
            }
            System.arraycopy(buf, s, data, used, n);
            if (count == 0) {
                first = line;
            }
            starts[count] = used;
            ends[count] = used + n;
            lines[count] = line;
            used += n;
            count++;
            return count == capacity || used > (1 << 20);
        }

        Batch build() {
            Batch b =
                    new Batch(
                            first,
                            Arrays.copyOf(data, used),
                            Arrays.copyOf(starts, count),
                            Arrays.copyOf(ends, count),
                            Arrays.copyOf(lines, count));
            b.blankLines = blank;
            count = 0;
            used = 0;
            blank = 0;
            return b;
        }
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

    private Batch work(Batch b, Probe probe) {
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

    // ---- writing ----------------------------------------------------------------------------

    private final class Writer implements Runnable {
        final Run run;
        final IndicatorMatcher matcher;
        final BlockingQueue<Future<Batch>> queue;
        final OutputStream out;
        final Sightings sightings;
        final StringBuilder line = new StringBuilder(256);
        volatile Throwable failure;
        private long nextProgress = progressEvery;
        private int batches;

        Writer(
                Run run,
                IndicatorMatcher matcher,
                BlockingQueue<Future<Batch>> queue,
                OutputStream out) {
            this.run = run;
            this.matcher = matcher;
            this.queue = queue;
            this.out = out;
            this.sightings = new Sightings(clock, window, sighter, 64);
        }

        void lineTooLong(long line) {
            synchronized (run) {
                run.eventsRead++;
                run.eventsRejected++;
            }
            synchronized (listener) {
                listener.eventRejected(line, "the line is longer than " + MAX_LINE + " bytes");
            }
        }

        @Override
        public void run() {
            while (true) {
                Batch b;
                try {
                    b = queue.take().get();
                } catch (InterruptedException e) {
                    failure = e;
                    return;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                    continue; // keep draining so the reader never blocks
                }
                if (b == Batch.END) {
                    return;
                }
                if (failure != null) {
                    continue;
                }
                try {
                    write(b);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
        }

        private void write(Batch b) throws IOException {
            if (b.rejections != null) {
                synchronized (listener) {
                    for (int i = 0; i < b.rejections.size(); i++) {
                        listener.eventRejected(b.rejectedLines[i], b.rejections.get(i));
                    }
                }
            }
            matcher.advanceTo(b.maxTime);
            for (int i = 0; i < b.matchedObservations.length; i++) {
                List<Match> matches = matcher.correlate(b.matchedObservations[i], b.hits[i]);
                if (matches.isEmpty()) {
                    continue;
                }
                synchronized (run) {
                    run.eventsMatched++;
                    run.matches += matches.size();
                }
                for (Match m : matches) {
                    if (output == Output.MATCHES) {
                        line.setLength(0);
                        appendMatchLine(m, line);
                        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                    } else {
                        sightings.add(m);
                    }
                }
            }
            synchronized (run) {
                run.blankLines += b.blankLines;
                run.eventsRead += b.size();
                run.eventsRejected += b.rejected;
                run.eventsUnmapped += b.unmapped;
            }
            if (++batches % 16 == 0) {
                for (String gone : matcher.expire()) {
                    listener.indicatorRejected(gone, "expired while running (valid_until passed)");
                }
                matcher.sweep();
            }
            if (run.eventsRead >= nextProgress) {
                nextProgress = (run.eventsRead / progressEvery + 1) * progressEvery;
                listener.progress(run.summary(matcher));
            }
        }
    }

    /**
     * The JSON line of a match, written directly (no tree): {@code {"indicator":..,"events":[..],
     * "first_seen":..,"last_seen":..[,"observed_data_refs":[..]]}}.
     */
    static void appendMatchLine(Match m, StringBuilder out) {
        out.append("{\"indicator\":");
        appendString(m.indicatorId(), out);
        out.append(",\"events\":[");
        boolean observedData = false;
        for (int i = 0; i < m.observations().size(); i++) {
            MatchedObservation o = m.observations().get(i);
            out.append(i == 0 ? "" : ",").append(o.seq());
            observedData |= o.observedDataId() != null;
        }
        out.append("],\"first_seen\":\"")
                .append(Timestamps.formatMicros(micros(m.first())))
                .append("\",\"last_seen\":\"")
                .append(Timestamps.formatMicros(micros(m.last())))
                .append('"');
        if (observedData) {
            out.append(",\"observed_data_refs\":[");
            boolean first = true;
            for (MatchedObservation o : m.observations()) {
                if (o.observedDataId() != null) {
                    out.append(first ? "" : ",");
                    appendString(o.observedDataId(), out);
                    first = false;
                }
            }
            out.append(']');
        }
        out.append("}\n");
    }

    private static long micros(Instant t) {
        return Math.addExact(
                Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** A JSON string literal (RFC 8259 escapes). */
    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static void writeBundle(List<ObjectNode> objects, OutputStream out) {
        try (JsonGenerator g = StixJson.mapper().createGenerator(new NonClosing(out))) {
            g.writeStartObject();
            g.writeStringProperty("type", "bundle");
            g.writeStringProperty("id", "bundle--" + UUID.randomUUID());
            g.writeName("objects");
            g.writeStartArray();
            for (ObjectNode o : objects) {
                g.writeTree(o);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the caller's stream open when the generator closes. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    // ---- bookkeeping ------------------------------------------------------------------------

    private final class Run {
        final long started;
        int rejected;
        final Map<String, Integer> reasons = new TreeMap<>();
        long eventsRead;
        long blankLines;
        long eventsRejected;
        long eventsUnmapped;
        long eventsMatched;
        long matches;
        long sightings;
        long eventsStarted;

        Run(long started) {
            this.started = started;
        }

        void load(IndicatorMatcher matcher, InputStream indicators) {
            try (ObjectStream objects = ObjectStream.open(indicators)) {
                while (objects.hasNext()) {
                    JsonNode o = objects.next();
                    JsonNode type = o.get("type");
                    if (type == null
                            || !type.isString()
                            || !type.stringValue().equals("indicator")) {
                        continue; // identities, relationships... travel with indicators
                    }
                    IndicatorMatcher.Result r = matcher.add(o);
                    if (r.outcome() == IndicatorMatcher.Outcome.ADDED
                            || r.outcome() == IndicatorMatcher.Outcome.REPLACED) {
                        continue;
                    }
                    rejected++;
                    reasons.merge(category(r), 1, Integer::sum);
                    listener.indicatorRejected(r.indicatorId(), r.reason());
                }
            }
        }

        synchronized RunSummary summary(IndicatorMatcher matcher) {
            return new RunSummary(
                    matcher.size(),
                    rejected,
                    reasons,
                    eventsRead,
                    blankLines,
                    eventsRejected,
                    eventsUnmapped,
                    eventsMatched,
                    matches,
                    sightings,
                    Duration.ofNanos(
                            (eventsStarted == 0 ? System.nanoTime() : eventsStarted) - started),
                    Duration.ofNanos(eventsStarted == 0 ? 0 : System.nanoTime() - eventsStarted));
        }
    }

    private static String category(IndicatorMatcher.Result r) {
        switch (r.outcome()) {
            case EXPIRED:
                return "expired";
            case REVOKED:
                return "revoked";
            case STALE:
                return "older version";
            default:
                break;
        }
        String reason = r.reason();
        if (reason.startsWith("pattern_type")) {
            return "not a STIX pattern";
        }
        if (reason.startsWith("the pattern could need")) {
            return "pattern too costly to correlate";
        }
        if (reason.contains("(column") || reason.startsWith("the pattern is")) {
            return "invalid pattern";
        }
        return "malformed indicator";
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "entente-match-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void putQuietly(BlockingQueue<Future<Batch>> queue, Future<Batch> f) {
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
