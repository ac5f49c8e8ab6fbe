package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.entente.server.localnode.OwnedProcesses;
import org.entente.server.localnode.TlsIdentity;
import org.entente.server.testing.Agency;
import org.entente.server.testing.ChildProcesses;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.Pki;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The {@code ./entente} launcher as an operator runs it, on the jar this build made (failsafe runs
 * this after {@code package}): the first {@code serve} of a build makes a class-data archive, later
 * commands map it, and an archive that is damaged or belongs to another build never stops a
 * command; {@code serve} starts from the wiring Spring AOT generated at build time unless a Spring
 * setting outside {@code entente.*} is given (ADR 0022). Each test works on a copy of the launcher
 * beside a copy of the jar, so that it never rebuilds nor touches the checkout's own folders.
 */
@Slow
class LauncherIT {
    /** A node's start, training run included, on a loaded two-core machine (see LocalNode). */
    private static final Duration PATIENCE = Duration.ofSeconds(300);

    private static final Path LAUNCHER = Path.of("..", "entente");
    private static final Path JAR = Path.of("target", "entente-exec.jar");

    @TempDir static Path shared;
    private static Path home;

    /** A launcher and its build, whose first serve made the archive. */
    @BeforeAll
    static void firstServe() throws Exception {
        home = install(shared.resolve("home"));
        Path log = shared.resolve("first-serve.log");
        serveAndStop(home, shared.resolve("data"), Map.of(), log);
        assertThat(launchDirs(home)).as("one folder for this build").hasSize(1);
        Path archive = launchDirs(home).get(0).resolve("entente.jsa");
        assertThat(archive).as("the first serve made the archive; see " + log).isNotEmptyFile();
        assertThat(Files.readString(log)).contains("recording the classes");
    }

    @Test
    void laterCommandsMapTheArchive() throws Exception {
        Path classes = shared.resolve("classes.log");
        Result version =
                run(
                        home,
                        Map.of("ENTENTE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
                        "--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("entente ");
        // classes of the application and its libraries came from the archive's top layer
        assertThat(Files.readString(classes))
                .containsPattern(
                        "org\\.entente\\.server\\.cli\\.Main source: shared objects file \\(top\\)");
    }

    @Test
    void aDamagedArchiveNeverStopsTheNode() throws Exception {
        Path dir = launchDirs(home).get(0);
        Path archive = dir.resolve("entente.jsa");
        byte[] made = Files.readAllBytes(archive);
        FileTime time = Files.getLastModifiedTime(archive);

        // garbage of the same size and time: the launcher's own check passes, the JVM meets it
        byte[] garbage = new byte[made.length];
        new Random(10).nextBytes(garbage);
        archive.toFile().setWritable(true); // the JVM writes it read-only
        Files.write(archive, garbage);
        Files.setLastModifiedTime(archive, time);
        serveAndStop(home, shared.resolve("data"), Map.of(), shared.resolve("garbage.log"));
        Result org = run(home, Map.of("ENTENTE_DATA_DIR", dataDir()), "org", "list");
        assertThat(org.code()).as(org.err()).isZero();
        assertThat(org.out()).contains("Local agency");
        assertThat(org.out())
                .as("no JVM warning among a command's output")
                .doesNotContain("[warning]", "OpenJDK", "sharing");

        // cut short (here to nothing): the launcher sees it changed, the command runs without it,
        // and the next serve makes the archive again
        Files.write(archive, new byte[0]);
        assertThat(run(home, Map.of("ENTENTE_DATA_DIR", dataDir()), "org", "list").code()).isZero();
        serveAndStop(home, shared.resolve("data"), Map.of(), shared.resolve("empty.log"));
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.readString(shared.resolve("empty.log"))).contains("recording the classes");
    }

    @Test
    void everyKindOfCommandRunsThroughTheLauncher() throws Exception {
        Path bundle = shared.resolve("bundle.json");
        Files.writeString(
                bundle,
                """
                {"type": "bundle", "id": "bundle--6c2e2a3e-5a3a-4c0b-9d3e-0a5f2b6c1d7e",
                 "objects": [{"type": "indicator", "spec_version": "2.1",
                   "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                   "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                   "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
                   "valid_from": "2026-01-01T00:00:00Z"}]}
                """);
        Map<String, String> data = Map.of("ENTENTE_DATA_DIR", dataDir());
        Result valid = run(home, Map.of(), "validate", bundle.toString());
        assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
        Result orgs = run(home, data, "org", "list");
        assertThat(orgs.code()).as(orgs.err()).isZero();
        assertThat(orgs.out()).contains("Local agency");
        Result ledger = run(home, data, "ledger", "verify");
        assertThat(ledger.code()).as(ledger.out() + ledger.err()).isZero();

        // match runs on transparent huge pages where the kernel offers them, and the JVM says
        // nothing about it either way
        Path events = shared.resolve("flows.jsonl");
        Files.writeString(
                events,
                "{\"timestamp\": \"2026-01-02T00:00:00Z\", \"src_ip\": \"10.0.0.1\","
                        + " \"dst_ip\": \"198.51.100.1\"}\n");
        Result match =
                run(
                        home,
                        Map.of(),
                        "match",
                        "--indicators",
                        bundle.toString(),
                        "--events",
                        events.toString());
        assertThat(match.code()).as(match.err()).isZero();
        assertThat(match.out()).contains("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        assertThat(match.err()).doesNotContain("VM warning");

        // match lets the collector spend up to a fifth of its time rather than grow the heap
        // (docs/benchmarks.md, "Session 11"); an operator's own ratio wins
        String[] matchArgs = {
            "match", "--indicators", bundle.toString(), "--events", events.toString()
        };
        assertThat(flags("", matchArgs)).containsPattern("GCTimeRatio += 4 ");
        assertThat(flags("-XX:GCTimeRatio=9", matchArgs)).containsPattern("GCTimeRatio += 9 ");
        // import too; the short commands keep the serial collector's default
        assertThat(flags("", "import", "--help")).containsPattern("GCTimeRatio += 4 ");
        String shortOne = flags("", "validate", "--help");
        assertThat(shortOne).containsPattern("UseSerialGC += true ");
        assertThat(shortOne).doesNotContainPattern("GCTimeRatio += 4 ");

        // a collector chosen by the operator replaces the launcher's (two would stop the JVM)
        Result chosen =
                run(home, Map.of("ENTENTE_JAVA_OPTS", "-XX:+UseG1GC -Xmx128m"), "--version");
        assertThat(chosen.code()).as(chosen.err()).isZero();
        // and without class-data sharing, from the jar as built
        Result plain = run(home, Map.of("ENTENTE_CDS", "off"), "--version");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).startsWith("entente ");
        Result usage = run(home, Map.of(), "no-such-command");
        assertThat(usage.code()).isEqualTo(Main.USAGE);
    }

    /**
     * {@code serve} starts from the wiring Spring AOT generated at build time, and the node answers
     * as the regularly started nodes of the other suites do: TAXII, a partner's read under an
     * agreement, the REST API and its description, the console, health.
     */
    @Test
    void serveStartsFromTheGeneratedWiringAndTheNodeAnswersAsAlways() throws Exception {
        Path log = shared.resolve("aot.log");
        try (Serving node = serve(home, shared.resolve("aot-data"), Map.of(), log)) {
            String started = Files.readString(log);
            assertThat(started)
                    .as("Spring Boot started from the generated wiring")
                    .contains("Starting AOT-processed EntenteApplication")
                    .contains(
                            "Starting from the build's ahead-of-time wiring"
                                    + " (org.entente.server.EntenteApplication__"
                                    + "ApplicationContextInitializer)")
                    .doesNotContain("Starting the regular way");

            HttpClient http = HttpClient.newHttpClient();
            Agency admin = new Agency("aot", node.base(), http, TestNode.ADMIN_TOKEN);
            assertThat(admin.taxii("/taxii2/").path("api_roots").toString()).contains("/taxii2/");

            admin.organisation("partner", "NISC Japan", "JP");
            admin.agreement(
                    "SG-JP cybersecurity MOC",
                    "NISC Japan",
                    Agency.area("information-exchange", "share", "amber", "none", false));
            String partnerToken = admin.token("nisc-node", "NISC Japan", "partner");

            String shared = Fixtures.newId("indicator");
            String withheld = Fixtures.newId("indicator");
            JsonNode status =
                    admin.post(
                            "threat-intel",
                            List.of(indicator(shared, Tlp.GREEN), indicator(withheld, Tlp.RED)));
            assertThat(status.path("success_count").asInt()).isEqualTo(2);
            assertThat(ids(admin.objects("threat-intel"))).contains(shared, withheld);
            Agency partner = new Agency("partner", node.base(), http, partnerToken);
            assertThat(ids(partner.objects("threat-intel")))
                    .as("the partner reads what the agreement shares, never TLP:RED")
                    .contains(shared)
                    .doesNotContain(withheld);

            assertThat(admin.api("GET", "/api/v1/agreements", null).size()).isEqualTo(1);
            assertThat(get(http, node.base(), "/api/openapi").statusCode()).isEqualTo(200);
            HttpResponse<String> signIn = get(http, node.base(), "/login");
            assertThat(signIn.statusCode()).isEqualTo(200);
            assertThat(signIn.body()).contains("<form");
            HttpResponse<String> health = get(http, node.base(), "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");

            // the store and SQLite's temporary files are this account's alone
            Path data = LauncherIT.shared.resolve("aot-data");
            assertThat(mode(data.resolve("entente.db"))).isEqualTo("rw-------");
            String tmp = environment(node.process()).get("SQLITE_TMPDIR");
            assertThat(tmp).as("SQLite's temporary folder").isNotNull();
            assertThat(mode(Path.of(tmp))).isEqualTo("rwx------");
            assertThat(Files.getOwner(Path.of(tmp))).isEqualTo(Files.getOwner(data));
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** A running process's environment, as Linux shows it. */
    private static Map<String, String> environment(Process p) throws IOException {
        Map<String, String> env = new HashMap<>();
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
        for (String pair : new String(raw, StandardCharsets.UTF_8).split("\u0000")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }

    /**
     * A Spring setting outside {@code entente.*} would be ignored by the generated wiring (it
     * evaluated the conditions that read it at build time): {@code serve} then starts the regular
     * way, says why, and the setting does what it says.
     */
    @Test
    void aSpringSettingMakesServeStartTheRegularWayAndSaySo() throws Exception {
        Path log = shared.resolve("regular.log");
        try (Serving node =
                serve(
                        home,
                        shared.resolve("regular-data"),
                        Map.of("SPRINGDOC_API_DOCS_ENABLED", "false"),
                        log)) {
            String started = Files.readString(log);
            assertThat(started)
                    .contains("Starting the regular way")
                    .contains("environment variable SPRINGDOC_API_DOCS_ENABLED")
                    .doesNotContain("AOT-processed");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, node.base(), "/api/openapi").statusCode())
                    .as("the API description is off, as the setting asks")
                    .isNotEqualTo(200);
            assertThat(get(http, node.base(), "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    /**
     * Over TLS too: the keystore, the protocols and the port reach Tomcat as arguments of {@code
     * serve}, read by beans at run time, not by the conditions the build evaluated.
     */
    @Test
    void aNodeOverTlsStartsFromTheWiringToo() throws Exception {
        TlsIdentity identity = Pki.create(shared, "aot-tls");
        Path log = shared.resolve("aot-tls.log");
        HttpClient https =
                HttpClient.newBuilder()
                        .sslContext(identity.trustingOnlyThis())
                        .connectTimeout(Duration.ofSeconds(1))
                        .build();
        try (Serving node =
                serve(
                        home,
                        shared.resolve("aot-tls-data"),
                        Map.of(
                                "ENTENTE_TLS_KEYSTORE",
                                identity.keystore().toString(),
                                "ENTENTE_TLS_KEYSTORE_PASSWORD",
                                Pki.PASSWORD),
                        log,
                        https,
                        "https")) {
            assertThat(Files.readString(log))
                    .contains("Starting AOT-processed EntenteApplication")
                    .containsPattern("Tomcat started on port \\d+ \\(https\\)");
            Agency admin = new Agency("aot-tls", node.base(), https, TestNode.ADMIN_TOKEN);
            assertThat(admin.taxii("/taxii2/").path("api_roots").toString()).contains("/taxii2/");
            assertThat(get(https, node.base(), "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    /** {@code ENTENTE_AOT=off}: the regular start, asked for, so nothing to explain. */
    @Test
    void ententeAotOffStartsTheRegularWay() throws Exception {
        Path log = shared.resolve("aot-off.log");
        serveAndStop(home, shared.resolve("aot-off-data"), Map.of("ENTENTE_AOT", "off"), log);
        assertThat(Files.readString(log))
                .contains("Starting EntenteApplication")
                .doesNotContain("AOT-processed", "ahead-of-time");
    }

    @Test
    void aNewBuildGetsAFolderOfItsOwnAndTheOldOneGoes(@TempDir Path other) throws Exception {
        Path copy = install(other.resolve("home"));
        assertThat(run(copy, Map.of(), "--version").code()).isZero();
        List<Path> before = launchDirs(copy);
        assertThat(before).hasSize(1);
        // a rebuilt jar: another time stamp
        Path jar = copy.resolve("server/target/entente-exec.jar");
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertThat(run(copy, Map.of(), "--version").code()).isZero();
        List<Path> after = launchDirs(copy);
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    // ---- helpers

    private static String indicator(String id, Tlp tlp) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",\
                "pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",\
                "valid_from":"2026-01-01T00:00:00Z","object_marking_refs":["%s"]}"""
                .formatted(id, tlp.markingId());
    }

    private static List<String> ids(List<JsonNode> objects) {
        return objects.stream().map(o -> o.get("id").stringValue()).toList();
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Accept", "text/html,application/json")
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String dataDir() {
        return shared.resolve("data").toString();
    }

    /**
     * The launcher and a copy of the jar (its time kept) in {@code dir}, as a checkout has them.
     */
    private static Path install(Path dir) throws IOException {
        assertThat(JAR).as("failsafe runs after package").exists();
        Path target = Files.createDirectories(dir.resolve("server/target"));
        Files.copy(JAR, target.resolve("entente-exec.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Path launcher = dir.resolve("entente");
        Files.copy(LAUNCHER, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static List<Path> launchDirs(Path home) throws IOException {
        Path root = home.resolve("server/target/launch");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private record Result(int code, String out, String err) {}

    private static ProcessBuilder launcher(Path home, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("entente").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        // the launcher's settings are the test's alone, never an ENTENTE_* of whoever runs it
        pb.environment().keySet().removeIf(k -> k.startsWith("ENTENTE_"));
        pb.environment().putAll(env);
        return pb;
    }

    /**
     * What a command prints with {@code -XX:+PrintFlagsFinal} (the JVM's flags, then the command's
     * own output), given the operator's {@code ENTENTE_JAVA_OPTS}; the command must succeed.
     */
    private static String flags(String javaOpts, String... args)
            throws IOException, InterruptedException {
        Result r = run(home, Map.of("ENTENTE_JAVA_OPTS", "-XX:+PrintFlagsFinal " + javaOpts), args);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    private static Result run(Path home, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(shared, "out", ".txt");
        Path err = Files.createTempFile(shared, "err", ".txt");
        Process p =
                ChildProcesses.start(
                        launcher(home, env, List.of(args))
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile()));
        if (!p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            ChildProcesses.end(p);
            throw new AssertionError("entente " + String.join(" ", args) + " did not end");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code entente serve} until it answers on TAXII, then stopped as an operator stops it. */
    private static void serveAndStop(Path home, Path data, Map<String, String> env, Path log)
            throws Exception {
        serve(home, data, env, log).close();
    }

    /** {@code entente serve} over plain HTTP, once it answers on TAXII. */
    private static Serving serve(Path home, Path data, Map<String, String> env, Path log)
            throws Exception {
        return serve(
                home,
                data,
                env,
                log,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(),
                "http");
    }

    /** A node started by the launcher, stopped as an operator stops it. */
    private record Serving(Process process, URI base) implements AutoCloseable {
        @Override
        public void close() {
            OwnedProcesses.stop(process, Duration.ofSeconds(60));
        }
    }

    /** {@code entente serve}, once it answers on TAXII to {@code http} over {@code scheme}. */
    private static Serving serve(
            Path home, Path data, Map<String, String> env, Path log, HttpClient http, String scheme)
            throws Exception {
        int port = freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("ENTENTE_DATA_DIR", data.toString());
        all.put("ENTENTE_ADMIN_TOKEN", TestNode.ADMIN_TOKEN);
        Process p =
                ChildProcesses.start(
                        launcher(home, all, List.of("serve", "--port", Integer.toString(port)))
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        URI base = URI.create(scheme + "://127.0.0.1:" + port);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean answered = false;
        try {
            while (true) {
                assertThat(p.isAlive()).as("the node stopped at start; see " + log).isTrue();
                assertThat(System.nanoTime())
                        .as("the node answers; see " + log)
                        .isLessThan(deadline);
                try {
                    HttpResponse<Void> r =
                            http.send(
                                    HttpRequest.newBuilder(base.resolve("/taxii2/"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                    assertThat(r.statusCode()).isIn(200, 401);
                    answered = true;
                    return new Serving(p, base);
                } catch (IOException notYet) {
                    // polled again: the node is still starting (or making its archive)
                    p.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            if (!answered) {
                OwnedProcesses.stop(p, Duration.ofSeconds(60));
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
