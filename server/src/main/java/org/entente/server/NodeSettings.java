package org.entente.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.entente.server.db.DatabaseSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The node's configuration, read from {@code entente.*} properties or the matching environment
 * variables ({@code ENTENTE_DATA_DIR}, {@code ENTENTE_DATABASE_URL}...). Anything left out takes
 * the default written here, the one place defaults live (the CLI reads the same variables).
 *
 * @param dataDir folder for the SQLite file and spooled request bodies
 * @param databaseUrl JDBC URL; empty means SQLite in the data folder
 * @param maxContentLength largest POST body accepted, in bytes (advertised on the API root)
 * @param pageSize objects per page when the client gives no limit
 * @param maxPageSize the most objects per page whatever the client asks
 * @param chunkSize objects written per transaction on POST
 * @param adminToken a token to register for the admin (for automation); empty to generate one
 * @param organisation the name of the local agency, which runs this node
 * @param country the local agency's country, ISO 3166-1 alpha-2
 * @param federation how the node syncs with its peers ({@code entente.federation.*})
 * @param auth how the node authenticates ({@code entente.auth.*})
 * @param limits what one request may make the node hold ({@code entente.limits.*})
 */
@ConfigurationProperties("entente")
public record NodeSettings(
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Integer databasePoolSize,
        String title,
        String description,
        String contact,
        String apiRoot,
        Long maxContentLength,
        Integer pageSize,
        Integer maxPageSize,
        Integer chunkSize,
        String adminToken,
        String organisation,
        String country,
        org.entente.server.federation.FederationSettings federation,
        org.entente.server.auth.AuthSettings auth,
        org.entente.server.store.RequestLimits limits) {

    public NodeSettings {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        databaseUrl =
                databaseUrl == null || databaseUrl.isBlank()
                        ? "jdbc:sqlite:" + dataDir.resolve("entente.db")
                        : databaseUrl;
        databaseUser = databaseUser == null ? "" : databaseUser;
        databasePassword = databasePassword == null ? "" : databasePassword;
        databasePoolSize = databasePoolSize == null ? 16 : databasePoolSize;
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
        adminToken = adminToken == null ? "" : adminToken;
        organisation =
                organisation == null || organisation.isBlank() ? "Local agency" : organisation;
        country = country == null ? "" : country.toUpperCase(java.util.Locale.ROOT);
        federation =
                federation == null
                        ? org.entente.server.federation.FederationSettings.DEFAULTS
                        : federation;
        auth = auth == null ? org.entente.server.auth.AuthSettings.DEFAULTS : auth;
        limits = limits == null ? org.entente.server.store.RequestLimits.DEFAULTS : limits;
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
    }

    /** Defaults everywhere but the database (for tools and tests). */
    public static NodeSettings forDatabase(Path dataDir, String url, String user, String password) {
        return new NodeSettings(
                dataDir, url, user, password, 2, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /** The settings an environment gives (the CLI's way in; Spring binds the same names). */
    public static NodeSettings fromEnvironment(Map<String, String> env) {
        return new NodeSettings(
                Optional.ofNullable(env.get("ENTENTE_DATA_DIR")).map(Path::of).orElse(null),
                env.get("ENTENTE_DATABASE_URL"),
                env.get("ENTENTE_DATABASE_USER"),
                env.get("ENTENTE_DATABASE_PASSWORD"),
                Optional.ofNullable(env.get("ENTENTE_DATABASE_POOL_SIZE"))
                        .map(Integer::valueOf)
                        .orElse(null),
                env.get("ENTENTE_TITLE"),
                env.get("ENTENTE_DESCRIPTION"),
                env.get("ENTENTE_CONTACT"),
                env.get("ENTENTE_API_ROOT"),
                Optional.ofNullable(env.get("ENTENTE_MAX_CONTENT_LENGTH"))
                        .map(Long::valueOf)
                        .orElse(null),
                null,
                null,
                null,
                env.get("ENTENTE_ADMIN_TOKEN"),
                env.get("ENTENTE_ORGANISATION"),
                env.get("ENTENTE_COUNTRY"),
                org.entente.server.federation.FederationSettings.fromEnvironment(env),
                org.entente.server.auth.AuthSettings.fromEnvironment(env),
                org.entente.server.store.RequestLimits.fromEnvironment(env));
    }

    public NodeSettings withDatabaseUrl(String url) {
        return new NodeSettings(
                dataDir,
                url,
                databaseUser,
                databasePassword,
                databasePoolSize,
                title,
                description,
                contact,
                apiRoot,
                maxContentLength,
                pageSize,
                maxPageSize,
                chunkSize,
                adminToken,
                organisation,
                country,
                federation,
                auth,
                limits);
    }

    public DatabaseSettings database() {
        return new DatabaseSettings(databaseUrl, databaseUser, databasePassword, databasePoolSize);
    }

    public Optional<String> configuredAdminToken() {
        return adminToken.isBlank() ? Optional.empty() : Optional.of(adminToken);
    }
}
