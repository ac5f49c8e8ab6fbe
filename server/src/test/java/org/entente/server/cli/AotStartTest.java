package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * When {@code serve} may start from the wiring Spring AOT generated at build time ({@link
 * AotStart}): only when no source of its environment sets a Spring property outside {@code
 * entente.*}. Each environment here is made of the sources {@code serve} reads (system properties,
 * variables, configuration files), never this JVM's own.
 */
class AotStartTest {
    /**
     * What a node's JVM has whatever the operator does, and the entente settings it may be given.
     */
    private static final Map<String, Object> JVM =
            Map.of(
                    "java.version", "17.0.15",
                    "java.io.tmpdir", "/tmp",
                    "jdk.debug", "release",
                    "sun.jnu.encoding", "UTF-8",
                    "user.dir", "/srv/entente",
                    "file.encoding", "UTF-8",
                    "line.separator", "\n",
                    "native.encoding", "UTF-8",
                    "entente.launcher.aot", "true",
                    "entente.launcher.record", "true");

    private static final Map<String, Object> SHELL =
            Map.of(
                    "PATH", "/usr/bin:/bin",
                    "HOME", "/root",
                    "LANG", "C.UTF-8",
                    "JAVA_HOME", "/usr/lib/jvm/java-17",
                    "MALLOC_ARENA_MAX", "2",
                    "MAVEN_PROJECTBASEDIR", "/srv/entente",
                    "ENTENTE_DATA_DIR", "/srv/entente/data",
                    "ENTENTE_ADMIN_TOKEN", "ent_secret",
                    "ENTENTE_JAVA_OPTS", "-Xmx512m");

    @TempDir Path dir;

    @Test
    void aCleanEnvironmentStartsFromTheWiring() throws IOException {
        // a configuration file beside the node that holds only entente.* settings
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("application.properties"), "entente.title=Node\n");
        AotStart.Decision d = AotStart.decide(environment(JVM, SHELL, config), true);
        assertThat(d.aot()).as(d.reason()).isTrue();
    }

    @Test
    void aBuildWithoutTheWiringStartsTheRegularWay() {
        AotStart.Decision d = AotStart.decide(environment(JVM, SHELL, null), false);
        assertThat(d.aot()).isFalse();
        assertThat(d.reason()).contains("EntenteApplication__ApplicationContextInitializer");
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThat(AotStart.wiringBuilt(empty)).isFalse();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSpringKeyInAConfigurationFileStartsTheRegularWayAndNamesKeyAndFile() throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Path file = config.resolve("application.properties");
        Files.writeString(file, "entente.title=Node\nspringdoc.api-docs.enabled=false\n");
        AotStart.Decision d = AotStart.decide(environment(JVM, SHELL, config), true);
        assertThat(d.aot()).isFalse();
        assertThat(d.reason())
                .contains("springdoc.api-docs.enabled")
                .contains(file.getFileName().toString());
    }

    @Test
    void theJarsOwnConfigurationFileIsTheBuildsAndCountsForNothing() {
        // the environment above loads the class path's application.properties, whose keys
        // (spring.*, server.*, management.*) the build read too
        ConfigurableEnvironment e = environment(JVM, SHELL, null);
        assertThat(e.getProperty("spring.application.name")).isEqualTo("entente");
        assertThat(AotStart.obstacle(e)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SPRING_PROFILES_ACTIVE",
                "SPRING_JMX_ENABLED",
                "SPRING_APPLICATION_JSON",
                "SERVER_FORWARD_HEADERS_STRATEGY",
                "MANAGEMENT_SERVER_PORT",
                "SPRINGDOC_API_DOCS_ENABLED",
                "LOGGING_LEVEL_ROOT",
                "DEBUG",
                "spring.jmx.enabled",
                "spring_jmx_enabled"
            })
    void aVariableThatSetsASpringPropertyStartsTheRegularWayAndNamesIt(String variable) {
        Map<String, Object> variables = new HashMap<>(SHELL);
        variables.put(variable, "false");
        AotStart.Decision d = AotStart.decide(environment(JVM, variables, null), true);
        assertThat(d.aot()).isFalse();
        assertThat(d.reason()).contains("environment variable " + variable);
    }

    @Test
    void aCloudPlatformsVariablesStartTheRegularWay() {
        // Spring Boot turns some things on in Kubernetes (probes, forwarded headers)
        Map<String, Object> variables = new HashMap<>(SHELL);
        variables.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        variables.put("KUBERNETES_SERVICE_PORT", "443");
        AotStart.Decision d = AotStart.decide(environment(JVM, variables, null), true);
        assertThat(d.aot()).isFalse();
        assertThat(d.reason()).contains("KUBERNETES");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "springdoc.swagger-ui.enabled",
                "spring.aot.enabled",
                "server.forward-headers-strategy",
                "management.endpoint.health.probes.enabled",
                "some.library.setting"
            })
    void aSystemPropertyOutsideEntenteStartsTheRegularWayAndNamesIt(String property) {
        Map<String, Object> system = new HashMap<>(JVM);
        system.put(property, "false");
        AotStart.Decision d = AotStart.decide(environment(system, SHELL, null), true);
        assertThat(d.aot()).isFalse();
        assertThat(d.reason()).contains("system property " + property);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "entente.federation.enabled",
                "https.proxyHost",
                "javax.net.ssl.trustStore",
                "jdk.tls.client.protocols",
                "java.protocol.handler.pkgs"
            })
    void theJvmsOwnAndEntenteSystemPropertiesStillStartFromTheWiring(String property) {
        Map<String, Object> system = new HashMap<>(JVM);
        system.put(property, "x");
        AotStart.Decision d = AotStart.decide(environment(system, SHELL, null), true);
        assertThat(d.aot()).as(d.reason()).isTrue();
    }

    /**
     * Every first word of the properties that the libraries on the class path describe is one that
     * falls back: a new library with a namespace of its own fails here until {@link AotStart#ROOTS}
     * has it.
     */
    @Test
    void theVariablesCheckedCoverEveryNamespaceInTheConfigurationMetadata() throws IOException {
        Set<String> roots = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String name :
                new String[] {
                    "META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json"
                }) {
            for (URL url : Collections.list(getClass().getClassLoader().getResources(name))) {
                try (InputStream in = url.openStream()) {
                    JsonNode metadata = json.readTree(in);
                    for (String part : new String[] {"groups", "properties"}) {
                        for (JsonNode p : metadata.path(part)) {
                            roots.add(p.get("name").stringValue().split("\\.", 2)[0]);
                        }
                    }
                }
            }
        }
        assertThat(roots).contains("spring", "server", "management", "springdoc");
        roots.remove("entente");
        assertThat(AotStart.ROOTS).containsAll(roots);
    }

    /**
     * {@code serve}'s environment over these system properties and variables, with the
     * configuration files it reads (the jar's, and those in {@code configDir} when given, as if
     * beside the node).
     */
    private static ConfigurableEnvironment environment(
            Map<String, Object> system, Map<String, Object> variables, Path configDir) {
        StandardEnvironment given = new StandardEnvironment();
        MutablePropertySources sources = given.getPropertySources();
        sources.replace(
                StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new MapPropertySource(
                        StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                        new LinkedHashMap<>(system)));
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new LinkedHashMap<>(variables)));
        if (configDir != null) {
            // where the files are, told the way the test can take back once they are read
            sources.addFirst(
                    new MapPropertySource(
                            "test: where",
                            Map.of(
                                    "spring.config.additional-location",
                                    "optional:file:" + configDir + "/")));
        }
        ConfigurableEnvironment e = NodeOptions.withConfigFiles(NodeOptions.over(given, Map.of()));
        e.getPropertySources().remove("test: where");
        return e;
    }
}
