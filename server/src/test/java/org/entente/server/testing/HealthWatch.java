package org.entente.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a node process for {@code /actuator/health} every 200 ms while an attack runs, and notes
 * every answer that is not a 200 within {@link #DEADLINE}: a node that exhausted its heap keeps its
 * port open but stops answering, which only a probe with a deadline sees. Also samples the
 * process's resident memory (Linux {@code /proc}) for the benchmarks.
 */
public final class HealthWatch implements AutoCloseable {
    public static final Duration DEADLINE = Duration.ofSeconds(1);

    /**
     * What the probes saw.
     *
     * @param problems each probe that failed or was late, with when and why
     * @param startRssKb the resident set size when the watch started, in KiB (-1 off Linux)
     * @param maxRssKb the highest resident set size sampled, in KiB (-1 off Linux)
     */
    public record Report(
            int probes, List<String> problems, long maxMillis, long startRssKb, long maxRssKb) {
        public String summary() {
            return probes
                    + " probes, slowest "
                    + maxMillis
                    + " ms; resident memory "
                    + startRssKb / 1024
                    + " MB at the start, up to "
                    + maxRssKb / 1024
                    + " MB";
        }
    }

    private final HttpClient http;
    private final URI health;
    private final Optional<Long> pid;
    private final long started = System.nanoTime();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile int probes;
    private volatile long maxMillis;
    private volatile long maxRssKb = -1;
    private final long startRssKb;

    private HealthWatch(HttpClient http, URI health, Optional<Long> pid) {
        this.http = http;
        this.health = health;
        this.pid = pid;
        this.startRssKb = proc("VmRSS:");
        this.thread = new Thread(this::run, "health-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching a node process, over a client of its own (as a monitoring system is): a
     * connection the attack breaks is not one the probes use.
     */
    public static HealthWatch start(NodeProcess node) {
        HttpClient http =
                HttpClient.newBuilder()
                        .sslContext(node.identity().trustingOnlyThis())
                        .connectTimeout(DEADLINE)
                        .build();
        HealthWatch w = new HealthWatch(http, node.base().resolve("actuator/health"), pidOf(node));
        w.probe(); // warms the connection; a failure here is reported like any other
        w.thread.start();
        return w;
    }

    /** The pid of a node process of this JVM, found by the port on its command line. */
    public static Optional<Long> pidOf(NodeProcess node) {
        String port = "\0--port\0" + node.base().getPort() + "\0";
        return ProcessHandle.current()
                .descendants()
                .map(ProcessHandle::pid)
                .filter(
                        pid -> {
                            // NB: read here, as ProcessHandle.Info may cut a long command line
                            try {
                                return new String(
                                                Files.readAllBytes(
                                                        Path.of(
                                                                "/proc",
                                                                pid.toString(),
                                                                "cmdline")),
                                                java.nio.charset.StandardCharsets.UTF_8)
                                        .contains(port);
                            } catch (IOException | RuntimeException notLinux) {
                                return false;
                            }
                        })
                .findFirst();
    }

    private void run() {
        while (running.get()) {
            probe();
            try {
                Thread.sleep(200); // the pace of the probes, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One probe now; also callable from the test, e.g. once the attack is over. */
    public void probe() {
        sampleMemory();
        long start = System.nanoTime();
        String problem = null;
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(health).timeout(DEADLINE).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                problem = "answered " + r.statusCode() + ": " + r.body();
            }
        } catch (IOException e) {
            problem = "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        maxMillis = Math.max(maxMillis, millis);
        if (problem == null && millis > DEADLINE.toMillis()) {
            problem = "answered after " + millis + " ms";
        }
        probes++;
        if (problem != null) {
            problems.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "at +%.1f s: %s",
                            (System.nanoTime() - started) / 1e9,
                            problem));
        }
    }

    private void sampleMemory() {
        maxRssKb = Math.max(maxRssKb, proc("VmRSS:"));
    }

    private long proc(String field) {
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", pid.get().toString(), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process has exited: nothing to sample
        }
        return -1;
    }

    /**
     * Removes the data folder of a node process that has stopped (its database can be hundreds of
     * megabytes after an attack); its log stays beside it for whoever reads a failure.
     */
    public static void removeData(NodeProcess node) {
        if (node.alive()) {
            throw new IllegalStateException(node.name() + " is still running");
        }
        Path data = node.log().resolveSibling("data");
        if (!Files.isDirectory(data)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(data)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops probing and says what was seen. */
    public Report report() {
        close();
        List<String> seen;
        synchronized (problems) {
            seen = List.copyOf(problems);
        }
        return new Report(probes, seen, maxMillis, startRssKb, maxRssKb);
    }

    @Override
    public void close() {
        if (running.getAndSet(false)) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
