package org.entente.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.localnode.LocalNode;
import org.entente.server.localnode.LocalNodeOptions;
import org.entente.server.localnode.LocalPki;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TlsIdentity;
import org.entente.stix.StixJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One agency of {@code entente demo}: its node in a child process of the demo (the local-node kit)
 * and the calls its liaison officer and operator make, each of which must succeed, since a demo
 * that goes on after a refusal would print a story that did not happen.
 */
final class DemoAgency {
    private static final String PASSWORD = "entente-demo";

    private final String name;
    private final String country;
    private final Path home;
    private final String adminToken;
    private volatile LocalNode node;

    DemoAgency(String name, String country, Path home) {
        this.name = name;
        this.country = country;
        this.home = home;
        // as strong as a generated token, which ENTENTE_ADMIN_TOKEN must be
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.adminToken =
                "ent_demo_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    String name() {
        return name;
    }

    Path home() {
        return home;
    }

    String adminToken() {
        return adminToken;
    }

    URI base() {
        return node.base();
    }

    String certificatePem() {
        return node.identity().certificatePem();
    }

    /**
     * Makes the node's certificate (also as {@code node.pem}), starts it, waits until it answers.
     */
    void start() {
        TlsIdentity identity =
                LocalPki.issue(
                        home.resolve("node.p12"),
                        "CN=localhost,O=" + name + ",C=" + country,
                        PASSWORD);
        try {
            Files.writeString(home.resolve("node.pem"), identity.certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node =
                LocalNode.start(
                        new LocalNodeOptions(
                                name,
                                home,
                                identity,
                                adminToken,
                                LocalNodeOptions.javaArguments(Main.class.getName(), Map.of()),
                                Map.of(
                                        "ENTENTE_ORGANISATION", name,
                                        "ENTENTE_COUNTRY", country,
                                        "ENTENTE_TITLE", name + " node (demo)")));
    }

    /** Stops its node as its operator would, if it runs. */
    void stop() {
        LocalNode n = node;
        if (n != null && n.alive()) {
            n.stop();
        }
    }

    /** The node's parts in this JVM, on its database, to read its ledger and policy. */
    Node open() {
        return new Node(
                NodeSettings.forDatabase(home.resolve("data"), null, null, null),
                Clock.systemUTC());
    }

    // ---- the REST API and TAXII, as the agency's officers use them

    JsonNode api(String method, String path, JsonNode body) {
        return call(method, path, body == null ? null : body.toString(), "application/json");
    }

    JsonNode call(String method, String path, String body, String mediaType) {
        TaxiiClient.Response r = node.admin().exchange(method, path, body, mediaType);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(
                    name
                            + ": "
                            + method
                            + " "
                            + path
                            + " answered "
                            + r.status()
                            + ": "
                            + r.text());
        }
        return r.text().isEmpty() ? null : StixJson.parse(r.text());
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    void post(String collection, List<String> objects) {
        call(
                "POST",
                "/taxii2/api/collections/" + collection + "/objects/",
                "{\"objects\":[" + String.join(",", objects) + "]}",
                TaxiiClient.TAXII);
    }

    /** The id of this agency's own STIX identity. */
    String localIdentity() {
        for (JsonNode o : api("GET", "/api/v1/organisations", null)) {
            if (o.get("kind").stringValue().equals("local")) {
                return o.get("identity_id").stringValue();
            }
        }
        throw new IllegalStateException("no local organisation");
    }

    /** A partner principal for {@code org}'s node, and a token for it. */
    String token(String principal, String org) {
        ObjectNode p = object().put("name", principal).put("organisation", org);
        p.putArray("roles").add("partner");
        String id = api("POST", "/api/v1/principals", p).get("id").stringValue();
        String token =
                api("POST", "/api/v1/principals/" + id + "/tokens", object().put("label", "demo"))
                        .get("token")
                        .stringValue();
        DemoCommand.say(
                "  "
                        + name
                        + " issues a token for "
                        + org
                        + "'s node (principal "
                        + principal
                        + ")");
        return token;
    }

    /**
     * Records {@code other}'s node as this one's peer {@code peerName}, pinning its certificate.
     */
    JsonNode peer(String peerName, DemoAgency other, String token) {
        return api(
                "POST",
                "/api/v1/peers",
                object().put("name", peerName)
                        .put("organisation", other.name)
                        .put("url", other.base().toString())
                        .put("token", token)
                        .put("trust_pem", other.certificatePem())
                        .put("pull", true)
                        .put("push", true));
    }
}
