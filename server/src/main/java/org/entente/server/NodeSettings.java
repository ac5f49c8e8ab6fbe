package org.entente.server;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.entente.server.auth.AuthSettings;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.detection.DetectionSettings;
import org.entente.server.federation.FederationSettings;
import org.entente.server.store.RequestLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The node's configuration, read from {@code entente.*} properties or the matching environment
 * variables ({@code ENTENTE_DATA_DIR}, {@code ENTENTE_CHUNK_SIZE}, {@code
 * ENTENTE_FEDERATION_MIN_INTERVAL}...). Anything left out takes the default written here, the one
 * place defaults live. {@link #bind} is the one way settings are read, by {@code serve} and by
 * every other command alike (docs/adr/0010).
 *
 * @param dataDir folder for the SQLite file and spooled request bodies
 * @param databaseUrl JDBC URL; empty means SQLite in the data folder
 * @param sqliteMmapMb how much of the SQLite file is read through a memory mapping, in MB; 0 (the
 *     default) reads through SQLite's page caches, so that the node's resident memory does not grow
 *     with the database (docs/benchmarks.md, "resident memory")
 * @param sqliteCacheMb how much memory SQLite's page caches may hold between them, in MB (64 by
 *     default), shared out evenly over the pool's connections: each connection keeps the pages it
 *     read until its share is full, so a per-connection size times a pool of 16 grew the node's
 *     resident memory by up to a quarter of a gigabyte under random reads (docs/benchmarks.md,
 *     "SQLite's page caches")
 * @param maxContentLength largest POST body accepted, in bytes (advertised on the API root)
 * @param pageSize objects per page when the client gives no limit
 * @param maxPageSize the most objects per page whatever the client asks
 * @param chunkSize objects written per transaction on POST and import
 * @param readsAtOnce how many reads (GET and HEAD) the node works on at once, the others waiting
 *     their turn in the order they came; four per processor by default (docs/adr/0031)
 * @param adminToken a token to register for the admin (for automation); empty to generate one
 * @param organisation the name of the local agency, which runs this node
 * @param country the local agency's country, ISO 3166-1 alpha-2
 * @param federation how the node syncs with its peers ({@code entente.federation.*})
 * @param auth how the node authenticates ({@code entente.auth.*})
 * @param detection how the node looks for its indicators in events ({@code entente.detection.*})
 * @param tls the keystores {@code serve} answers HTTPS with ({@code entente.tls.*})
 * @param limits what one request may make the node hold ({@code entente.limits.*})
 */
@ConfigurationProperties("entente")
public record NodeSettings(
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Integer databasePoolSize,
        Integer sqliteMmapMb,
        Integer sqliteCacheMb,
        String title,
        String description,
        String contact,
        String apiRoot,
        Long maxContentLength,
        Integer pageSize,
        Integer maxPageSize,
        Integer chunkSize,
        Integer readsAtOnce,
        String adminToken,
        String organisation,
        String country,
        FederationSettings federation,
        AuthSettings auth,
        DetectionSettings detection,
        TlsSettings tls,
        RequestLimits limits) {

    public NodeSettings {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        databaseUrl =
                databaseUrl == null || databaseUrl.isBlank()
                        ? "jdbc:sqlite:" + dataDir.resolve("entente.db")
                        : databaseUrl;
        databaseUser = databaseUser == null ? "" : databaseUser;
        databasePassword = databasePassword == null ? "" : databasePassword;
        databasePoolSize = databasePoolSize == null ? 16 : databasePoolSize;
        sqliteMmapMb = sqliteMmapMb == null ? 0 : sqliteMmapMb;
        sqliteCacheMb = sqliteCacheMb == null ? 64 : sqliteCacheMb;
        title = title == null || title.isBlank() ? "Entente node" : title;
        description =
                description == null
                        ? "Threat intelligence shared under cooperation agreements"
                        : description;
        contact = contact == null ? "" : contact;
        apiRoot = apiRoot == null || apiRoot.isBlank() ? "api" : apiRoot;
        maxContentLength = maxContentLength == null ? 50L * 1024 * 1024 : maxContentLength;
        pageSize = pageSize == null ? 1000 : pageSize;
        maxPageSize = maxPageSize == null ? 10_000 : maxPageSize;
        chunkSize = chunkSize == null ? 1000 : chunkSize;
        readsAtOnce =
                readsAtOnce == null ? 4 * Runtime.getRuntime().availableProcessors() : readsAtOnce;
        adminToken = adminToken == null ? "" : adminToken;
        organisation =
                organisation == null || organisation.isBlank() ? "Local agency" : organisation;
        country = country == null ? "" : country.toUpperCase(Locale.ROOT);
        federation = federation == null ? FederationSettings.DEFAULTS : federation;
        auth = auth == null ? AuthSettings.DEFAULTS : auth;
        detection = detection == null ? DetectionSettings.DEFAULTS : detection;
        tls = tls == null ? TlsSettings.NONE : tls;
        limits = limits == null ? RequestLimits.DEFAULTS : limits;
        if (!country.isEmpty() && !country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException(
                    "entente.country must be an ISO 3166-1 alpha-2 code such as SG, not '"
                            + country
                            + "'");
        }
        if (!apiRoot.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException(
                    "entente.api-root '" + apiRoot + "' must be lower-case letters, digits, '-'");
        }
        if (maxContentLength < 1024) {
            throw new IllegalArgumentException("entente.max-content-length must be at least 1024");
        }
        if (pageSize < 1 || maxPageSize < pageSize) {
            throw new IllegalArgumentException(
                    "entente.page-size must be positive and at most entente.max-page-size");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException(
                    "entente.chunk-size must be positive, not " + chunkSize);
        }
        if (readsAtOnce < 1) {
            throw new IllegalArgumentException(
                    "entente.reads-at-once must be at least 1, not " + readsAtOnce);
        }
        if (sqliteMmapMb < 0) {
            throw new IllegalArgumentException(
                    "entente.sqlite-mmap-mb must be 0 (no mapping) or more, not " + sqliteMmapMb);
        }
        if (sqliteCacheMb < 1) {
            throw new IllegalArgumentException(
                    "entente.sqlite-cache-mb must be at least 1, not " + sqliteCacheMb);
        }
        if (databasePoolSize < 1) {
            throw new IllegalArgumentException(
                    "entente.database-pool-size must be positive, not " + databasePoolSize);
        }
    }

    /**
     * The keystores {@code serve} answers HTTPS with ({@code ENTENTE_TLS_KEYSTORE}...): PKCS#12
     * files. Without a keystore the node serves plain HTTP, and only on loopback.
     *
     * @param truststore the CAs of client certificates; with one, clients may authenticate by
     *     certificate (asked for, not required)
     */
    public record TlsSettings(
            String keystore,
            String keystorePassword,
            String truststore,
            String truststorePassword) {
        public static final TlsSettings NONE = new TlsSettings(null, null, null, null);

        public TlsSettings {
            keystore = keystore == null ? "" : keystore.trim();
            keystorePassword = keystorePassword == null ? "" : keystorePassword;
            truststore = truststore == null ? "" : truststore.trim();
            truststorePassword = truststorePassword == null ? "" : truststorePassword;
            if (keystore.isEmpty() && !truststore.isEmpty()) {
                throw new IllegalArgumentException(
                        "entente.tls.truststore needs entente.tls.keystore: client certificates"
                                + " are asked for over HTTPS only");
            }
        }

        public boolean enabled() {
            return !keystore.isEmpty();
        }
    }

    /**
     * The settings an environment gives: its {@code entente.*} properties, whichever source they
     * come from (system properties, environment variables in their {@code ENTENTE_*} form,
     * configuration files), bound by Spring Boot's {@link Binder}. A value that does not convert or
     * breaks a rule fails here, naming the setting and where it came from.
     */
    public static NodeSettings bind(Environment environment) {
        try {
            return Binder.get(environment).bindOrCreate("entente", NodeSettings.class);
        } catch (BindException e) {
            throw new IllegalArgumentException(problem(e), e);
        }
    }

    private static String problem(BindException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why =
                root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (e.getProperty() == null) {
            return why; // a rule of the settings themselves, which names the setting
        }
        return "the setting "
                + e.getProperty().getName()
                + " = '"
                + e.getProperty().getValue()
                + "'"
                + (e.getProperty().getOrigin() == null
                        ? ""
                        : " (" + e.getProperty().getOrigin() + ")")
                + " is not usable: "
                + why;
    }

    /** Defaults everywhere but the database (for tools and tests). */
    public static NodeSettings forDatabase(Path dataDir, String url, String user, String password) {
        return new NodeSettings(
                dataDir, url, user, password, 2, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    public DatabaseSettings database() {
        return new DatabaseSettings(
                databaseUrl,
                databaseUser,
                databasePassword,
                databasePoolSize,
                sqliteMmapMb * 1024L * 1024L,
                sqliteCacheMb * 1024L * 1024L);
    }

    public Optional<String> configuredAdminToken() {
        return adminToken.isBlank() ? Optional.empty() : Optional.of(adminToken);
    }
}
