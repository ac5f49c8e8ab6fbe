package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TlsIdentity;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.Pki;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every setting the documentation names reaches every command as it reaches {@code serve}: one
 * binding, over one environment. The variables are read from the README's configuration table and
 * docs/federation.md's settings, so a setting documented later is checked too.
 */
class SettingsTest {
    /** Variables of the {@code ./entente} script, not of the node. */
    private static final Set<String> NOT_SETTINGS =
            Set.of("ENTENTE_JAVA_OPTS", "ENTENTE_CDS", "ENTENTE_AOT");

    @TempDir static Path dir;
    private static Map<String, String> samples;

    /** A value for each documented variable, none of them the default. */
    @BeforeAll
    static void samples() {
        TlsIdentity node = Pki.create(dir.resolve("pki"), "settings");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ENTENTE_DATA_DIR", dir.resolve("data").toString());
        s.put("ENTENTE_DATABASE_URL", Databases.fresh(Dialect.SQLITE));
        s.put("ENTENTE_DATABASE_USER", "entente-user");
        s.put("ENTENTE_DATABASE_PASSWORD", "entente-password");
        s.put("ENTENTE_DATABASE_POOL_SIZE", "3");
        s.put("ENTENTE_SQLITE_MMAP_MB", "64");
        s.put("ENTENTE_SQLITE_CACHE_MB", "24");
        s.put("ENTENTE_ADMIN_TOKEN", TestNode.ADMIN_TOKEN);
        s.put("ENTENTE_AUTH_BASIC_CACHE_TTL", "30s");
        s.put("ENTENTE_AUTH_BASIC_CACHE_SIZE", "500");
        s.put("ENTENTE_MAX_CONTENT_LENGTH", "2097152");
        s.put("ENTENTE_PAGE_SIZE", "50");
        s.put("ENTENTE_MAX_PAGE_SIZE", "20000");
        s.put("ENTENTE_CHUNK_SIZE", "7");
        s.put("ENTENTE_READS_AT_ONCE", "3");
        s.put("ENTENTE_API_ROOT", "intel");
        s.put("ENTENTE_TLS_KEYSTORE", node.keystore().toString());
        s.put("ENTENTE_TLS_KEYSTORE_PASSWORD", Pki.PASSWORD);
        s.put(
                "ENTENTE_TLS_TRUSTSTORE",
                Pki.trustStore(dir.resolve("trust.p12"), List.of(node)).toString());
        s.put("ENTENTE_TLS_TRUSTSTORE_PASSWORD", Pki.PASSWORD);
        s.put("ENTENTE_ORGANISATION", "CSA Singapore");
        s.put("ENTENTE_COUNTRY", "SG");
        s.put("ENTENTE_TITLE", "CSA node");
        s.put("ENTENTE_DESCRIPTION", "Singapore's threat intelligence");
        s.put("ENTENTE_CONTACT", "soc@csa.example");
        s.put("ENTENTE_DETECTION_ENABLED", "false");
        s.put("ENTENTE_DETECTION_EAGER", "true");
        s.put("ENTENTE_DETECTION_MAX_INDICATORS", "5000");
        s.put("ENTENTE_DETECTION_WINDOW", "2m");
        s.put("ENTENTE_DETECTION_MEMORY_BUDGET", "64MB");
        s.put("ENTENTE_DETECTION_FIRST_BATCH_WAIT", "5s");
        s.put("ENTENTE_LIMITS_MAX_OBJECT_BYTES", "65536");
        s.put("ENTENTE_LIMITS_MAX_OBJECTS_PER_REQUEST", "500");
        s.put("ENTENTE_LIMITS_STATUS_DETAILS_PER_PAGE", "250");
        s.put("ENTENTE_FEDERATION_SECRETS_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        s.put("ENTENTE_FEDERATION_ENABLED", "false");
        s.put("ENTENTE_FEDERATION_MIN_INTERVAL", "300ms");
        s.put("ENTENTE_FEDERATION_IDLE_INTERVAL", "2s");
        s.put("ENTENTE_FEDERATION_MAX_BACKOFF", "1m");
        s.put("ENTENTE_FEDERATION_PAGE_SIZE", "100");
        s.put("ENTENTE_FEDERATION_MAX_PAGES_PER_RUN", "7");
        s.put("ENTENTE_FEDERATION_MAX_RESPONSE_BYTES", "1048576");
        s.put("ENTENTE_FEDERATION_MAX_OBJECT_BYTES", "4096");
        s.put("ENTENTE_FEDERATION_MAX_OBJECTS_PER_SECOND", "50");
        s.put("ENTENTE_FEDERATION_REQUEST_TIMEOUT", "20s");
        s.put("ENTENTE_FEDERATION_CONNECT_TIMEOUT", "5s");
        s.put("ENTENTE_FEDERATION_STATUS_TIMEOUT", "30s");
        s.put("ENTENTE_FEDERATION_LIST_EVERY", "10s");
        s.put("ENTENTE_FEDERATION_THREADS", "2");
        samples = s;
    }

    /**
     * An environment whose variables are exactly {@code variables}, system properties as they are.
     */
    static ConfigurableEnvironment environment(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.copyOf(variables)));
        return environment;
    }

    /** What a command such as {@code import} runs with. */
    private static NodeSettings forCommands(Map<String, String> variables) {
        return new NodeOptions(() -> environment(variables)).settings();
    }

    /** The variables the documentation names, from their tables. */
    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"));
        table = table.substring(0, table.indexOf("\n## ", 1));
        Matcher m = Pattern.compile("`(ENTENTE_[A-Z0-9_]+)`").matcher(table);
        while (m.find()) {
            names.add(m.group(1));
        }
        String federation = Files.readString(Path.of("..", "docs", "federation.md"));
        String settings = federation.substring(federation.indexOf("## Settings"));
        settings = settings.substring(0, settings.indexOf("\n## ", 1));
        Matcher f = Pattern.compile("(?m)^\\| (`[a-z-]+`(?:, `[a-z-]+`)*) \\|").matcher(settings);
        while (f.find()) {
            for (String name : f.group(1).replace("`", "").split(", ")) {
                names.add("ENTENTE_FEDERATION_" + name.replace('-', '_').toUpperCase(Locale.ROOT));
            }
        }
        names.removeAll(NOT_SETTINGS);
        return names;
    }

    @Test
    void everyDocumentedVariableHasASampleHere() throws IOException {
        Set<String> documented = documented();
        assertThat(documented).as("the tables were read").hasSizeGreaterThan(30);
        assertThat(samples.keySet())
                .as("give each documented variable a value in samples()")
                .containsAll(documented);
        assertThat(documented)
                .as("each variable given a value here is documented in README.md or federation.md")
                .containsAll(samples.keySet());
    }

    @Test
    void eachDocumentedVariableChangesWhatACommandRunsWith() throws IOException {
        NodeSettings defaults = forCommands(Map.of());
        for (String name : documented()) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put(name, samples.get(name));
            if (name.startsWith("ENTENTE_TLS_TRUSTSTORE")) {
                // a trust store serves client certificates over HTTPS, so it needs a keystore
                one.put("ENTENTE_TLS_KEYSTORE", samples.get("ENTENTE_TLS_KEYSTORE"));
            }
            assertThat(forCommands(one)).as(name + " is read").isNotEqualTo(defaults);
        }
    }

    @Test
    void theChunkSizeReachesImport() throws IOException {
        assertThat(forCommands(Map.of("ENTENTE_CHUNK_SIZE", "7")).chunkSize()).isEqualTo(7);
    }

    @Test
    void serveRunsWithExactlyTheSettingsEveryOtherCommandRunsWith() throws Exception {
        ConfigurableEnvironment environment = environment(samples);
        ServeCommand serve = new ServeCommand(() -> environment);
        serve.port = 0;
        serve.call();
        try (ConfigurableApplicationContext application = serve.application()) {
            NodeSettings served = application.getBean(NodeSettings.class);
            assertThat(served).isEqualTo(forCommands(samples));
            assertThat(served.chunkSize()).isEqualTo(7);
            assertThat(application.getEnvironment().getProperty("server.ssl.enabled"))
                    .as("ENTENTE_TLS_KEYSTORE turns HTTPS on")
                    .isEqualTo("true");
            assertThat(application.getEnvironment().getProperty("server.ssl.client-auth"))
                    .isEqualTo("want");
        }
    }

    @Test
    void aCommandOptionWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("ENTENTE_DATA_DIR", dir.resolve("from-env").toString());
        NodeOptions options = new NodeOptions(() -> environment(env));
        options.dataDir = dir.resolve("from-option");
        assertThat(options.settings().dataDir()).isEqualTo(dir.resolve("from-option"));
        assertThat(options.settings().databaseUrl())
                .isEqualTo("jdbc:sqlite:" + dir.resolve("from-option").resolve("entente.db"));
    }

    /**
     * SQLite is read through its page caches unless a mapping is asked for: a mapped file counts in
     * the node's resident memory up to the whole mapping.
     */
    @Test
    void sqliteIsMappedOnlyAsMuchAsAsked() {
        for (Map.Entry<Map<String, String>, Long> c :
                Map.of(
                                Map.<String, String>of(),
                                0L,
                                Map.of("ENTENTE_SQLITE_MMAP_MB", "64"),
                                64L * 1024 * 1024)
                        .entrySet()) {
            Map<String, String> env = new LinkedHashMap<>(c.getKey());
            env.put("ENTENTE_DATABASE_URL", Databases.fresh(Dialect.SQLITE));
            try (org.entente.server.db.Database db =
                    org.entente.server.db.Database.open(forCommands(env).database())) {
                assertThat(db.jdbc().sql("PRAGMA mmap_size").query(Long.class).single())
                        .as("mmap_size with %s", c.getKey())
                        .isEqualTo(c.getValue());
            }
        }
    }

    /**
     * SQLite's page caches share one budget over the pool: each connection fills its cache under
     * random reads, so a size per connection grew resident memory with the pool's size.
     */
    @Test
    void sqlitePageCachesShareOneBudgetOverThePool() {
        record Case(Map<String, String> env, long kib) {}
        for (Case c :
                List.of(
                        // 64 MB over the default pool of 16
                        new Case(Map.of(), 4096),
                        new Case(Map.of("ENTENTE_SQLITE_CACHE_MB", "32"), 2048),
                        new Case(
                                Map.of(
                                        "ENTENTE_SQLITE_CACHE_MB", "32",
                                        "ENTENTE_DATABASE_POOL_SIZE", "4"),
                                8192),
                        // never under 1 MB a connection
                        new Case(Map.of("ENTENTE_SQLITE_CACHE_MB", "4"), 1024))) {
            Map<String, String> env = new LinkedHashMap<>(c.env());
            env.put("ENTENTE_DATABASE_URL", Databases.fresh(Dialect.SQLITE));
            try (org.entente.server.db.Database db =
                    org.entente.server.db.Database.open(forCommands(env).database())) {
                assertThat(db.jdbc().sql("PRAGMA cache_size").query(Long.class).single())
                        .as("cache_size with %s", c.env())
                        .isEqualTo(-c.kib());
            }
        }
    }

    /**
     * {@code import} writes alone, so its writer's page cache gets the budget's half, not a
     * sixteenth, unless the operator sized the pool; every other command keeps the node's pool.
     */
    @Test
    void importSharesThePageCacheOverTwoConnectionsUnlessThePoolIsSet() {
        record Case(Map<String, String> env, boolean importing, int pool, long kib) {}
        for (Case c :
                List.of(
                        new Case(Map.of(), true, 2, 32768),
                        new Case(Map.of(), false, 16, 4096),
                        new Case(Map.of("ENTENTE_SQLITE_CACHE_MB", "16"), true, 2, 8192),
                        new Case(Map.of("ENTENTE_DATABASE_POOL_SIZE", "8"), true, 8, 8192))) {
            Map<String, String> env = new LinkedHashMap<>(c.env());
            env.put("ENTENTE_DATABASE_URL", Databases.fresh(Dialect.SQLITE));
            NodeOptions options = new NodeOptions(() -> environment(env));
            NodeSettings settings =
                    c.importing() ? options.settings(ImportCommand.DEFAULTS) : options.settings();
            assertThat(settings.database().poolSize()).as("pool with %s", c).isEqualTo(c.pool());
            try (org.entente.server.db.Database db =
                    org.entente.server.db.Database.open(settings.database())) {
                assertThat(db.jdbc().sql("PRAGMA cache_size").query(Long.class).single())
                        .as("cache_size with %s", c)
                        .isEqualTo(-c.kib());
            }
        }
    }

    /** A system property (-Dentente.database-pool-size) is the operator's choice too. */
    @Test
    void importLeavesAPoolSizeGivenAsAPropertyAlone() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(
                        new MapPropertySource("given", Map.of("entente.database-pool-size", "3")));
        NodeOptions options = new NodeOptions(() -> environment);
        assertThat(options.settings(ImportCommand.DEFAULTS).database().poolSize()).isEqualTo(3);
    }

    @Test
    void aBadValueIsRefusedNamingTheVariableAndWhy() {
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_CHUNK_SIZE", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entente.chunk-size")
                .hasMessageContaining("ENTENTE_CHUNK_SIZE")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_CHUNK_SIZE", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entente.chunk-size must be positive, not 0");
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_READS_AT_ONCE", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entente.reads-at-once must be at least 1, not 0");
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_SQLITE_MMAP_MB", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "entente.sqlite-mmap-mb must be 0 (no mapping) or more, not -1");
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_SQLITE_CACHE_MB", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entente.sqlite-cache-mb must be at least 1, not 0");
        assertThatThrownBy(() -> forCommands(Map.of("ENTENTE_FEDERATION_MIN_INTERVAL", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entente.federation.min-interval");
    }

    /** On both databases: `import` keeps a pool of two of its own (ADR 0042). */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void importWritesInChunksOfTheConfiguredSize(Dialect dialect) throws Exception {
        Path data = Files.createDirectories(dir.resolve("import-" + dialect));
        String database = Databases.fresh(dialect);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(
                            Fixtures.indicator(
                                    Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z"))
                    .append('\n');
        }
        Path file = Files.writeString(data.resolve("ten.jsonl"), lines);
        Map<String, String> variables =
                Map.of(
                        "ENTENTE_CHUNK_SIZE",
                        "3",
                        "ENTENTE_DATABASE_URL",
                        database,
                        "ENTENTE_DATABASE_USER",
                        Databases.user(dialect),
                        "ENTENTE_DATABASE_PASSWORD",
                        Databases.password(dialect));

        CliRun r =
                CliRun.run(
                        environment(variables),
                        "import",
                        file.toString(),
                        "-c",
                        "threat-intel",
                        "--data-dir",
                        data.toString());

        assertThat(r.code()).as(r.err()).isZero();
        try (Node node =
                new Node(
                        NodeSettings.forDatabase(
                                data,
                                database,
                                Databases.user(dialect),
                                Databases.password(dialect)),
                        Clock.systemUTC())) {
            long chunks =
                    node.database()
                            .jdbc()
                            .sql("SELECT COUNT(*) FROM status_chunks")
                            .query(Long.class)
                            .single();
            assertThat(chunks).as("10 objects in chunks of 3").isEqualTo(4);
            assertThat(
                            node.database()
                                    .jdbc()
                                    .sql("SELECT COUNT(*) FROM objects")
                                    .query(Long.class)
                                    .single())
                    .as("every object stored")
                    .isEqualTo(10);
        }
    }
}
