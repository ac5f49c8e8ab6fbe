package org.entente.server.detection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.entente.pattern.EventMapping;
import org.entente.pattern.Indicator;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Match;
import org.entente.pattern.Observation;
import org.entente.pattern.Sightings;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import org.entente.server.store.Payload;
import org.entente.server.store.PreparedObject;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's detection engine: every indicator held (ours and our partners') compiled into one live
 * matcher, events matched against it, and matches turned into STIX sightings stored beside the
 * indicator they sight. A sighting of a partner's indicator then goes back to that partner where
 * the area it came under asks for feedback (the federation's push does that).
 *
 * <p>The matcher is compiled on the first batch of events (or at start when {@link
 * DetectionSettings#eager()}), so a node that never looks for its indicators spends nothing on
 * them. Compiling runs on a thread of its own: a batch never waits for it longer than {@link
 * DetectionSettings#firstBatchWait()} (the first) or at all (the next ones), and is matched against
 * what is compiled so far, which its answer says. From then on, indicators stored later are queued
 * as their chunk commits (a reference to bytes already in memory, nothing more on the write path)
 * and compiled by the same thread, or before the next batch when only a few wait: a new version
 * replaces the old one, a revoked one leaves the matcher, an expired one ({@code valid_until})
 * stops matching by the clock.
 *
 * <p>Memory: each compiled indicator costs an estimated {@link #cost} of heap; indicators are
 * compiled while the total stays within {@link DetectionSettings#memoryBudget()} (a quarter of the
 * heap unless set) and {@link DetectionSettings#maxIndicators()}. The ones beyond are counted,
 * logged and reported, never compiled: a node holding millions of indicators on a small heap keeps
 * running and says what it does not look for.
 */
public final class Detection {
    private static final Logger LOG = LoggerFactory.getLogger(Detection.class);

    /**
     * Indicators compiled before a batch when no more than this many wait; more are left to the
     * compiling thread, so that a batch never pays for a large import.
     */
    private static final int DRAIN_BEFORE_BATCH = 1000;

    /**
     * What one batch of events found.
     *
     * @param firstSeq the stream position of the batch's first event; a match's observations carry
     *     stream positions, so the batch's own line is {@code seq - firstSeq + 1}
     * @param compiling whether indicators were still being compiled: the batch was matched against
     *     the {@code indicators} compiled so far only
     * @param indicators how many indicators the batch was matched against
     * @param leftOut how many indicators are not looked for, beyond the memory budget or the count
     */
    public record Result(
            long events,
            long unmapped,
            long firstSeq,
            List<Match> matches,
            boolean compiling,
            int indicators,
            long leftOut) {}

    /**
     * Where an indicator is held, so that its sightings go beside it, with its TLP; and what it
     * costs the heap while compiled (0 once expired out of the matcher).
     */
    private record Held(String collectionId, String stixId, Tlp tlp, long cost) {}

    /**
     * The matcher's key of an indicator: its id within its collection and lineage (ADR 0009), so
     * that a version another organisation sends of an id never replaces, revokes or moves ours.
     */
    static String key(String collectionId, String lineage, String stixId) {
        return collectionId + " " + lineage + " " + stixId;
    }

    /** An indicator stored since the matcher was compiled, not compiled yet. */
    private record Pending(String collectionId, String lineage, Tlp tlp, byte[] body) {}

    /** Ends a compile that the node's shutdown interrupts. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("detection stopped", null, false, false);
        }
    }

    private final ObjectDao objects;
    private final Policy policy;
    private final CollectionDao collections;
    private final OrganisationDao organisations;
    private final Ingest ingest;
    private final Clock clock;
    private final MeterRegistry meters;
    private final EventMapping mapping;
    private final IndicatorMatcher matcher;
    private final Map<String, Held> held = new HashMap<>();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final List<ObjectNode> unstored = new ArrayList<>();
    private final CompletableFuture<Void> compiled = new CompletableFuture<>();

    /**
     * Guards the matcher and everything beside it. Fair: the compiling thread takes it once per
     * indicator, and a batch of events must get it between two of them rather than wait for the
     * compile to end.
     */
    private final ReentrantLock lock = new ReentrantLock(true);

    private final ExecutorService compiler =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "detection-compiler");
                        t.setDaemon(true);
                        return t;
                    });
    private DetectionSettings settings = DetectionSettings.DEFAULTS;
    private volatile boolean compileStarted;
    private volatile boolean compiling;
    private volatile boolean stopping;
    private boolean started;
    private boolean waited;
    private volatile long leftOut;
    private volatile long used;
    private boolean budgetFull;
    private boolean countFull;
    private Sightings sightings;
    private long seq;

    public Detection(
            ObjectDao objects,
            CollectionDao collections,
            OrganisationDao organisations,
            Ingest ingest,
            Policy policy,
            Clock clock,
            MeterRegistry meters) {
        this.policy = policy;
        this.objects = objects;
        this.collections = collections;
        this.organisations = organisations;
        this.ingest = ingest;
        this.clock = clock;
        this.meters = meters;
        this.mapping = EventMapping.defaults();
        this.matcher = new IndicatorMatcher(clock);
    }

    /**
     * Follows stored indicators from now on, under these settings; starts compiling them at once
     * when the settings say so. Called once, when the node starts serving.
     */
    public synchronized void start(DetectionSettings settings) {
        if (started) {
            throw new IllegalStateException("detection already started");
        }
        started = true;
        this.settings = settings;
        Gauge.builder("entente.detection.indicators", this, d -> d.matcher.size())
                .description("indicators compiled into the node's matcher")
                .register(meters);
        Gauge.builder("entente.detection.indicators.left.out", this, d -> d.leftOut)
                .description(
                        "indicators not compiled: beyond entente.detection.memory-budget or"
                                + " max-indicators")
                .register(meters);
        Gauge.builder("entente.detection.memory.budget", this, d -> d.budget())
                .description("heap the matcher may use (entente.detection.memory-budget)")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("entente.detection.memory.used", this, d -> d.used)
                .description("heap the compiled indicators are estimated to use")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("entente.detection.compiling", this, d -> d.compiling ? 1 : 0)
                .description("1 while stored indicators are being compiled")
                .register(meters);
        ingest.observe(this::stored);
        if (settings.enabled() && settings.eager()) {
            startCompile();
        }
    }

    public DetectionSettings settings() {
        return settings;
    }

    private long budget() {
        return settings.memoryBudget().toBytes();
    }

    /** How many indicators are compiled so far. */
    public int indicators() {
        lock.lock();
        try {
            return matcher.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many indicators were left out of the matcher by the memory budget or the count. */
    public long leftOut() {
        return leftOut;
    }

    /** Whether stored indicators are still being compiled. */
    public boolean compiling() {
        return compiling || !pending.isEmpty();
    }

    /** Stops compiling (the node shuts down); a compile under way ends at its next indicator. */
    public void stop() {
        stopping = true;
        compiler.shutdownNow();
    }

    private void stored(Collection collection, List<PreparedObject> stored) {
        if (!compileStarted) {
            return; // compiling reads them from the store
        }
        boolean any = false;
        for (PreparedObject o : stored) {
            if (o.type().equals("indicator")) {
                pending.add(
                        new Pending(
                                collection.id(),
                                o.lineage(),
                                o.tlp().orElse(collection.defaultTlp()),
                                o.body()));
                any = true;
            }
        }
        if (any) {
            try {
                compiler.execute(this::drainAll);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the node stops: nothing more to compile
            }
        }
    }

    /** Starts compiling every latest indicator held, once, on the compiling thread. */
    private synchronized void startCompile() {
        if (compileStarted) {
            return;
        }
        // from here on, stored indicators queue up; one stored meanwhile may be read both from the
        // store and the queue, and adding the same version twice changes nothing
        compileStarted = true;
        compiling = true;
        try {
            compiler.execute(this::compileAll);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            compiling = false;
            compiled.complete(null);
        }
    }

    private void compileAll() {
        long start = System.nanoTime();
        try {
            objects.latestOfType(
                    "indicator",
                    policy.localReaders(),
                    row -> {
                        if (stopping) {
                            throw new Stopped();
                        }
                        // NB: parsed outside the lock; only the matcher's update holds it, so a
                        // batch of events waits for one indicator at most
                        JsonNode indicator = StixJson.parse(row.body());
                        lock.lock();
                        try {
                            add(row.collectionId(), row.lineage(), row.tlp(), indicator);
                        } finally {
                            lock.unlock();
                        }
                    });
            drainAll();
        } catch (Stopped e) {
            return;
        } catch (RuntimeException e) {
            LOG.error("detection: compiling the stored indicators failed", e);
        } finally {
            compiling = false;
            compiled.complete(null);
        }
        LOG.info(
                "detection: {} indicators compiled in {} ms, about {} MB of the {} MB memory"
                        + " budget{}",
                indicators(),
                (System.nanoTime() - start) / 1_000_000,
                used / (1024 * 1024),
                budget() / (1024 * 1024),
                leftOut == 0 ? "" : "; " + leftOut + " left out (" + why() + ")");
    }

    private String why() {
        return budgetFull && countFull
                ? "memory budget and max-indicators full"
                : budgetFull
                        ? "memory budget full: raise entente.detection.memory-budget and the heap"
                        : "entente.detection.max-indicators="
                                + settings.maxIndicators()
                                + " reached";
    }

    private void drainAll() {
        while (!stopping) {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            JsonNode indicator = StixJson.parse(p.body());
            lock.lock();
            try {
                add(p.collectionId(), p.lineage(), p.tlp(), indicator);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Compiles a few waiting indicators before a batch, so that a new one is matched at once. */
    private void drainBeforeBatch() {
        for (int i = 0; i < DRAIN_BEFORE_BATCH; i++) {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            add(p.collectionId(), p.lineage(), p.tlp(), StixJson.parse(p.body()));
        }
    }

    /**
     * The heap one compiled indicator is estimated to take: about 1.5 KB for a one-comparison
     * pattern (1,466 bytes measured, docs/benchmarks.md), growing with the pattern.
     */
    static long cost(JsonNode indicator) {
        return 1_200 + 8L * indicator.path("pattern").asString("").length();
    }

    /**
     * @param tlp the indicator's TLP as ingest read it, by meaning (its collection's default when
     *     unmarked): its sightings are marked so, never laxer
     */
    private void add(String collectionId, String lineage, Tlp tlp, JsonNode json) {
        Indicator read;
        try {
            read = Indicator.from(json);
        } catch (IllegalArgumentException notMatchable) {
            return; // not STIX patterning, or no valid id: nothing to look for
        }
        String key = key(collectionId, lineage, read.id());
        if (read.revoked()) {
            matcher.remove(key);
            Held gone = held.remove(key);
            if (gone != null) {
                used -= gone.cost();
            }
            return;
        }
        Held old = held.get(key);
        long cost = cost(json);
        if (old == null) {
            boolean overCount = matcher.size() >= settings.maxIndicators();
            boolean overBudget = used + cost > budget();
            if (overCount || overBudget) {
                leftOut(overCount, overBudget);
                return;
            }
        }
        IndicatorMatcher.Result r =
                matcher.add(
                        new Indicator(
                                key,
                                read.version(),
                                read.pattern(),
                                read.validUntil(),
                                read.revoked()));
        if (r.loaded()) {
            held.put(key, new Held(collectionId, read.id(), tlp, cost));
            used += cost - (old == null ? 0 : old.cost());
        }
    }

    private void leftOut(boolean overCount, boolean overBudget) {
        leftOut++;
        if (overBudget && !budgetFull) {
            budgetFull = true;
            LOG.warn(
                    "detection: the memory budget of {} MB (entente.detection.memory-budget) is"
                            + " full at {} indicators; the ones beyond are left out, not looked"
                            + " for, and counted in entente_detection_indicators_left_out (raise"
                            + " the budget and the heap to look for them)",
                    budget() / (1024 * 1024),
                    matcher.size());
        }
        if (overCount && !countFull) {
            countFull = true;
            LOG.warn(
                    "detection: more than {} indicators; the ones beyond are left out, not looked"
                            + " for (raise entente.detection.max-indicators and the heap)",
                    settings.maxIndicators());
        }
    }

    /**
     * Matches a batch of flat events (or observed-data), in order, against the indicators compiled
     * so far; the matches are also counted towards the sightings of their window. The first batch
     * starts the compile and waits for it at most {@link DetectionSettings#firstBatchWait()}.
     */
    public Result match(List<JsonNode> events) {
        return match(events, Reach.EVERYTHING);
    }

    /**
     * The collections a batch's sender may read (the matches it is told of) and write (the
     * sightings its events add to): an analyst learns nothing of, and adds nothing to, a collection
     * its grants do not open.
     */
    public record Reach(Predicate<String> reads, Predicate<String> writes) {
        public static final Reach EVERYTHING = new Reach(c -> true, c -> true);
    }

    /** {@link #match(List)} within what the sender may read and write. */
    public Result match(List<JsonNode> events, Reach reach) {
        if (!settings.enabled()) {
            throw new IllegalStateException("detection is off on this node");
        }
        startCompile();
        boolean first;
        lock.lock();
        try {
            first = !waited;
            waited = true;
        } finally {
            lock.unlock();
        }
        if (first && compiling) {
            try {
                compiled.get(settings.firstBatchWait().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillCompiling) {
                // answered with what is compiled so far; the answer says so
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // compileAll completes normally; nothing to report here
            }
        }
        lock.lock();
        try {
            drainBeforeBatch();
            for (String id : matcher.expire()) {
                Held h = held.get(id);
                if (h != null) {
                    used -= h.cost();
                    held.put(id, new Held(h.collectionId(), h.stixId(), h.tlp(), 0));
                }
            }
            Sightings s = sightings();
            List<Match> found = new ArrayList<>();
            long unmapped = 0;
            long firstSeq = seq + 1;
            Instant now = clock.instant();
            for (JsonNode event : events) {
                Observation obs = mapping.map(event, ++seq, now);
                if (obs.size() == 0) {
                    unmapped++;
                    continue;
                }
                for (Match m : matcher.match(obs)) {
                    // sightings are counted per key; the answer names the indicator by its id
                    Held h = held.get(m.indicatorId());
                    if (h == null) {
                        continue;
                    }
                    if (reach.writes().test(h.collectionId())) {
                        s.add(m);
                    }
                    if (reach.reads().test(h.collectionId())) {
                        found.add(new Match(h.stixId(), m.observations()));
                    }
                }
            }
            return new Result(
                    events.size(), unmapped, firstSeq, found, compiling(), matcher.size(), leftOut);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores the sightings of the windows that have ended (all of them when {@code all}), each
     * beside the indicator it sights and marked with that indicator's TLP. Returns how many.
     */
    public int flush(boolean all) {
        List<ObjectNode> ready;
        Map<String, Held> where = new HashMap<>();
        lock.lock();
        try {
            Sightings s = sightings();
            ready = new ArrayList<>(unstored);
            unstored.clear();
            ready.addAll(all ? s.drain() : s.flush(clock.instant()));
            for (ObjectNode sighting : ready) {
                String ref = sighting.path("sighting_of_ref").asString("");
                Held h = held.get(ref);
                if (h != null) {
                    where.put(ref, h);
                }
            }
        } finally {
            lock.unlock();
        }
        Map<String, List<ObjectNode>> byCollection = new HashMap<>();
        for (ObjectNode sighting : ready) {
            Held h = where.get(sighting.path("sighting_of_ref").asString(""));
            if (h == null) {
                continue; // revoked meanwhile: nothing to report
            }
            sighting.put("sighting_of_ref", h.stixId());
            sighting.putArray("object_marking_refs").add(h.tlp().markingId());
            byCollection.computeIfAbsent(h.collectionId(), k -> new ArrayList<>()).add(sighting);
        }
        int stored = 0;
        for (Map.Entry<String, List<ObjectNode>> e : byCollection.entrySet()) {
            Optional<Collection> c = collections.byId(e.getKey());
            if (c.isEmpty()) {
                continue;
            }
            ByteArrayOutputStream envelope = new ByteArrayOutputStream();
            envelope.writeBytes("{\"objects\":[".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < e.getValue().size(); i++) {
                if (i > 0) {
                    envelope.write(',');
                }
                envelope.writeBytes(StixJson.toBytes(e.getValue().get(i)));
            }
            envelope.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
            try {
                stored +=
                        ingest.add(
                                        c.get(),
                                        "detection",
                                        policy.nodeWrite(),
                                        new Payload.Bytes(envelope.toByteArray()),
                                        Ingest.Shape.ENVELOPE,
                                        Ingest.Listener.NONE)
                                .successCount();
            } catch (RuntimeException failed) {
                // kept for the next flush: a sighting is lost only with the process
                lock.lock();
                try {
                    unstored.addAll(e.getValue());
                } finally {
                    lock.unlock();
                }
                throw failed;
            }
        }
        return stored;
    }

    private Sightings sightings() {
        if (sightings == null) {
            String sighter = organisations.local().map(Organisation::identityId).orElse(null);
            sightings = new Sightings(clock, settings.window(), sighter, 100);
        }
        return sightings;
    }
}
