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
import java.time.Clock;
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
 * with a keystore made for it: what federation tests run peers as, and kill with SIGKILL.
 */
public final class NodeProcess implements AutoCloseable {
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
    private Process process;
    private int starts;

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
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.entente.server.cli.Main");
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
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        starts++;
        awaitUp();
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
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
        throw new IllegalStateException(name + " did not start; see " + log());
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

    /** The node as its officers drive it, over HTTPS, trusting only its certificate. */
    public Agency agency() {
        return new Agency(name, base(), http, TestNode.ADMIN_TOKEN);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait: a node shut down by its operator. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
                Clock.systemUTC());
    }

    @Override
    public void close() {
        if (alive()) {
            kill();
        }
    }
}
