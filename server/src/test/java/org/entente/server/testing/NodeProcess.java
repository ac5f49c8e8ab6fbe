package org.entente.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.db.Dialect;

/**
 * A node in a process of its own, started as {@code entente serve} is, over real HTTPS on loopback
 * with a keystore made for it: what federation tests run peers as, and kill with SIGKILL. It runs
 * on a {@link TestClock} that the test can move forward ({@link #clock()}), and its process tree is
 * ended by {@link #close()}, after the test ({@link Slow}) or when the test JVM exits, whichever
 * comes first.
 */
public final class NodeProcess implements AutoCloseable {
    /**
     * How long a node may take to answer after its JVM is started. On this project's 2-core machine
     * with other builds running (load average 15 to 20), three nodes started together took up to
     * 135 s, and a bound of 120 s failed a run (docs/benchmarks.md, "Test loop"): 300 s leaves a
     * margin of two. The wait ends as soon as the node answers, or at once if its JVM exits; the
     * bound only decides when a node that hangs fails.
     */
    public static final Duration START_PATIENCE = Duration.ofSeconds(300);

    private final String name;
    private final Dialect dialect;
    private final String databaseUrl;
    private final Path dir;
    private final Path dataDir;
    private final Pki.Identity identity;
    private final int port;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final HttpClient http;
    private final TestClock clock;
    private Process process;
    private int starts;
    private Duration lastStart = Duration.ZERO;

    private NodeProcess(
            String name,
            Dialect dialect,
            Path dir,
            Map<String, String> properties,
            Map<String, String> environment) {
        this.name = name;
        this.dialect = dialect;
        this.databaseUrl =
                dialect == Dialect.SQLITE
                        ? "jdbc:sqlite:" + dir.resolve("data").resolve("entente.db")
                        : Databases.fresh(dialect);
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.identity = Pki.create(dir, name);
        this.port = freePort();
        this.properties = properties;
        this.environment = environment;
        this.http =
                HttpClient.newBuilder()
                        .sslContext(identity.trustingOnlyThis())
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        this.clock = TestClock.sharedThrough(dir.resolve("clock"));
    }

    /**
     * Starts a node for {@code organisation}.
     *
     * @param properties {@code entente.*} settings passed as system properties
     */
    public static NodeProcess start(
            String name,
            Dialect dialect,
            String organisation,
            String country,
            Map<String, String> properties) {
        try {
            Path dir = Files.createTempDirectory("entente-" + name + "-");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ENTENTE_ORGANISATION", organisation);
            env.put("ENTENTE_COUNTRY", country);
            env.put("ENTENTE_TITLE", organisation + " node");
            NodeProcess p = new NodeProcess(name, dialect, dir, properties, env);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        command.add("-Dlogging.level.root=WARN");
        command.add("-Dlogging.level.org.entente=INFO");
        command.add("-D" + ClockedNodeMain.CLOCK_FILE + "=" + dir.resolve("clock"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClockedNodeMain.class.getName());
        command.add("serve");
        command.add("--port");
        command.add(Integer.toString(port));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.environment().put("ENTENTE_DATABASE_URL", databaseUrl);
        pb.environment().put("ENTENTE_DATABASE_USER", Databases.user(dialect));
        pb.environment().put("ENTENTE_DATABASE_PASSWORD", Databases.password(dialect));
        pb.environment().put("ENTENTE_DATA_DIR", dataDir.toString());
        pb.environment().put("ENTENTE_ADMIN_TOKEN", TestNode.ADMIN_TOKEN);
        pb.environment().put("ENTENTE_TLS_KEYSTORE", identity.keystore().toString());
        pb.environment().put("ENTENTE_TLS_KEYSTORE_PASSWORD", Pki.PASSWORD);
        pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
        long started = System.nanoTime();
        try {
            process = ChildProcesses.start(pb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        starts++;
        awaitUp(started);
        lastStart = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf(
                "%s node started in %.1f s (start %d)%n",
                name, lastStart.toMillis() / 1000.0, starts);
    }

    /** Polls the node until it answers, for at most {@link #START_PATIENCE}. */
    private void awaitUp(long started) {
        long deadline = started + START_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; see " + log());
            }
            try {
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(base().resolve("taxii2/"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
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
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(
                name + " did not answer within " + START_PATIENCE.toSeconds() + " s; see " + log());
    }

    public String name() {
        return name;
    }

    /** {@code https://localhost:PORT/}. */
    public URI base() {
        return URI.create("https://localhost:" + port + "/");
    }

    public Pki.Identity identity() {
        return identity;
    }

    public Path log() {
        return dir.resolve("node.log");
    }

    /** The node's clock: move it forward and the node reads the new time at once. */
    public TestClock clock() {
        return clock;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    /** An HTTP client that trusts this node's certificate only. */
    public HttpClient http() {
        return http;
    }

    /** How long the last start took, until the node answered. */
    public Duration lastStart() {
        return lastStart;
    }

    /** The node as its officers drive it, over HTTPS, trusting only its certificate. */
    public Agency agency() {
        return new Agency(name, base(), http, TestNode.ADMIN_TOKEN);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() {
        ChildProcesses.end(process);
    }

    /** SIGTERM and wait: a node shut down by its operator. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ChildProcesses.end(process); // SIGKILL if it did not stop in time
        }
    }

    /** Starts it again on the same port, database and data folder. */
    public void restart() {
        if (alive()) {
            throw new IllegalStateException(name + " is running");
        }
        launch();
    }

    public int starts() {
        return starts;
    }

    /** The node's parts on its database, in this JVM, to look inside (while it runs or not). */
    public Node open() {
        return new Node(
                NodeSettings.forDatabase(
                        dataDir, databaseUrl, Databases.user(dialect), Databases.password(dialect)),
                clock);
    }

    @Override
    public void close() {
        if (process != null) {
            ChildProcesses.end(process);
        }
    }
}
