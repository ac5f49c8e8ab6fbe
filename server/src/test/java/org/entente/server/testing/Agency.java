package org.entente.server.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.store.Visibility;
import org.entente.stix.StixJson;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An agency's node as its liaison officer and operator drive it in tests: over its REST API and
 * TAXII, as the admin, whether the node runs in this JVM or in a process of its own.
 */
public final class Agency {
    private final String name;
    private final URI base;
    private final HttpClient http;
    private final String adminToken;

    public Agency(String name, URI base, HttpClient http, String adminToken) {
        this.name = name;
        this.base = base;
        this.http = http;
        this.adminToken = adminToken;
    }

    public String name() {
        return name;
    }

    public URI base() {
        return base;
    }

    /** An HTTP answer, its status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            return StixJson.parse(body);
        }
    }

    public Answer call(String method, String path, String json, String accept) {
        // one media type asked for and sent: TAXII 2.1 for any TAXII, else what is asked for
        String mediaType = accept.startsWith("application/taxii") ? TaxiiClient.TAXII : accept;
        TaxiiClient.Response r =
                new TaxiiClient(http, base, Optional.of("Bearer " + adminToken))
                        .exchange(method, path, json, mediaType);
        return new Answer(r.status(), r.text());
    }

    /** A REST call that must succeed; its JSON answer (null when empty). */
    public JsonNode api(String method, String path, String json) {
        Answer a = call(method, path, json, "application/json");
        if (a.status() / 100 != 2) {
            throw new AssertionError(
                    name
                            + ": "
                            + method
                            + " "
                            + path
                            + " answered "
                            + a.status()
                            + ": "
                            + a.body());
        }
        return a.body().isEmpty() ? null : a.json();
    }

    /** A TAXII GET that must succeed; its JSON answer. */
    public JsonNode taxii(String path) {
        Answer a = call("GET", path, null, "application/taxii+json;version=2.1");
        if (a.status() != 200) {
            throw new AssertionError(
                    name + ": GET " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.json();
    }

    public String organisation(String kind, String orgName, String country) {
        ObjectNode o =
                JsonNodeFactory.instance
                        .objectNode()
                        .put("kind", kind)
                        .put("name", orgName)
                        .put("country", country);
        return api("POST", "/api/v1/organisations", o.toString()).get("id").stringValue();
    }

    /** The local agency's STIX identity id. */
    public String localIdentity() {
        for (JsonNode o : api("GET", "/api/v1/organisations", null)) {
            if (o.get("kind").stringValue().equals("local")) {
                return o.get("identity_id").stringValue();
            }
        }
        throw new AssertionError("no local organisation");
    }

    /**
     * Records and activates an agreement with one party, in force since 2020.
     *
     * @param areas JSON objects of areas, e.g. {@code {"area":"information-exchange",...}}
     */
    public String agreement(String title, String party, String... areas) {
        String json =
                "{\"kind\":\"moc\",\"title\":\""
                        + title
                        + "\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                        + party
                        + "\"],\"areas\":["
                        + String.join(",", areas)
                        + "],\"activate\":true}";
        return api("POST", "/api/v1/agreements", json).get("id").stringValue();
    }

    /** An area's rules as the REST API takes them. */
    public static String area(
            String area, String direction, String ceiling, String onward, boolean feedback) {
        return area(area, direction, ceiling, onward, feedback, false);
    }

    public static String area(
            String area,
            String direction,
            String ceiling,
            String onward,
            boolean feedback,
            boolean anonymise) {
        return "{\"anonymise\":"
                + anonymise
                + ",\"area\":\""
                + area
                + "\",\"direction\":\""
                + direction
                + "\",\"tlp_ceiling\":\""
                + ceiling
                + "\",\"onward\":\""
                + onward
                + "\",\"feedback\":"
                + feedback
                + "}";
    }

    /**
     * The number of ledger entries of a kind ({@code AGREEMENT_CHANGED}); for {@code DISCLOSED} and
     * {@code RECEIVED}, the number of object versions disclosed or received, whether recorded one
     * per entry or listed in page entries.
     */
    public static long ledger(org.entente.server.Node node, String kind) {
        if (kind.equals("DISCLOSED")) {
            return disclosedVersions(node).size();
        }
        if (kind.equals("RECEIVED")) {
            return receivedVersions(node).size();
        }
        return node.database()
                .jdbc()
                .sql("SELECT COUNT(*) FROM ledger_entries WHERE kind = :k")
                .param("k", kind)
                .query(Long.class)
                .single();
    }

    /**
     * Every object version the ledger says was disclosed, in ledger order: those of the entries
     * written one per version ({@code DISCLOSED}) and those listed in page entries ({@code
     * DISCLOSED_PAGE}).
     */
    public static java.util.List<org.entente.server.ledger.DisclosedVersion> disclosedVersions(
            org.entente.server.Node node) {
        return versions(node, "DISCLOSED", 0);
    }

    /**
     * Every object version the ledger says was received, in ledger order: those of the entries
     * written one per version ({@code RECEIVED}) and those listed in page entries ({@code
     * RECEIVED_PAGE}).
     */
    public static java.util.List<org.entente.server.ledger.DisclosedVersion> receivedVersions(
            org.entente.server.Node node) {
        return versions(node, "RECEIVED", 0);
    }

    /**
     * The object versions of entries of {@code kind} and of its page kind ({@code kind + "_PAGE"})
     * recorded at {@code sinceMicros} or later, in ledger order.
     */
    public static java.util.List<org.entente.server.ledger.DisclosedVersion> versions(
            org.entente.server.Node node, String kind, long sinceMicros) {
        java.util.List<org.entente.server.ledger.DisclosedVersion> out =
                new java.util.ArrayList<>();
        node.database()
                .jdbc()
                .sql(
                        "SELECT seq, kind, object_id, object_version, object_type, tlp, detail,"
                                + " listing FROM ledger_entries WHERE kind IN (:kind, :page)"
                                + " AND at >= :t"
                                + " ORDER BY seq")
                .param("kind", kind)
                .param("page", kind + "_PAGE")
                .param("t", sinceMicros)
                .query(
                        (java.sql.ResultSet rs) -> {
                            if (rs.getString("kind").endsWith("_PAGE")) {
                                out.addAll(org.entente.server.ledger.PageListing.listed(rs));
                            } else {
                                out.add(
                                        new org.entente.server.ledger.DisclosedVersion(
                                                rs.getString("object_id"),
                                                rs.getString("object_version"),
                                                rs.getString("object_type"),
                                                Tlp.valueOf(rs.getString("tlp"))));
                            }
                        });
        return out;
    }

    /**
     * The object versions the ledger says were disclosed to one organisation (named by id or by
     * name), however recorded: a test on a node other tests share counts its own party's only.
     */
    public static long disclosedTo(org.entente.server.Node node, String organisation) {
        long[] count = {0};
        node.database()
                .jdbc()
                .sql(
                        "SELECT seq, kind, detail, listing FROM ledger_entries"
                                + " WHERE kind IN ('DISCLOSED', 'DISCLOSED_PAGE') AND (org_id = :o"
                                + " OR org_id IN (SELECT id FROM organisations WHERE name = :o))")
                .param("o", organisation)
                .query(
                        (java.sql.ResultSet rs) -> {
                            count[0] +=
                                    rs.getString("kind").equals("DISCLOSED_PAGE")
                                            ? org.entente.server.ledger.PageListing.listed(rs)
                                                    .size()
                                            : 1;
                        });
        return count[0];
    }

    /** When the newest ledger entry of a kind was recorded (microseconds), 0 when none. */
    public static long lastLedgerEntry(org.entente.server.Node node, String kind) {
        return node.database()
                .jdbc()
                .sql("SELECT COALESCE(MAX(at), 0) FROM ledger_entries WHERE kind = :k")
                .param("k", kind)
                .query(Long.class)
                .single();
    }

    /** How many object versions a collection (by alias) holds. */
    public static long count(org.entente.server.Node node, String alias) {
        return node.objects()
                .count(node.collections().find("api", alias).orElseThrow().id(), Visibility.all());
    }

    public void suspend(String agreementId) {
        api("POST", "/api/v1/agreements/" + agreementId + "/suspend", "{\"note\":\"test\"}");
    }

    public void resume(String agreementId) {
        api("POST", "/api/v1/agreements/" + agreementId + "/resume", "{}");
    }

    /** A principal of {@code org} with the given role, and a token for it. */
    public String token(String principalName, String org, String role) {
        String id =
                api(
                                "POST",
                                "/api/v1/principals",
                                "{\"name\":\""
                                        + principalName
                                        + "\",\"organisation\":\""
                                        + org
                                        + "\",\"roles\":[\""
                                        + role
                                        + "\"]}")
                        .get("id")
                        .stringValue();
        return api("POST", "/api/v1/principals/" + id + "/tokens", "{}").get("token").stringValue();
    }

    /**
     * Records a peer of this node pointing at {@code other}, as {@code org}, with a token {@code
     * other} issued us, pinning {@code pinned} when given.
     */
    public JsonNode peer(
            String peerName,
            String org,
            URI otherBase,
            String token,
            Optional<String> pinned,
            boolean pull,
            boolean push) {
        ObjectNode p =
                JsonNodeFactory.instance
                        .objectNode()
                        .put("name", peerName)
                        .put("organisation", org)
                        .put("url", otherBase.toString())
                        .put("token", token)
                        .put("pull", pull)
                        .put("push", push);
        pinned.ifPresent(pem -> p.put("trust_pem", pem));
        return api("POST", "/api/v1/peers", p.toString());
    }

    /** The discard port on loopback: nothing listens there, and a connection is refused at once. */
    public static final URI NOBODY = URI.create("http://127.0.0.1:9/");

    /**
     * A peer at {@link #NOBODY} for {@code org}, pulled from or not and never pushed to, whose runs
     * fail at once; its id.
     */
    public String deadPeer(String peerName, String org, String token, boolean pull) {
        return peer(peerName, org, NOBODY, token, Optional.empty(), pull, false)
                .get("id")
                .stringValue();
    }

    public JsonNode sync(String peer) {
        return api("POST", "/api/v1/peers/" + peer + "/sync", null);
    }

    public JsonNode health(String peer) {
        return api("GET", "/api/v1/peers/" + peer, null);
    }

    /** Adds objects to a collection as the admin (ours); the status resource. */
    public JsonNode post(String collection, List<String> objects) {
        Answer a =
                call(
                        "POST",
                        "/taxii2/api/collections/" + collection + "/objects/",
                        Fixtures.envelope(objects),
                        "application/taxii+json;version=2.1");
        if (a.status() != 202) {
            throw new AssertionError(name + ": POST answered " + a.status() + ": " + a.body());
        }
        return a.json();
    }

    /** Every version of every object of a collection, as the admin sees them. */
    public List<JsonNode> objects(String collection) {
        List<JsonNode> all = new ArrayList<>();
        String next = null;
        do {
            String path =
                    "/taxii2/api/collections/"
                            + collection
                            + "/objects/?limit=10000&match%5Bversion%5D=all"
                            + (next == null
                                    ? ""
                                    : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            Answer a = call("GET", path, null, "application/taxii+json;version=2.1");
            if (a.status() != 200) {
                throw new AssertionError(name + ": GET answered " + a.status() + ": " + a.body());
            }
            JsonNode page = a.json();
            page.path("objects").forEach(all::add);
            next = page.path("more").asBoolean(false) ? page.get("next").stringValue() : null;
        } while (next != null);
        return all;
    }

    /** The "id|modified" of every version in a collection (no duplicates possible in a set). */
    public Set<String> versions(String collection) {
        Set<String> out = new HashSet<>();
        for (JsonNode o : objects(collection)) {
            out.add(o.get("id").stringValue() + "|" + o.path("modified").asString(""));
        }
        return out;
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
