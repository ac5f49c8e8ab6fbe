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
import java.util.concurrent.ConcurrentLinkedQueue;
import org.entente.pattern.EventMapping;
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
 * them. From then on, indicators stored later are queued as their chunk commits (a reference to
 * bytes already in memory, nothing more on the write path) and compiled before the next batch is
 * matched, or by the periodic {@link #flush}: a new version replaces the old one, a revoked one
 * leaves the matcher, an expired one ({@code valid_until}) stops matching by the clock. At most
 * {@link DetectionSettings#maxIndicators()} are compiled; the ones beyond are counted and reported.
 */
public final class Detection {
    private static final Logger LOG = LoggerFactory.getLogger(Detection.class);

    /**
     * What one batch of events found.
     *
     * @param firstSeq the stream position of the batch's first event; a match's observations carry
     *     stream positions, so the batch's own line is {@code seq - firstSeq + 1}
     */
    public record Result(long events, long unmapped, long firstSeq, List<Match> matches) {}

    /** Where an indicator is held, so that its sightings go beside it, with its TLP. */
    private record Held(String collectionId, Tlp tlp) {}

    /** An indicator stored since the matcher was compiled, not compiled yet. */
    private record Pending(String collectionId, byte[] body) {}

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
    private DetectionSettings settings = DetectionSettings.DEFAULTS;
    private volatile boolean compiled;
    private boolean started;
    private long leftOut;
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
     * Follows stored indicators from now on, under these settings; compiles them at once when the
     * settings say so. Called once, when the node starts serving.
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
                .description("indicators not compiled: beyond entente.detection.max-indicators")
                .register(meters);
        ingest.observe(this::stored);
        if (settings.enabled() && settings.eager()) {
            compile();
        }
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** How many indicators are compiled (compiling them first if they are not yet). */
    public synchronized int indicators() {
        compile();
        drain();
        return matcher.size();
    }

    /** How many indicators were left out of the matcher by {@code max-indicators}. */
    public synchronized long leftOut() {
        return leftOut;
    }

    private void stored(Collection collection, List<PreparedObject> stored) {
        if (!compiled) {
            return; // compiling reads them from the store
        }
        for (PreparedObject o : stored) {
            if (o.type().equals("indicator")) {
                pending.add(new Pending(collection.id(), o.body()));
            }
        }
    }

    /** Compiles every latest indicator held, once. */
    private void compile() {
        if (compiled) {
            return;
        }
        // from here on, stored indicators queue up; one stored meanwhile may be read both from the
        // store and the queue, and adding the same version twice changes nothing
        compiled = true;
        long started = System.nanoTime();
        objects.latestOfType(
                "indicator",
                policy.internal(),
                row -> add(row.collectionId(), StixJson.parse(row.body())));
        LOG.info(
                "detection: {} indicators compiled in {} ms{}",
                matcher.size(),
                (System.nanoTime() - started) / 1_000_000,
                leftOut == 0
                        ? ""
                        : "; "
                                + leftOut
                                + " left out beyond entente.detection.max-indicators="
                                + settings.maxIndicators());
    }

    private void drain() {
        for (Pending p = pending.poll(); p != null; p = pending.poll()) {
            add(p.collectionId(), StixJson.parse(p.body()));
        }
    }

    private void add(String collectionId, JsonNode indicator) {
        String id = indicator.path("id").asString("");
        JsonNode revoked = indicator.get("revoked");
        if (revoked != null && revoked.asBoolean(false)) {
            matcher.remove(id);
            held.remove(id);
            return;
        }
        if (!held.containsKey(id) && matcher.size() >= settings.maxIndicators()) {
            if (leftOut++ == 0) {
                LOG.warn(
                        "detection: more than {} indicators; the ones beyond are not looked for"
                                + " (raise entente.detection.max-indicators and the heap)",
                        settings.maxIndicators());
            }
            return;
        }
        IndicatorMatcher.Result r = matcher.add(indicator);
        if (r.loaded()) {
            Tlp tlp =
                    Tlp.of(indicator)
                            .orElseGet(
                                    () ->
                                            collections
                                                    .byId(collectionId)
                                                    .map(Collection::defaultTlp)
                                                    .orElse(Tlp.AMBER_STRICT));
            held.put(id, new Held(collectionId, tlp));
        }
    }

    /**
     * Matches a batch of flat events (or observed-data), in order, against every indicator; the
     * matches are also counted towards the sightings of their window.
     */
    public synchronized Result match(List<JsonNode> events) {
        if (!settings.enabled()) {
            throw new IllegalStateException("detection is off on this node");
        }
        compile();
        drain();
        matcher.expire();
        Sightings s = sightings();
        List<Match> found = new ArrayList<>();
        long unmapped = 0;
        long first = seq + 1;
        Instant now = clock.instant();
        for (JsonNode event : events) {
            Observation obs = mapping.map(event, ++seq, now);
            if (obs.size() == 0) {
                unmapped++;
                continue;
            }
            for (Match m : matcher.match(obs)) {
                found.add(m);
                s.add(m);
            }
        }
        return new Result(events.size(), unmapped, first, found);
    }

    /**
     * Stores the sightings of the windows that have ended (all of them when {@code all}), each
     * beside the indicator it sights and marked with that indicator's TLP. Returns how many.
     */
    public int flush(boolean all) {
        List<ObjectNode> ready;
        Map<String, Held> where;
        synchronized (this) {
            if (compiled) {
                drain(); // keeps the queue short between batches
            }
            Sightings s = sightings();
            ready = new ArrayList<>(unstored);
            unstored.clear();
            ready.addAll(all ? s.drain() : s.flush(clock.instant()));
            where = new HashMap<>(held);
        }
        Map<String, List<ObjectNode>> byCollection = new HashMap<>();
        for (ObjectNode sighting : ready) {
            Held h = where.get(sighting.path("sighting_of_ref").asString(""));
            if (h == null) {
                continue; // revoked meanwhile: nothing to report
            }
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
                synchronized (this) {
                    unstored.addAll(e.getValue());
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
