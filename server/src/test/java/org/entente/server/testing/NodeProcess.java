package org.entente.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.LocalNode;
import org.entente.server.localnode.LocalNodeOptions;
import org.entente.server.localnode.TlsIdentity;

/**
 * A node in a process of its own ({@link LocalNode}, the kit the demo uses too) as federation tests
 * run peers: on a database of either dialect, on a {@link TestClock} that the test can move forward
 * ({@link #clock()}), and driven as the test's agency ({@link #agency()}). Its process tree is
 * ended by {@link #close()}, after the test ({@link Slow}) or when the test JVM exits, whichever
 * comes first.
 */
public final class NodeProcess implements AutoCloseable {
    /** How long a node may take to answer after its JVM is started. */
    public static final Duration START_PATIENCE = LocalNode.START_PATIENCE;

    private final Dialect dialect;
    private final String databaseUrl;
    private final TestClock clock;
    private final LocalNode node;

    private NodeProcess(Dialect dialect, String databaseUrl, TestClock clock, LocalNode node) {
        this.dialect = dialect;
        this.databaseUrl = databaseUrl;
        this.clock = clock;
        this.node = node;
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
        Path dir;
        try {
            dir = Files.createTempDirectory("entente-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String databaseUrl =
                dialect == Dialect.SQLITE
                        ? "jdbc:sqlite:" + dir.resolve("data").resolve("entente.db")
                        : Databases.fresh(dialect);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ENTENTE_ORGANISATION", organisation);
        env.put("ENTENTE_COUNTRY", country);
        env.put("ENTENTE_TITLE", organisation + " node");
        env.put("ENTENTE_DATABASE_URL", databaseUrl);
        env.put("ENTENTE_DATABASE_USER", Databases.user(dialect));
        env.put("ENTENTE_DATABASE_PASSWORD", Databases.password(dialect));
        Map<String, String> system = new LinkedHashMap<>();
        system.put("logging.level.root", "WARN");
        system.put("logging.level.org.entente", "INFO");
        system.put(ClockedNodeMain.CLOCK_FILE, dir.resolve("clock").toString());
        system.putAll(properties);
        TestClock clock = TestClock.sharedThrough(dir.resolve("clock"));
        LocalNode node =
                LocalNode.start(
                        new LocalNodeOptions(
                                name,
                                dir,
                                Pki.create(dir, name),
                                TestNode.ADMIN_TOKEN,
                                LocalNodeOptions.javaArguments(
                                        ClockedNodeMain.class.getName(), system),
                                env));
        NodeProcess p = new NodeProcess(dialect, databaseUrl, clock, node);
        p.reportStart();
        return p;
    }

    private void reportStart() {
        System.out.printf(
                "%s node started in %.1f s (start %d)%n",
                node.name(), node.lastStart().toMillis() / 1000.0, node.starts());
    }

    public String name() {
        return node.name();
    }

    /** {@code https://localhost:PORT/}. */
    public URI base() {
        return node.base();
    }

    public TlsIdentity identity() {
        return node.identity();
    }

    public Path log() {
        return node.log();
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
        return node.http();
    }

    /** How long the last start took, until the node answered. */
    public Duration lastStart() {
        return node.lastStart();
    }

    /** The node as its officers drive it, over HTTPS, trusting only its certificate. */
    public Agency agency() {
        return new Agency(node.name(), node.base(), node.http(), TestNode.ADMIN_TOKEN);
    }

    public boolean alive() {
        return node.alive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() {
        node.kill();
    }

    /** SIGTERM and wait: a node shut down by its operator. */
    public void stop() {
        node.stop();
    }

    /** Starts it again on the same port, database and data folder. */
    public void restart() {
        node.restart();
        reportStart();
    }

    public int starts() {
        return node.starts();
    }

    /** The node's parts on its database, in this JVM, to look inside (while it runs or not). */
    public Node open() {
        return new Node(
                NodeSettings.forDatabase(
                        node.dataDir(),
                        databaseUrl,
                        Databases.user(dialect),
                        Databases.password(dialect)),
                clock);
    }

    @Override
    public void close() {
        node.close();
    }
}
