package org.entente.pattern;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.entente.stix.Timestamps;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregates matches into STIX 2.1 sighting objects (section 5.2): one per indicator and time
 * window (windows are aligned to the epoch: with one hour, 10:00 to 11:00...), counting the
 * matches, with the earliest and latest observation times as {@code first_seen} and {@code
 * last_seen}, the sighter as {@code where_sighted_refs} (and {@code created_by_ref}), and the
 * observed-data ids of the matched observations as {@code observed_data_refs} when they came from
 * observed-data (at most {@code maxObservedDataRefs}). Events mapped from logs have no
 * observed-data, so their sightings carry none.
 *
 * <p>Sighting ids are UUIDv5 of indicator, window and sighter, so the same window always yields the
 * same id: flushing it again after late matches yields a new version of the same sighting. Not
 * thread-safe.
 */
public final class Sightings {
    /** UUIDv5 namespace of Entente's sighting ids. */
    static final UUID NAMESPACE = UUID.fromString("6f1b4e0a-3c52-4d8e-9a57-2f0c1d9e8b41");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;
    private final long windowMicros;
    private final String sighter;
    private final int maxObservedDataRefs;
    private final TreeMap<Key, Bucket> open = new TreeMap<>();

    /**
     * @param sighter the identity id of the sighting organisation, or null to leave {@code
     *     where_sighted_refs} and {@code created_by_ref} out
     */
    public Sightings(Clock clock, Duration window, String sighter, int maxObservedDataRefs) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: must be positive");
        }
        if (sighter != null && !sighter.startsWith("identity--")) {
            throw new IllegalArgumentException("sighter: must be an identity id");
        }
        if (maxObservedDataRefs < 0) {
            throw new IllegalArgumentException("maxObservedDataRefs: must not be negative");
        }
        this.windowMicros = window.toNanos() / 1_000;
        this.sighter = sighter;
        this.maxObservedDataRefs = maxObservedDataRefs;
    }

    private record Key(String indicator, long windowStart) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = indicator.compareTo(o.indicator);
            return c != 0 ? c : Long.compare(windowStart, o.windowStart);
        }
    }

    private static final class Bucket {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Set<String> observedData = new LinkedHashSet<>();
    }

    public void add(Match match) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (MatchedObservation o : match.observations()) {
            first = Math.min(first, o.firstMicros());
            last = Math.max(last, o.lastMicros());
        }
        long start = Math.floorDiv(first, windowMicros) * windowMicros;
        Bucket b = open.computeIfAbsent(new Key(match.indicatorId(), start), k -> new Bucket());
        b.count++;
        b.first = Math.min(b.first, first);
        b.last = Math.max(b.last, last);
        for (MatchedObservation o : match.observations()) {
            if (o.observedDataId() != null && b.observedData.size() < maxObservedDataRefs) {
                b.observedData.add(o.observedDataId());
            }
        }
    }

    /** Sightings of the windows that ended at or before {@code before}, which are forgotten. */
    public List<ObjectNode> flush(Instant before) {
        long limit = Observation.micros(before);
        List<ObjectNode> out = new ArrayList<>();
        var it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Bucket> e = it.next();
            if (e.getKey().windowStart + windowMicros <= limit) {
                out.add(sighting(e.getKey(), e.getValue()));
                it.remove();
            }
        }
        return out;
    }

    /** Sightings of every window, ordered by indicator id then window; all are forgotten. */
    public List<ObjectNode> drain() {
        List<ObjectNode> out = new ArrayList<>(open.size());
        for (Map.Entry<Key, Bucket> e : open.entrySet()) {
            out.add(sighting(e.getKey(), e.getValue()));
        }
        open.clear();
        return out;
    }

    /** Windows with matches not yet flushed. */
    public int pending() {
        return open.size();
    }

    private ObjectNode sighting(Key key, Bucket b) {
        String now = Timestamps.formatMillis(clock.instant());
        ObjectNode s = NODES.objectNode();
        s.put("type", "sighting");
        s.put("spec_version", "2.1");
        s.put("id", "sighting--" + uuid5(key.indicator + "|" + key.windowStart + "|" + sighter));
        if (sighter != null) {
            s.put("created_by_ref", sighter);
        }
        s.put("created", now);
        s.put("modified", now);
        s.put("sighting_of_ref", key.indicator);
        s.put("count", Math.min(b.count, 999_999_999L));
        s.put("first_seen", Timestamps.formatMicros(b.first));
        s.put("last_seen", Timestamps.formatMicros(b.last));
        if (sighter != null) {
            s.putArray("where_sighted_refs").add(sighter);
        }
        if (!b.observedData.isEmpty()) {
            ArrayNode refs = s.putArray("observed_data_refs");
            b.observedData.forEach(refs::add);
        }
        return s;
    }

    /** RFC 4122 version 5 (SHA-1, name-based) UUID in {@link #NAMESPACE}. */
    static UUID uuid5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(toBytes(NAMESPACE));
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int i = 0; i < 8; i++) {
                msb = (msb << 8) | (h[i] & 0xff);
                lsb = (lsb << 8) | (h[8 + i] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static byte[] toBytes(UUID u) {
        byte[] out = new byte[16];
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }
}
