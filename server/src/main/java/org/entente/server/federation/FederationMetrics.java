package org.entente.server.federation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per peer, for Prometheus: objects received and sent by outcome, runs and errors by kind, and
 * gauges of lag, last success and failures in a row, read from the peer's recorded health.
 */
final class FederationMetrics {
    private final MeterRegistry meters;
    private final PeerDao peers;
    private final Clock clock;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /** The gauges' source: the health as last read, and the meters to remove with the peer. */
    private static final class Tracked {
        volatile PeerHealth health = PeerHealth.NEW;
        final List<Meter> meters = new ArrayList<>();
    }

    FederationMetrics(MeterRegistry meters, PeerDao peers, Clock clock) {
        this.meters = meters;
        this.peers = peers;
        this.clock = clock;
    }

    void track(Peer peer) {
        tracked.computeIfAbsent(
                peer.id(),
                id -> {
                    Tracked t = new Tracked();
                    t.health = peers.health(id);
                    t.meters.add(
                            Gauge.builder("entente.federation.lag", t, this::lagSeconds)
                                    .description(
                                            "now minus the peer's date_added of the newest object"
                                                    + " pulled from it")
                                    .baseUnit("seconds")
                                    .tag("peer", peer.name())
                                    .register(meters));
                    t.meters.add(
                            Gauge.builder(
                                            "entente.federation.last.success",
                                            t,
                                            x ->
                                                    x.health.lastSuccessAt().isPresent()
                                                            ? x.health.lastSuccessAt().getAsLong()
                                                                    / 1e6
                                                            : Double.NaN)
                                    .description("when a run with the peer last succeeded")
                                    .baseUnit("timestamp.seconds")
                                    .tag("peer", peer.name())
                                    .register(meters));
                    t.meters.add(
                            Gauge.builder(
                                            "entente.federation.failures.in.a.row",
                                            t,
                                            x -> x.health.failures())
                                    .description("runs with the peer failed since the last success")
                                    .tag("peer", peer.name())
                                    .register(meters));
                    return t;
                });
    }

    private double lagSeconds(Tracked t) {
        java.util.OptionalLong lag = t.health.lagMicros(clock.millis() * 1000);
        return lag.isPresent() ? lag.getAsLong() / 1e6 : Double.NaN;
    }

    void untrack(Peer peer) {
        Tracked t = tracked.remove(peer.id());
        if (t != null) {
            t.meters.forEach(meters::remove);
        }
        meters.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("entente.federation."))
                .filter(m -> peer.name().equals(m.getId().getTag("peer")))
                .toList()
                .forEach(meters::remove);
    }

    void record(Peer peer, RunReport r) {
        track(peer);
        count(peer, "received", "stored", r.collections().stream().mapToInt(c -> c.stored()).sum());
        count(
                peer,
                "received",
                "already_held",
                r.collections().stream().mapToInt(c -> c.held()).sum());
        count(
                peer,
                "received",
                "refused",
                r.collections().stream().mapToInt(c -> c.refused()).sum());
        count(peer, "sent", "accepted", r.collections().stream().mapToInt(c -> c.sent()).sum());
        count(peer, "sent", "rejected", r.collections().stream().mapToInt(c -> c.rejected()).sum());
        Counter.builder("entente.federation.runs")
                .description("sync runs with a peer, by outcome")
                .tag("peer", peer.name())
                .tag("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
        r.failureKind()
                .ifPresent(
                        k ->
                                Counter.builder("entente.federation.errors")
                                        .description("failed runs with a peer, by kind")
                                        .tag("peer", peer.name())
                                        .tag("kind", k.key())
                                        .register(meters)
                                        .increment());
        Tracked t = tracked.get(peer.id());
        if (t != null) {
            t.health = peers.health(peer.id());
        }
    }

    private void count(Peer peer, String direction, String outcome, int n) {
        Counter c =
                Counter.builder("entente.federation.objects")
                        .description("objects exchanged with a peer, by direction and outcome")
                        .tag("peer", peer.name())
                        .tag("direction", direction)
                        .tag("outcome", outcome)
                        .register(meters);
        if (n > 0) {
            c.increment(n);
        }
    }
}
