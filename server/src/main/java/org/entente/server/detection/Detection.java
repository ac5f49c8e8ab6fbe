package org.entente.server.detection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entente.pattern.EventMapping;
import org.entente.pattern.IndicatorMatcher;
import org.entente.pattern.Match;
import org.entente.pattern.Observation;
import org.entente.pattern.Sightings;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
import org.entente.server.org.Organisation;
import org.entente.server.org.OrganisationDao;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.Ingest;
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
 * <p>Indicators arriving later are added as their chunk commits; a new version replaces the old
 * one; a revoked one leaves the matcher; an expired one ({@code valid_until}) stops matching by the
 * clock.
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

    private final ObjectDao objects;
    private final CollectionDao collections;
    private final OrganisationDao organisations;
    private final Ingest ingest;
    private final Clock clock;
    private final EventMapping mapping;
    private final IndicatorMatcher matcher;
    private final Duration window;
    private final Map<String, Held> held = new HashMap<>();
    private Sightings sightings;
    private final List<ObjectNode> unstored = new ArrayList<>();
    private long seq;

    public Detection(
            ObjectDao objects,
            CollectionDao collections,
            OrganisationDao organisations,
            Ingest ingest,
            Clock clock,
            Duration window) {
        this.objects = objects;
        this.collections = collections;
        this.organisations = organisations;
        this.ingest = ingest;
        this.clock = clock;
        this.window = window;
        this.mapping = EventMapping.defaults();
        this.matcher = new IndicatorMatcher(clock);
    }

    /** Compiles every latest indicator held, and follows new ones from then on. */
    public synchronized void start() {
        long started = System.nanoTime();
        objects.latestOfType(
                "indicator", row -> add(row.collectionId(), StixJson.parse(row.body())));
        ingest.observe(this::stored);
        LOG.info(
                "detection: {} indicators compiled in {} ms",
                matcher.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    public synchronized int indicators() {
        return matcher.size();
    }

    private void stored(Collection collection, List<PreparedObject> stored) {
        for (PreparedObject o : stored) {
            if (o.type().equals("indicator")) {
                synchronized (this) {
                    add(collection.id(), StixJson.parse(o.body()));
                }
            }
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
                                        new WriteScope.Own(),
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
            sightings = new Sightings(clock, window, sighter, 100);
        }
        return sightings;
    }
}
