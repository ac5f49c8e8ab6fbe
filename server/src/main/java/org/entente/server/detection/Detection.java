package org.entente.server.detection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entente.pattern.EventMapping;
import org.entente.pattern.Match;
import org.entente.pattern.Observation;
import org.entente.server.collection.CollectionDao;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.OrganisationDao;
import org.entente.server.policy.Policy;
import org.entente.server.store.ObjectDao;
import tools.jackson.databind.JsonNode;

/**
 * The node's detection engine: every indicator held (ours and our partners') compiled into one live
 * matcher, events matched against it in batches, and matches turned into STIX sightings stored
 * beside the indicator they sight. A sighting of a partner's indicator then goes back to that
 * partner where the area it came under asks for feedback (the federation's push does that).
 *
 * <p>This class orders the work of its parts: the {@link IndicatorIndex} of compiled indicators,
 * the {@link IndicatorLoader} that fills it with what the local agency's readers see, and the
 * {@link SightingWriter} that counts and stores sightings. The matcher is compiled on the first
 * batch of events (or at start when {@link DetectionSettings#eager()}), so a node that never looks
 * for its indicators spends nothing on them. A batch never waits for the compile longer than {@link
 * DetectionSettings#firstBatchWait()} (the first) or at all (the next ones), and is matched against
 * what is compiled so far, which its answer says.
 */
public final class Detection {
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
     * The node's parts detection works through: the store it compiles indicators from, the ingest
     * that tells it of new ones and stores its sightings, the collections and the local agency
     * those sightings are stored in and signed by, and the policy that says what the local agency's
     * readers see and how the node itself writes.
     */
    public record Parts(
            ObjectDao objects,
            CollectionDao collections,
            OrganisationDao organisations,
            Ingest ingest,
            Policy policy) {
        public Parts {
            Objects.requireNonNull(objects, "objects");
            Objects.requireNonNull(collections, "collections");
            Objects.requireNonNull(organisations, "organisations");
            Objects.requireNonNull(ingest, "ingest");
            Objects.requireNonNull(policy, "policy");
        }
    }

    private final Parts parts;
    private final DetectionSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final EventMapping mapping = EventMapping.defaults();
    private final IndicatorIndex index;
    private final IndicatorLoader loader;
    private final SightingWriter sightings;
    private final AtomicBoolean waited = new AtomicBoolean();
    private boolean started;

    /** The stream position of the last event matched; guarded by the index's lock. */
    private long seq;

    public Detection(Parts parts, DetectionSettings settings, Clock clock, MeterRegistry meters) {
        this.parts = parts;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.index = new IndicatorIndex(settings, clock);
        this.loader = new IndicatorLoader(parts.objects(), parts.policy(), index);
        this.sightings = new SightingWriter(index, parts, clock, settings.window());
    }

    /**
     * Follows stored indicators from now on; starts compiling them at once when the settings say
     * so. Called once, when the node starts serving.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("detection already started");
        }
        started = true;
        Gauge.builder("entente.detection.indicators", this, d -> d.index.size())
                .description("indicators compiled into the node's matcher")
                .register(meters);
        Gauge.builder("entente.detection.indicators.left.out", this, d -> d.index.leftOut())
                .description(
                        "indicators not compiled: beyond entente.detection.memory-budget or"
                                + " max-indicators")
                .register(meters);
        Gauge.builder("entente.detection.memory.budget", this, d -> d.index.budget())
                .description("heap the matcher may use (entente.detection.memory-budget)")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("entente.detection.memory.used", this, d -> d.index.used())
                .description("heap the compiled indicators are estimated to use")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("entente.detection.compiling", this, d -> d.loader.readingStore() ? 1 : 0)
                .description("1 while stored indicators are being compiled")
                .register(meters);
        parts.ingest().observe(loader::stored);
        if (settings.enabled() && settings.eager()) {
            loader.start();
        }
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** How many indicators are compiled so far. */
    public int indicators() {
        index.lock.lock();
        try {
            return index.size();
        } finally {
            index.lock.unlock();
        }
    }

    /** How many indicators were left out of the matcher by the memory budget or the count. */
    public long leftOut() {
        return index.leftOut();
    }

    /** Whether stored indicators are still being compiled. */
    public boolean compiling() {
        return loader.compiling();
    }

    /** Stops compiling (the node shuts down); a compile under way ends at its next indicator. */
    public void stop() {
        loader.stop();
    }

    /**
     * Matches a batch of flat events (or observed-data), in order, against the indicators compiled
     * so far; the matches are also counted towards the sightings of their window. The first batch
     * starts the compile and waits for it at most {@link DetectionSettings#firstBatchWait()}.
     */
    public Result match(List<JsonNode> events) {
        return match(events, Reach.EVERYTHING);
    }

    /** {@link #match(List)} within what the sender may read and write. */
    public Result match(List<JsonNode> events, Reach reach) {
        if (!settings.enabled()) {
            throw new IllegalStateException("detection is off on this node");
        }
        loader.start();
        if (!waited.getAndSet(true)) {
            loader.awaitStore(settings.firstBatchWait());
        }
        List<IndicatorIndex.Found> found = new ArrayList<>();
        long unmapped = 0;
        long firstSeq;
        int indicators;
        boolean compiling;
        index.lock.lock();
        try {
            loader.drainBeforeBatch();
            index.expire();
            firstSeq = seq + 1;
            Instant now = clock.instant();
            for (JsonNode event : events) {
                Observation obs = mapping.map(event, ++seq, now);
                if (obs.size() == 0) {
                    unmapped++;
                    continue;
                }
                found.addAll(index.match(obs));
            }
            indicators = index.size();
            compiling = loader.compiling();
        } finally {
            index.lock.unlock();
        }
        // NB: the reach asks the policy, which reads the database: never under the lock (see
        // IndicatorIndex). Asked for the whole batch before any of its sightings is counted, so a
        // refusal leaves none of them half-counted.
        List<Match> told = new ArrayList<>();
        List<Match> sighted = new ArrayList<>();
        for (IndicatorIndex.Found f : found) {
            String collection = f.held().collectionId();
            if (reach.writes().test(collection)) {
                // sightings are counted per key; the answer names the indicator by its id
                sighted.add(f.match());
            }
            if (reach.reads().test(collection)) {
                told.add(new Match(f.held().stixId(), f.match().observations()));
            }
        }
        sightings.count(sighted);
        return new Result(
                events.size(), unmapped, firstSeq, told, compiling, indicators, index.leftOut());
    }

    /**
     * Stores the sightings of the windows that have ended (all of them when {@code all}), each
     * beside the indicator it sights and marked with that indicator's TLP. Returns how many.
     */
    public int flush(boolean all) {
        return sightings.flush(all);
    }
}
