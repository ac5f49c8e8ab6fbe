package org.entente.server.localnode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node in a child process of this JVM, started as {@code entente serve} is, over HTTPS on
 * loopback with a keystore of its own: the agencies of {@code entente demo} and the peers of the
 * federation tests. One class for both because starting a JVM, waiting until it answers on a loaded
 * machine, and ending it when its caller fails are what went wrong when each wrote its own: a start
 * that fails ends the process at once, and every process is also ended when this JVM exits ({@link
 * OwnedProcesses}).
 */
public final class LocalNode implements AutoCloseable {
    /**
     * How long a node may take to answer after its JVM is started. On this project's 2-core machine
     * with other builds running (load average 15 to 20), three nodes started together took up to
     * 135 s, and a bound of 120 s failed a run (docs/benchmarks.md, "Test loop"): 300 s leaves a
     * margin of two. The wait ends as soon as the node answers, or at once if its JVM exits; the
     * bound only decides when a node that hangs fails.
     */
    public static final Duration START_PATIENCE = Duration.ofSeconds(300);

    /** How often a first start chooses a port again when another process took the last one. */
    private static final int PORT_ATTEMPTS = 3;

    /** How long {@link #stop} lets the node shut down before it is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(200);

    private final LocalNodeOptions options;
    private final Duration patience;
    private int port;
    private final HttpClient http;
    private Process process;
    private int starts;
    private Duration lastStart = Duration.ZERO;

    private LocalNode(LocalNodeOptions options, Duration patience) {
        this.options = options;
        this.patience = patience;
        this.port = freePort();
        this.http =
                HttpClient.newBuilder()
                        .sslContext(options.identity().trustingOnlyThis())
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    /** Starts a node and returns once it answers; a node that does not is ended, and says why. */
    public static LocalNode start(LocalNodeOptions options) {
        return start(options, START_PATIENCE);
    }

    /** As {@link #start(LocalNodeOptions)}, waiting at most {@code patience} for an answer. */
    public static LocalNode start(LocalNodeOptions options, Duration patience) {
        if (patience.isNegative() || patience.isZero()) {
            throw new IllegalArgumentException("patience: must be positive");
        }
        LocalNode node = new LocalNode(options, patience);
        for (int attempt = 1; ; attempt++) {
            long logFrom = node.logSize();
            try {
                node.launch();
                return node;
            } catch (IllegalStateException e) {
                // the port was free when chosen and another process took it before the node bound
                // it (the machine is shared): choose again, as the caller never saw this port
                if (attempt == PORT_ATTEMPTS || !node.portWasTaken(logFrom)) {
                    throw e;
                }
                node.starts--;
                node.port = freePort();
            }
        }
    }

    private long logSize() {
        try {
            return Files.exists(options.log()) ? Files.size(options.log()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the node's log, from {@code from} on, says its port was already in use. */
    private boolean portWasTaken(long from) {
        try (var in = Files.newInputStream(options.log())) {
            in.skipNBytes(Math.min(from, Files.size(options.log())));
            String written = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return written.contains("Port " + port + " was already in use");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError"); // as ./entente serve runs it
        command.addAll(options.javaArguments());
        command.addAll(List.of("serve", "--port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        // the node's settings are the caller's alone, never an ENTENTE_* of whoever runs it
        env.keySet().removeIf(k -> k.startsWith("ENTENTE_"));
        env.put("ENTENTE_DATA_DIR", options.dataDir().toString());
        env.put("ENTENTE_ADMIN_TOKEN", options.adminToken());
        env.put("ENTENTE_TLS_KEYSTORE", options.identity().keystore().toString());
        env.put("ENTENTE_TLS_KEYSTORE_PASSWORD", options.identity().password());
        env.putAll(options.environment());
        pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(options.log().toFile()));
        long started = System.nanoTime();
        try {
            Files.createDirectories(options.home());
            process = OwnedProcesses.start(pb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        starts++;
        try {
            awaitUp(started);
        } catch (RuntimeException e) {
            OwnedProcesses.end(process); // a node that did not come up is not left behind
            throw e;
        }
        lastStart = Duration.ofNanos(System.nanoTime() - started);
    }

    /** Polls the node until it answers, for at most its patience. */
    private void awaitUp(long started) {
        long deadline = started + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        options.name() + "'s node stopped at start; see " + log());
            }
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(base().resolve("taxii2/"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(POLL.toMillis()); // the pace of the polls; the deadline bounds them
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                options.name()
                        + "'s node did not answer within "
                        + patience.toSeconds()
                        + " s; see "
                        + log());
    }

    public String name() {
        return options.name();
    }

    /** {@code https://localhost:PORT/}. */
    public URI base() {
        return URI.create("https://localhost:" + port + "/");
    }

    public TlsIdentity identity() {
        return options.identity();
    }

    public Path log() {
        return options.log();
    }

    public Path dataDir() {
        return options.dataDir();
    }

    /** An HTTP client that trusts this node's certificate only. */
    public HttpClient http() {
        return http;
    }

    /** A client of this node with its admin token. */
    public TaxiiClient admin() {
        return new TaxiiClient(http, base(), Optional.of("Bearer " + options.adminToken()));
    }

    /** How long the last start took, until the node answered. */
    public Duration lastStart() {
        return lastStart;
    }

    /** How many times it was started. */
    public int starts() {
        return starts;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() {
        OwnedProcesses.end(process);
    }

    /** SIGTERM and wait, as its operator stops it; SIGKILL after {@link #STOP_GRACE}. */
    public void stop() {
        OwnedProcesses.stop(process, STOP_GRACE);
    }

    /** Starts it again on the same port, data folder and settings. */
    public void restart() {
        if (alive()) {
            throw new IllegalStateException(options.name() + " is running");
        }
        launch();
    }

    /** Kills it if it runs (a caller done with it, or failing). */
    @Override
    public void close() {
        if (process != null) {
            OwnedProcesses.end(process);
        }
    }
}
