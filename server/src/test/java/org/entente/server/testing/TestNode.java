package org.entente.server.testing;

import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.EntenteApplication;
import org.entente.server.Node;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient;
import org.entente.stix.Tlp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running node for tests: the real application (same wiring as {@code entente serve}) on a random
 * port, over a real database, with helpers to make what a test needs without touching what other
 * tests made. It runs on a {@link TestClock}; only a test that started the node itself may move it
 * (the shared nodes of {@link EachDatabase} keep the system's time).
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_TOKEN = "ent_test-admin-token-0123456789abcdefghijklmnop";

    private final Dialect dialect;
    private final String databaseUrl;
    private final ConfigurableApplicationContext context;
    private final TestClock clock;
    private final URI base;
    private final HttpClient http;

    private TestNode(
            Dialect dialect,
            String databaseUrl,
            ConfigurableApplicationContext context,
            TestClock clock) {
        this.dialect = dialect;
        this.databaseUrl = databaseUrl;
        this.context = context;
        this.clock = clock;
        this.base =
                URI.create(
                        "http://127.0.0.1:"
                                + context.getEnvironment().getProperty("local.server.port"));
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static TestNode start(Dialect dialect) {
        return start(dialect, Databases.fresh(dialect));
    }

    /** Starts a node on an existing database (a restart). */
    public static TestNode start(Dialect dialect, String databaseUrl, String... extraProperties) {
        return start(dialect, databaseUrl, java.util.List.of(), extraProperties);
    }

    /** Starts a fresh node whose application events also reach {@code listener} as they happen. */
    public static TestNode start(
            Dialect dialect, org.springframework.context.ApplicationListener<?> listener) {
        return start(dialect, Databases.fresh(dialect), java.util.List.of(listener));
    }

    private static TestNode start(
            Dialect dialect,
            String databaseUrl,
            java.util.List<org.springframework.context.ApplicationListener<?>> listeners,
            String... extraProperties) {
        String dataDir =
                databaseUrl.startsWith("jdbc:sqlite:")
                        ? java.nio.file.Path.of(databaseUrl.substring(12)).getParent().toString()
                        : System.getProperty("java.io.tmpdir") + "/entente-pg-" + UUID.randomUUID();
        // command-line arguments: they win over application.properties; extras win over these
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("server.address", "127.0.0.1");
        props.put("entente.data-dir", dataDir);
        props.put("entente.database-url", databaseUrl);
        props.put("entente.database-user", Databases.user(dialect));
        props.put("entente.database-password", Databases.password(dialect));
        props.put("entente.admin-token", ADMIN_TOKEN);
        props.put("entente.max-content-length", Integer.toString(4 * 1024 * 1024));
        props.put("logging.level.root", "WARN");
        for (String p : extraProperties) {
            int eq = p.indexOf('=');
            props.put(p.substring(0, eq), p.substring(eq + 1));
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        TestClock clock = TestClock.inMemory();
        SpringApplicationBuilder builder =
                new SpringApplicationBuilder(EntenteApplication.class)
                        .initializers(new ClockOverride(clock))
                        .listeners(
                                listeners.toArray(
                                        org.springframework.context.ApplicationListener<?>[]::new));
        return new TestNode(dialect, databaseUrl, builder.run(args.toArray(String[]::new)), clock);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public URI base() {
        return base;
    }

    public Node node() {
        return context.getBean(Node.class);
    }

    /** One of the running application's beans, for what only it knows (the view resolver). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The running web server's servlet context, for what only it knows (filter mappings). */
    public ServletContext servletContext() {
        return ((ServletWebServerApplicationContext) context).getServletContext();
    }

    /** The node's clock: move it forward and the node reads the new time on its next request. */
    public TestClock clock() {
        return clock;
    }

    /** A TAXII client with the admin's token. */
    public TaxiiClient admin() {
        return new TaxiiClient(http, base, Optional.of("Bearer " + ADMIN_TOKEN));
    }

    public TaxiiClient client(String authorization) {
        return new TaxiiClient(http, base, Optional.ofNullable(authorization));
    }

    /** The node as an agency's officers drive it over its REST API, as the admin. */
    public Agency agency(String name) {
        return new Agency(name, base, http, ADMIN_TOKEN);
    }

    public TaxiiClient anonymous() {
        return new TaxiiClient(http, base, Optional.empty());
    }

    /** A new collection of its own for one test, so tests never see each other's objects. */
    public Collection newCollection() {
        String id = UUID.randomUUID().toString();
        Collection c =
                new Collection(
                        id,
                        node().settings().apiRoot(),
                        Optional.of("test-" + id.substring(0, 8)),
                        "Test collection",
                        Optional.empty(),
                        "information-exchange",
                        Tlp.AMBER_STRICT);
        node().collections().insert(c, clock.millis() * 1000);
        return c;
    }

    /** A principal with the given rights on a collection, and a token for it. */
    public String tokenFor(Collection c, boolean read, boolean write) {
        NodePrincipal p =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        "client-" + UUID.randomUUID(),
                        Set.copyOf(EnumSet.of(Role.ANALYST)),
                        false,
                        node().organisations().local().orElseThrow().orgId());
        node().principals().insert(p, clock.millis() * 1000);
        if (read || write) {
            node().principals().setGrant(p.id(), new Grant(c.id(), read, write));
        }
        return node().tokens().issue(p.id(), "test", Optional.empty());
    }

    public String objectsPath(Collection c) {
        return "/taxii2/api/collections/" + c.id() + "/objects/";
    }

    /**
     * Posts {@code body} to the collection as the admin: with its length declared, so that the node
     * holds it in memory, or, when {@code spooled}, with none (chunked), so that the node spools it
     * to a file and streams it.
     */
    public TaxiiClient.Response postObjects(Collection c, byte[] body, boolean spooled) {
        return spooled
                ? postSpooled(c, () -> new java.io.ByteArrayInputStream(body))
                : admin().post(objectsPath(c), body);
    }

    /** Posts a body read from {@code body} with no length declared: the node spools it. */
    public TaxiiClient.Response postSpooled(
            Collection c, java.util.function.Supplier<java.io.InputStream> body) {
        return admin().send(
                        admin().request(objectsPath(c))
                                .header("Content-Type", TaxiiClient.TAXII)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(body))
                                .build());
    }

    /**
     * Destroys one bean as the context does when it closes (its dependents first), with every other
     * part left running: what a part's own shutdown does, seen alone.
     */
    public void destroy(String beanName) {
        ((org.springframework.beans.factory.support.DefaultListableBeanFactory)
                        context.getBeanFactory())
                .destroySingleton(beanName);
    }

    @Override
    public void close() {
        context.close();
    }
}
