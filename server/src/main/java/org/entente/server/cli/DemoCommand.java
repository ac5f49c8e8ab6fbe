package org.entente.server.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Collection;
import org.entente.server.policy.ReadScope;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code entente demo}: Singapore's and Japan's agencies, each with a node of its own in a child
 * process on loopback over HTTPS, record their memorandum, connect their nodes (each pinning the
 * other's certificate), exchange sample data of every TLP, and the demo prints what flowed, what
 * was withheld and why, from both ledgers and from the status resources.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start two nodes on loopback (a Singaporean and a Japanese agency) with an agreement,"
                    + " peering and sample data, and print what flowed and what was withheld and"
                    + " why.",
            "Needs nothing but the JDK: certificates are made with its keytool, data lives in a"
                    + " temporary folder, the nodes stop at the end unless --keep."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--keep",
            description = "leave both nodes running afterwards, until Ctrl-C, to explore them")
    boolean keep;

    @Option(names = "--dir", description = "work folder (default: a new temporary one)")
    Path dir;

    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String PASSWORD = "entente-demo";
    private static final String SG = "CSA Singapore";
    private static final String JP = "NISC Japan";
    private static final String TITLE = "Singapore-Japan cybersecurity MOC (demo)";

    /** One agency's node: its process, address, pinned client and admin token. */
    private static final class Agency {
        final String name;
        final String key;
        final Path home;
        final int port;
        final String adminToken;
        String certificatePem;
        HttpClient http;
        Process process;

        Agency(String name, String key, Path home) {
            this.name = name;
            this.key = key;
            this.home = home;
            this.port = freePort();
            // as strong as a generated token, which ENTENTE_ADMIN_TOKEN must be
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            this.adminToken =
                    "ent_demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        }

        URI base() {
            return URI.create("https://localhost:" + port + "/");
        }

        Path data() {
            return home.resolve("data");
        }
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("entente-demo-");
        Agency sg = new Agency(SG, "sg", work.resolve("sg"));
        Agency jp = new Agency(JP, "jp", work.resolve("jp"));
        List<Agency> both = List.of(sg, jp);
        Thread stopper = new Thread(() -> both.forEach(DemoCommand::stop));
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            say("Entente demo: two agencies on loopback, each node in a process of its own, HTTPS");
            say("");
            CompletableFuture<Void> s1 = CompletableFuture.runAsync(() -> start(sg, "SG"));
            CompletableFuture<Void> s2 = CompletableFuture.runAsync(() -> start(jp, "JP"));
            s1.join();
            s2.join();
            for (Agency a : both) {
                say(String.format("  %-14s %s   (data and log in %s)", a.name, a.base(), a.home));
            }
            say("");
            setUp(sg, jp);
            String tokenAtSg = token(sg, "nisc-node", JP);
            JsonNode peer = peer(jp, sg, tokenAtSg);
            say("  " + JP + " records " + SG + "'s node as its peer, pinning its certificate:");
            JsonNode test = api(jp, "POST", "/api/v1/peers/sg/test", null);
            for (JsonNode c : test.get("checks")) {
                say(
                        String.format(
                                "    %-4s %-12s %s",
                                c.get("ok").booleanValue() ? "ok" : "FAIL",
                                c.get("name").stringValue(),
                                c.get("detail").stringValue()));
            }
            say("");
            Map<String, String> names = new HashMap<>();
            load(sg, jp, names);
            say("Syncing (Japan pulls from Singapore, then pushes its own and its feedback)...");
            api(jp, "POST", "/api/v1/peers/sg/sync", null);
            String amber = names.get("sg-amber-id");
            String sighting = "sighting--" + UUID.randomUUID();
            post(
                    jp,
                    "threat-intel",
                    List.of(
                            sighting(
                                    sighting,
                                    amber,
                                    localIdentity(jp),
                                    "Sighted in Japan: C2 server (TLP:AMBER)")));
            names.put(sighting, "Japan's sighting of the TLP:AMBER C2 server");
            api(jp, "POST", "/api/v1/peers/sg/sync", null);
            say("");
            report(sg, jp, names, peer.get("principal_id").stringValue());
            if (keep) {
                say("");
                say("The nodes keep running; Ctrl-C stops them. Admin tokens:");
                for (Agency a : both) {
                    say("  " + a.name + ": " + a.base() + "  " + a.adminToken);
                }
                say(
                        "Try: curl --cacert "
                                + jp.home.resolve("node.pem")
                                + " -H 'Authorization: Bearer "
                                + jp.adminToken
                                + "' "
                                + jp.base()
                                + "api/v1/peers/sg");
                Thread.currentThread().join();
            }
            return 0;
        } finally {
            if (!keep) {
                both.forEach(DemoCommand::stop);
                say("");
                say("Both nodes stopped. Their data stays in " + work + "; --keep leaves them up.");
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }

    // ---- nodes

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the node's certificate with keytool, starts it, and waits until it answers. */
    private static void start(Agency a, String country) {
        try {
            Files.createDirectories(a.home);
            Path keystore = a.home.resolve("node.p12");
            run(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "node",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost,O=" + a.name + ",C=" + country,
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "30",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("node");
            a.certificatePem =
                    "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                    .encodeToString(cert.getEncoded())
                            + "\n-----END CERTIFICATE-----\n";
            Files.writeString(a.home.resolve("node.pem"), a.certificatePem);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("node", cert);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            a.http =
                    HttpClient.newBuilder()
                            .sslContext(tls)
                            .connectTimeout(Duration.ofSeconds(10))
                            .build();

            List<String> command = new ArrayList<>(javaCommand());
            command.addAll(List.of("serve", "--port", Integer.toString(a.port)));
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ENTENTE_"));
            env.put("ENTENTE_DATA_DIR", a.data().toString());
            env.put("ENTENTE_ADMIN_TOKEN", a.adminToken);
            env.put("ENTENTE_TLS_KEYSTORE", keystore.toString());
            env.put("ENTENTE_TLS_KEYSTORE_PASSWORD", PASSWORD);
            env.put("ENTENTE_ORGANISATION", a.name);
            env.put("ENTENTE_COUNTRY", country);
            env.put("ENTENTE_TITLE", a.name + " node (demo)");
            pb.redirectErrorStream(true).redirectOutput(a.home.resolve("node.log").toFile());
            a.process = pb.start();
            awaitUp(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The command that starts a node like this one: the runnable jar when running from it, else
     * this classpath (from the build, or in tests).
     */
    static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC"));
        if (!classpath.contains(File.pathSeparator) && classpath.endsWith(".jar")) {
            command.addAll(List.of("-jar", classpath));
        } else {
            command.addAll(List.of("-cp", classpath, Main.class.getName()));
        }
        return command;
    }

    private static void awaitUp(Agency a) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!a.process.isAlive()) {
                throw new IllegalStateException(
                        a.name + "'s node stopped at start; see " + a.home.resolve("node.log"));
            }
            try {
                HttpResponse<String> r =
                        a.http.send(
                                HttpRequest.newBuilder(a.base().resolve("taxii2/"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(
                a.name + "'s node did not start; see " + a.home.resolve("node.log"));
    }

    private static void stop(Agency a) {
        Process p = a.process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the REST API, as each agency's liaison officer and operator use it

    private static JsonNode api(Agency a, String method, String path, JsonNode body) {
        return call(a, method, path, body == null ? null : body.toString(), "application/json");
    }

    private static JsonNode call(
            Agency a, String method, String path, String body, String mediaType) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(a.base().resolve(path))
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", "Bearer " + a.adminToken)
                        .header("Accept", mediaType);
        if (body != null) {
            b.header("Content-Type", mediaType);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = a.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        a.name
                                + ": "
                                + method
                                + " "
                                + path
                                + " answered "
                                + r.statusCode()
                                + ": "
                                + r.body());
            }
            return r.body().isEmpty() ? null : StixJson.parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode area(
            String area,
            String direction,
            String ceiling,
            String onward,
            boolean feedback,
            boolean anonymise,
            List<String> labelsNone) {
        ObjectNode a =
                object().put("area", area)
                        .put("direction", direction)
                        .put("tlp_ceiling", ceiling)
                        .put("onward", onward)
                        .put("feedback", feedback)
                        .put("anonymise", anonymise);
        ArrayNode none = a.putArray("labels_none");
        labelsNone.forEach(none::add);
        return a;
    }

    private static void setUp(Agency sg, Agency jp) {
        say("Each agency records the other and its own side of \"" + TITLE + "\":");
        agreement(
                sg,
                JP,
                "JP",
                area(
                        "information-exchange",
                        "share",
                        "amber",
                        "none",
                        true,
                        false,
                        List.of("internal")),
                area("awareness", "both", "green", "community", false, false, List.of()));
        agreement(
                jp,
                SG,
                "SG",
                area("information-exchange", "receive", "amber", "none", true, true, List.of()),
                area("awareness", "both", "amber+strict", "none", false, false, List.of()));
        say("");
    }

    private static void agreement(Agency a, String partner, String country, ObjectNode... areas) {
        api(
                a,
                "POST",
                "/api/v1/organisations",
                object().put("kind", "partner").put("name", partner).put("country", country));
        ObjectNode body =
                object().put("kind", "moc")
                        .put("title", TITLE)
                        .put("effective_from", LocalDate.now(ZoneOffset.UTC).toString())
                        .put("activate", true);
        body.putArray("parties").add(partner);
        ArrayNode list = body.putArray("areas");
        for (ObjectNode area : areas) {
            list.add(area);
        }
        JsonNode created = api(a, "POST", "/api/v1/agreements", body);
        say(
                "  "
                        + a.name
                        + " (with "
                        + partner
                        + ", "
                        + created.get("status").stringValue()
                        + "):");
        for (JsonNode area : created.get("areas")) {
            say(
                    "    "
                            + area.get("area").stringValue()
                            + ": "
                            + area.get("direction").stringValue()
                            + ", up to "
                            + area.get("tlp_ceiling").stringValue()
                            + ", onward "
                            + area.get("onward").stringValue()
                            + (area.path("labels_none").isEmpty()
                                    ? ""
                                    : ", never labels " + area.get("labels_none"))
                            + (area.path("feedback").asBoolean(false) ? ", feedback" : "")
                            + (area.path("anonymise").asBoolean(false) ? ", anonymise" : ""));
        }
    }

    private static String token(Agency a, String principal, String org) {
        ObjectNode p = object().put("name", principal).put("organisation", org);
        p.putArray("roles").add("partner");
        String id = api(a, "POST", "/api/v1/principals", p).get("id").stringValue();
        String token =
                api(
                                a,
                                "POST",
                                "/api/v1/principals/" + id + "/tokens",
                                object().put("label", "demo"))
                        .get("token")
                        .stringValue();
        say("  " + a.name + " issues a token for " + org + "'s node (principal " + principal + ")");
        return token;
    }

    private static JsonNode peer(Agency jp, Agency sg, String token) {
        return api(
                jp,
                "POST",
                "/api/v1/peers",
                object().put("name", "sg")
                        .put("organisation", SG)
                        .put("url", sg.base().toString())
                        .put("token", token)
                        .put("trust_pem", sg.certificatePem)
                        .put("pull", true)
                        .put("push", true));
    }

    private static String localIdentity(Agency a) {
        for (JsonNode o : api(a, "GET", "/api/v1/organisations", null)) {
            if (o.get("kind").stringValue().equals("local")) {
                return o.get("identity_id").stringValue();
            }
        }
        throw new IllegalStateException("no local organisation");
    }

    private static void post(Agency a, String collection, List<String> objects) {
        call(
                a,
                "POST",
                "/taxii2/api/collections/" + collection + "/objects/",
                "{\"objects\":[" + String.join(",", objects) + "]}",
                TAXII);
    }

    // ---- sample data

    private static String indicator(
            String id, String name, Tlp tlp, String creator, String labels, int ip) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-03-01T00:00:00.000Z",\
                "modified":"2024-03-01T00:00:00.000Z","name":"%s","created_by_ref":"%s",\
                "pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix",\
                "valid_from":"2024-03-01T00:00:00Z"%s%s}"""
                .formatted(
                        id,
                        name,
                        creator,
                        ip,
                        tlp == null ? "" : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]",
                        labels.isEmpty() ? "" : ",\"labels\":[\"" + labels + "\"]");
    }

    private static String sighting(String id, String of, String creator, String name) {
        return """
                {"type":"sighting","spec_version":"2.1","id":"%s","created":"2024-03-02T00:00:00.000Z",\
                "modified":"2024-03-02T00:00:00.000Z","sighting_of_ref":"%s","count":4,\
                "created_by_ref":"%s","where_sighted_refs":["%s"],"description":"%s",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, of, creator, creator, name, Tlp.GREEN.markingId());
    }

    private static void load(Agency sg, Agency jp, Map<String, String> names) {
        String sgId = localIdentity(sg);
        String jpId = localIdentity(jp);
        List<String> threat = new ArrayList<>();
        int ip = 10;
        Map<String, Tlp> levels = new LinkedHashMap<>();
        levels.put("C2 server (TLP:CLEAR)", Tlp.CLEAR);
        levels.put("C2 server (TLP:GREEN)", Tlp.GREEN);
        levels.put("C2 server (TLP:AMBER)", Tlp.AMBER);
        levels.put("C2 server (TLP:AMBER+STRICT)", Tlp.AMBER_STRICT);
        levels.put("C2 server (TLP:RED)", Tlp.RED);
        levels.put("C2 server (unmarked)", null);
        for (Map.Entry<String, Tlp> e : levels.entrySet()) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, e.getKey());
            if (e.getValue() == Tlp.AMBER) {
                names.put("sg-amber-id", id);
            }
            threat.add(indicator(id, e.getKey(), e.getValue(), sgId, "", ip++));
        }
        String internal = "indicator--" + UUID.randomUUID();
        names.put(internal, "Test sinkhole (TLP:GREEN, labelled internal)");
        threat.add(indicator(internal, names.get(internal), Tlp.GREEN, sgId, "internal", ip++));
        post(sg, "threat-intel", threat);
        List<String> advisories = new ArrayList<>();
        for (Tlp t : List.of(Tlp.CLEAR, Tlp.AMBER)) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, "Advisory: phishing wave (" + t.label() + ")");
            advisories.add(indicator(id, names.get(id), t, sgId, "", ip++));
        }
        post(sg, "advisories", advisories);
        List<String> jpAdvisories = new ArrayList<>();
        for (Tlp t : List.of(Tlp.GREEN, Tlp.AMBER_STRICT)) {
            String id = "indicator--" + UUID.randomUUID();
            names.put(id, "Japan's advisory: ransomware campaign (" + t.label() + ")");
            jpAdvisories.add(indicator(id, names.get(id), t, jpId, "", ip++));
        }
        post(jp, "advisories", jpAdvisories);
        String jpOwn = "indicator--" + UUID.randomUUID();
        names.put(jpOwn, "Japan's own scanner (TLP:GREEN)");
        post(
                jp,
                "threat-intel",
                List.of(indicator(jpOwn, names.get(jpOwn), Tlp.GREEN, jpId, "", ip)));
        say(
                "Sample data: Singapore publishes "
                        + (threat.size() + advisories.size())
                        + " objects of every TLP, Japan "
                        + (jpAdvisories.size() + 1)
                        + "; after the first sync Japan sights Singapore's TLP:AMBER indicator.");
        say("");
    }

    // ---- the report, from the ledgers, the policy and the status resources

    private void report(Agency sg, Agency jp, Map<String, String> names, String sgPeerAtJp) {
        try (Node sgNode = open(sg);
                Node jpNode = open(jp)) {
            String singapore = sgNode.organisations().local().orElseThrow().name();
            say("What flowed");
            flowed(jpNode, "Singapore -> Japan (Japan's ledger, RECEIVED)", names);
            flowed(sgNode, "Japan -> Singapore (Singapore's ledger, RECEIVED)", names);
            say("");
            say("What was withheld, and why");
            NodePrincipal jpAtSg = sgNode.principals().byName("nisc-node").orElseThrow();
            withheld(sgNode, jpAtSg, "Singapore kept back from Japan:", names);
            NodePrincipal sgAtJp = jpNode.principals().byId(sgPeerAtJp).orElseThrow();
            withheld(jpNode, sgAtJp, "Japan kept back from Singapore:", names);
            say(
                    "  Refused on arrival (Singapore's answers in the status resources of Japan's pushes):");
            JsonNode health = api(jp, "GET", "/api/v1/peers/sg", null);
            boolean any = false;
            for (JsonNode f : health.path("push_failures")) {
                any = true;
                say(
                        "    "
                                + names.getOrDefault(
                                        f.get("object_id").stringValue(),
                                        f.get("object_id").stringValue())
                                + ": "
                                + f.get("message").stringValue());
            }
            if (!any) {
                say("    (none)");
            }
            say("");
            say(
                    "Japan's view of its peer: "
                            + health.get("state").stringValue()
                            + ", received "
                            + health.get("objects_received").longValue()
                            + ", sent "
                            + health.get("objects_sent").longValue()
                            + ", refused by "
                            + singapore
                            + " "
                            + health.get("objects_rejected").longValue());
            say(
                    "Ledgers: Singapore's "
                            + verdict(sgNode)
                            + "; Japan's "
                            + verdict(jpNode)
                            + " (entente ledger verify, export and report check them further)");
        }
    }

    private static String verdict(Node n) {
        var v = n.ledger().verify();
        return v.broken().isEmpty()
                ? v.checked() + " entries, chain intact"
                : "BROKEN: " + v.broken().get().problem();
    }

    private static Node open(Agency a) {
        return new Node(NodeSettings.forDatabase(a.data(), null, null, null), Clock.systemUTC());
    }

    private static void flowed(Node n, String title, Map<String, String> names) {
        say("  " + title + ":");
        List<String> lines =
                n.database()
                        .jdbc()
                        .sql(
                                """
                                SELECT l.object_id, l.tlp, l.area, a.title, l.object_type
                                  FROM ledger_entries l
                                  LEFT JOIN agreements a ON a.id = l.agreement_id
                                 WHERE l.kind = 'RECEIVED' ORDER BY l.seq
                                """)
                        .query(
                                (rs, i) ->
                                        String.format(
                                                "    %-52s %-17s under %s / %s%s",
                                                names.getOrDefault(
                                                        rs.getString(1), rs.getString(1)),
                                                Tlp.valueOf(rs.getString(2)).label(),
                                                rs.getString(4),
                                                rs.getString(3),
                                                rs.getString(5).equals("sighting")
                                                        ? sightingNote(n, rs.getString(1))
                                                        : ""))
                        .list();
        lines.forEach(DemoCommand::say);
        if (lines.isEmpty()) {
            say("    (nothing)");
        }
    }

    /** Whether a sighting came back anonymised: without its creator and where it was seen. */
    private static String sightingNote(Node n, String id) {
        String body =
                n
                        .database()
                        .jdbc()
                        .sql("SELECT body FROM objects WHERE stix_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .list()
                        .stream()
                        .findFirst()
                        .orElse("{}");
        JsonNode s = StixJson.parse(body);
        return s.has("created_by_ref") || s.has("where_sighted_refs")
                ? " (feedback)"
                : " (feedback, anonymised: no creator, no place)";
    }

    /** Every object of ours the partner did not get, with the policy's reason. */
    private static void withheld(
            Node n, NodePrincipal partner, String title, Map<String, String> names) {
        say("  " + title);
        boolean any = false;
        String org = n.policy().organisationOf(partner).id();
        java.util.Set<String> disclosed =
                new java.util.HashSet<>(
                        n.database()
                                .jdbc()
                                .sql(
                                        "SELECT object_id FROM ledger_entries WHERE kind ="
                                                + " 'DISCLOSED' AND org_id = :org")
                                .param("org", org)
                                .query(String.class)
                                .list());
        for (Collection c : n.collections().list(n.settings().apiRoot())) {
            ReadScope scope = n.policy().read(partner, c);
            for (StoredObject o :
                    n.disclosures().operatorManifest(ObjectQuery.all(c.id(), 10_000)).items()) {
                ObjectFacts f = o.facts();
                if (f.originOrg().isPresent() || disclosed.contains(o.id())) {
                    continue; // received from others, or it went (the ledger says so)
                }
                String why;
                if (scope instanceof ReadScope.Shared shared) {
                    var reason = shared.whyWithheld(f);
                    if (reason.isEmpty()) {
                        continue;
                    }
                    why = reason.get();
                } else {
                    why =
                            "nothing in "
                                    + c.area()
                                    + " is shared with "
                                    + n.policy().organisationOf(partner).name()
                                    + " (no area in force shares it)";
                }
                any = true;
                say(String.format("    %-52s %s", names.getOrDefault(o.id(), o.id()), why));
            }
        }
        if (!any) {
            say("    (nothing)");
        }
    }
}
