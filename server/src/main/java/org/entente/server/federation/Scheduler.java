package org.entente.server.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs each peer in a loop of its own on a small pool: soon again after a run that moved objects,
 * pausing longer (up to the idle interval) while nothing comes, backing off exponentially with
 * jitter after failures, and never sooner than a peer's Retry-After or our rate limit allow. Peers
 * recorded by the CLI are picked up within seconds. A "sync now" runs at once (after a run already
 * going) and the loop carries on from it.
 */
public final class Scheduler implements Federation.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** How often the recorded peers are read again (peers added or removed elsewhere). */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final Federation federation;
    private final Clock clock;
    private final Pacing pacing;
    private final ScheduledExecutorService executor;
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean started;

    /** One peer's loop: its next run, and how the last ones went. */
    static final class Loop {
        final String peerId;
        final ReentrantLock running = new ReentrantLock();
        final Pacing.State pace = new Pacing.State();
        volatile ScheduledFuture<?> next;

        Loop(String peerId) {
            this.peerId = peerId;
        }
    }

    public Scheduler(
            Federation federation,
            FederationSettings settings,
            Clock clock,
            DoubleSupplier random) {
        this.federation = federation;
        this.clock = clock;
        this.pacing = new Pacing(settings, clock, random);
        this.executor =
                Executors.newScheduledThreadPool(
                        settings.threads(),
                        r -> {
                            Thread t = new Thread(r, "entente-federation");
                            t.setDaemon(true);
                            return t;
                        });
        federation.listen(this);
    }

    /** Starts every enabled peer's loop, and the watch for peers recorded elsewhere. */
    public void start() {
        started = true;
        federation.trackAll();
        executor.scheduleWithFixedDelay(
                this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            Set<String> enabled =
                    federation.list().stream()
                            .filter(Peer::enabled)
                            .map(Peer::id)
                            .collect(Collectors.toSet());
            enabled.forEach(this::ensure);
            for (String id : Set.copyOf(loops.keySet())) {
                if (!enabled.contains(id)) {
                    cancel(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the peers", e);
        }
    }

    @Override
    public void added(Peer peer) {
        if (started && !closed && peer.enabled()) {
            ensure(peer.id());
        }
    }

    /** Starts the peer's loop unless it runs already. */
    private void ensure(String peerId) {
        Loop l = new Loop(peerId);
        if (loops.putIfAbsent(peerId, l) == null) {
            schedule(l, Duration.ZERO);
        }
    }

    @Override
    public void removed(Peer peer) {
        cancel(peer.id());
    }

    private void cancel(String peerId) {
        Loop l = loops.remove(peerId);
        if (l != null && l.next != null) {
            l.next.cancel(false);
        }
    }

    private void schedule(Loop loop, Duration delay) {
        if (closed || loops.get(loop.peerId) != loop) {
            return; // closed, or the loop was cancelled
        }
        loop.next = executor.schedule(() -> run(loop), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(Loop loop) {
        if (!loop.running.tryLock()) {
            return; // a sync now is running; it schedules what follows
        }
        try {
            if (closed || loops.get(loop.peerId) != loop) {
                return;
            }
            var peer = federation.current(loop.peerId);
            if (peer.isEmpty() || !peer.get().enabled()) {
                loops.remove(loop.peerId, loop);
                return;
            }
            RunReport report = federation.sync(peer.get());
            schedule(loop, pacing.next(report, loop.pace));
        } catch (RuntimeException e) {
            LOG.warn("sync with peer {} failed", loop.peerId, e);
            loop.pace.failures++;
            schedule(loop, pacing.backoff(loop.pace.failures));
        } finally {
            loop.running.unlock();
        }
    }

    /**
     * Syncs the peer now, after any run of it already going, and returns what the run did; the
     * peer's loop goes on from here.
     */
    public RunReport syncNow(Peer peer) {
        Loop loop = loops.get(peer.id());
        if (loop == null || closed) {
            return federation.sync(peer);
        }
        ScheduledFuture<?> pending = loop.next;
        if (pending != null) {
            pending.cancel(false);
        }
        loop.running.lock();
        try {
            RunReport report = federation.sync(peer);
            schedule(loop, pacing.next(report, loop.pace));
            return report;
        } finally {
            loop.running.unlock();
        }
    }

    /** When each peer's next run is due, for the health API. */
    public Map<String, Instant> nextRuns() {
        Map<String, Instant> out = new HashMap<>();
        loops.forEach(
                (id, l) -> {
                    ScheduledFuture<?> f = l.next;
                    if (f != null && !f.isDone()) {
                        out.put(
                                id,
                                clock.instant()
                                        .plusMillis(
                                                Math.max(0, f.getDelay(TimeUnit.MILLISECONDS))));
                    }
                });
        return out;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
