package org.entente.server.detection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entente.pattern.Match;
import org.entente.pattern.Sightings;
import org.entente.server.collection.Collection;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.Organisation;
import org.entente.server.store.Payload;
import org.entente.stix.StixJson;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns matches into STIX sightings and stores them: counted per indicator and window as batches
 * find them, and once a window ends each is stored beside the indicator it sights, in that
 * indicator's collection and marked with its TLP (by meaning, never laxer), written by the node
 * through ingest like any other object. So a sighting goes back to a partner exactly as the
 * agreement's feedback rule allows.
 *
 * <p>The open windows are guarded by the index's lock; the database is read and written outside it
 * (see {@link IndicatorIndex}).
 */
final class SightingWriter {
    private final IndicatorIndex index;
    private final Detection.Parts parts;
    private final Clock clock;
    private final Duration window;
    private final List<ObjectNode> unstored = new ArrayList<>();
    private volatile Sightings open;

    SightingWriter(IndicatorIndex index, Detection.Parts parts, Clock clock, Duration window) {
        this.index = index;
        this.parts = parts;
        this.clock = clock;
        this.window = window;
    }

    /**
     * The open windows, made on first use with the local agency as the sighter (read from the
     * database, so never under the index's lock).
     */
    private Sightings open() {
        Sightings s = open;
        if (s == null) {
            synchronized (this) {
                if (open == null) {
                    String sighter =
                            parts.organisations()
                                    .local()
                                    .map(Organisation::identityId)
                                    .orElse(null);
                    open = new Sightings(clock, window, sighter, 100);
                }
                s = open;
            }
        }
        return s;
    }

    /** Counts matches towards the sightings of their windows. */
    void count(List<Match> matches) {
        if (matches.isEmpty()) {
            return;
        }
        Sightings s = open();
        index.lock.lock();
        try {
            matches.forEach(s::add);
        } finally {
            index.lock.unlock();
        }
    }

    /**
     * Stores the sightings of the windows that have ended (all of them when {@code all}), each
     * beside the indicator it sights and marked with that indicator's TLP. Returns how many. A
     * sighting of an indicator revoked meanwhile is dropped; when a collection fails to store its
     * sightings, they and those of every collection not tried yet are kept for the next flush (and
     * the failure thrown), lost only with the process.
     */
    int flush(boolean all) {
        Sightings s = open();
        List<ObjectNode> ready;
        Map<String, IndicatorIndex.Held> where = new HashMap<>();
        index.lock.lock();
        try {
            ready = new ArrayList<>(unstored);
            unstored.clear();
            ready.addAll(all ? s.drain() : s.flush(clock.instant()));
            for (ObjectNode sighting : ready) {
                String ref = sighting.path("sighting_of_ref").asString("");
                index.held(ref).ifPresent(h -> where.put(ref, h));
            }
        } finally {
            index.lock.unlock();
        }
        Map<String, List<ObjectNode>> byCollection = new HashMap<>();
        // as counted (naming the indicator by its key), to be kept for the next flush
        Map<String, List<ObjectNode>> counted = new HashMap<>();
        for (ObjectNode sighting : ready) {
            IndicatorIndex.Held h = where.get(sighting.path("sighting_of_ref").asString(""));
            if (h == null) {
                continue; // revoked meanwhile: nothing to report
            }
            // sightings are counted per key; what is stored names the indicator by its id
            ObjectNode written = sighting.deepCopy();
            written.put("sighting_of_ref", h.stixId());
            written.putArray("object_marking_refs").add(h.tlp().markingId());
            byCollection.computeIfAbsent(h.collectionId(), k -> new ArrayList<>()).add(written);
            counted.computeIfAbsent(h.collectionId(), k -> new ArrayList<>()).add(sighting);
        }
        int stored = 0;
        List<Map.Entry<String, List<ObjectNode>>> left = new ArrayList<>(byCollection.entrySet());
        while (!left.isEmpty()) {
            Map.Entry<String, List<ObjectNode>> e = left.get(0);
            Optional<Collection> c = parts.collections().byId(e.getKey());
            if (c.isEmpty()) {
                left.remove(0);
                continue;
            }
            try {
                stored +=
                        parts.ingest()
                                .add(
                                        c.get(),
                                        "detection",
                                        parts.policy().nodeWrite(),
                                        new Payload.Bytes(envelope(e.getValue())),
                                        Ingest.Shape.ENVELOPE,
                                        Ingest.Listener.NONE)
                                .successCount();
                left.remove(0);
            } catch (RuntimeException failed) {
                // this collection's and every one not tried yet: the next flush stores them
                index.lock.lock();
                try {
                    for (Map.Entry<String, List<ObjectNode>> kept : left) {
                        unstored.addAll(counted.get(kept.getKey()));
                    }
                } finally {
                    index.lock.unlock();
                }
                throw failed;
            }
        }
        return stored;
    }

    private static byte[] envelope(List<ObjectNode> sightings) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        envelope.writeBytes("{\"objects\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < sightings.size(); i++) {
            if (i > 0) {
                envelope.write(',');
            }
            envelope.writeBytes(StixJson.toBytes(sightings.get(i)));
        }
        envelope.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return envelope.toByteArray();
    }
}
