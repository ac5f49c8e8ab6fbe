package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.newId;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Agreements recorded through the REST API as a liaison officer would, and what partners and
 * constituents then see and may send over TAXII, with several principals over real HTTP.
 */
class AgreementsEndToEndTest {
    /** One scenario: a partner agency and a constituent, each with a principal and a token. */
    record Parties(
            String partnerToken,
            String constituentToken,
            String partner,
            String constituent,
            String tag) {}

    static Response api(TestNode node, String method, String path, String json) {
        TaxiiClient admin = node.admin();
        HttpRequest.Builder b =
                admin.request(path)
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json");
        return admin.send(
                json == null
                        ? b.method(method, HttpRequest.BodyPublishers.noBody()).build()
                        : b.method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Parties parties(TestNode node) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String partner = "Partner " + tag;
        String constituent = "Constituent " + tag;
        assertThat(
                        api(
                                        node,
                                        "POST",
                                        "/api/v1/organisations",
                                        "{\"kind\":\"partner\",\"name\":\""
                                                + partner
                                                + "\",\"country\":\"JP\"}")
                                .status())
                .isEqualTo(201);
        assertThat(
                        api(
                                        node,
                                        "POST",
                                        "/api/v1/organisations",
                                        "{\"kind\":\"constituent\",\"name\":\""
                                                + constituent
                                                + "\",\"country\":\"SG\"}")
                                .status())
                .isEqualTo(201);
        String pp =
                api(
                                node,
                                "POST",
                                "/api/v1/principals",
                                "{\"name\":\"pp-"
                                        + tag
                                        + "\",\"organisation\":\""
                                        + partner
                                        + "\",\"roles\":[\"partner\"]}")
                        .json()
                        .get("id")
                        .stringValue();
        String cp =
                api(
                                node,
                                "POST",
                                "/api/v1/principals",
                                "{\"name\":\"cp-"
                                        + tag
                                        + "\",\"organisation\":\""
                                        + constituent
                                        + "\",\"roles\":[\"constituent\"]}")
                        .json()
                        .get("id")
                        .stringValue();
        String pt =
                api(node, "POST", "/api/v1/principals/" + pp + "/tokens", "{}")
                        .json()
                        .get("token")
                        .stringValue();
        String ct =
                api(node, "POST", "/api/v1/principals/" + cp + "/tokens", "{}")
                        .json()
                        .get("token")
                        .stringValue();
        return new Parties(pt, ct, partner, constituent, tag);
    }

    /** An active memorandum with the partner of {@code p} since 2020, made by the admin. */
    static Response memorandum(TestNode node, Parties p, String areas) {
        Response made =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        agreement("moc", "MOC " + p.tag(), p.partner(), "2020-01-01", null, areas));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return made;
    }

    static String agreement(
            String kind, String title, String party, String from, String until, String areas) {
        return "{\"kind\":\""
                + kind
                + "\",\"title\":\""
                + title
                + "\",\"effective_from\":\""
                + from
                + "\""
                + (until == null ? "" : ",\"expires_at\":\"" + until + "\"")
                + ",\"parties\":[\""
                + party
                + "\"],\"areas\":["
                + areas
                + "],\"activate\":true}";
    }

    private static String indicator(String id, String name, Tlp tlp) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2024-01-01T00:00:00.000Z",\
                "modified":"2024-01-01T00:00:00.000Z","name":"%s","pattern":"[ipv4-addr:value = '10.0.0.1']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"%s}"""
                .formatted(
                        id,
                        name,
                        tlp == null
                                ? ""
                                : ",\"object_marking_refs\":[\"" + tlp.markingId() + "\"]");
    }

    static List<String> names(Response r) {
        List<String> names = new ArrayList<>();
        JsonNode objects = r.json().get("objects");
        if (objects != null) {
            objects.forEach(o -> names.add(o.get("name").stringValue()));
        }
        return names;
    }

    /**
     * Posts one indicator of each TLP (and one unmarked) into a fresh advisories-area collection.
     */
    static String collectionWithEveryTlp(TestNode node, String tag) {
        var c =
                new org.entente.server.collection.Collection(
                        UUID.randomUUID().toString(),
                        "api",
                        java.util.Optional.of("adv-" + tag),
                        "Advisories " + tag,
                        java.util.Optional.empty(),
                        "awareness",
                        Tlp.AMBER_STRICT);
        node.node().collections().insert(c, System.currentTimeMillis() * 1000);
        List<String> objects = new ArrayList<>();
        for (Tlp t : Tlp.values()) {
            objects.add(indicator(newId("indicator"), t.name(), t));
        }
        objects.add(indicator(newId("indicator"), "UNMARKED", null));
        assertThat(
                        node.admin()
                                .post(node.objectsPath(c), envelope(objects))
                                .json()
                                .get("success_count")
                                .intValue())
                .isEqualTo(6);
        return c.id();
    }

    @EachDatabase
    void aMemorandumSharesUpToItsCeilingByMeaning(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        api(
                node,
                "POST",
                "/api/v1/agreements",
                agreement(
                        "moc",
                        "MOC " + p.tag(),
                        p.partner(),
                        "2017-09-18",
                        "2030-01-01",
                        "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"amber\",\"onward\":\"none\"}"));
        Response seen =
                node.client("Bearer " + p.partnerToken())
                        .get("/taxii2/api/collections/" + c + "/objects/");
        // AMBER admits CLEAR, GREEN and AMBER, never AMBER+STRICT; unmarked takes the default
        assertThat(names(seen)).containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");
        // the constituent has no agreement: nothing exists for it
        assertThat(
                        node.client("Bearer " + p.constituentToken())
                                .get("/taxii2/api/collections/" + c + "/objects/")
                                .status())
                .isEqualTo(403);
    }

    @EachDatabase
    void amberStrictGoesToPartnersOnlyAndRedNeverLeaves(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String area =
                "{\"area\":\"awareness\",\"direction\":\"share\",\"tlp_ceiling\":\"amber+strict\",\"onward\":\"none\"}";
        api(
                node,
                "POST",
                "/api/v1/agreements",
                agreement("mou", "MOU " + p.tag(), p.partner(), "2020-01-01", null, area));
        api(
                node,
                "POST",
                "/api/v1/agreements",
                agreement(
                        "declaration",
                        "Decl " + p.tag(),
                        p.constituent(),
                        "2020-01-01",
                        null,
                        area));
        assertThat(
                        names(
                                node.client("Bearer " + p.partnerToken())
                                        .get("/taxii2/api/collections/" + c + "/objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER", "AMBER_STRICT", "UNMARKED");
        // a constituent gets AMBER+STRICT only under its own subscription naming it
        assertThat(
                        names(
                                node.client("Bearer " + p.constituentToken())
                                        .get("/taxii2/api/collections/" + c + "/objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER");
        api(
                node,
                "POST",
                "/api/v1/agreements",
                agreement(
                        "subscription",
                        "Sub " + p.tag(),
                        p.constituent(),
                        "2020-01-01",
                        null,
                        area));
        assertThat(
                        names(
                                node.client("Bearer " + p.constituentToken())
                                        .get("/taxii2/api/collections/" + c + "/objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN", "AMBER", "AMBER_STRICT", "UNMARKED");
    }

    @EachDatabase
    void suspendingOrTerminatingStopsSharingOnTheNextRequest(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String id =
                api(
                                node,
                                "POST",
                                "/api/v1/agreements",
                                agreement(
                                        "moc",
                                        "MOC " + p.tag(),
                                        p.partner(),
                                        "2020-01-01",
                                        null,
                                        "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"green\",\"onward\":\"none\"}"))
                        .json()
                        .get("id")
                        .stringValue();
        TaxiiClient partner = node.client("Bearer " + p.partnerToken());
        assertThat(names(partner.get("/taxii2/api/collections/" + c + "/objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN");

        Response suspended =
                api(node, "POST", "/api/v1/agreements/" + id + "/suspend", "{\"note\":\"review\"}");
        assertThat(suspended.json().get("status").stringValue()).isEqualTo("suspended");
        Response refused = partner.get("/taxii2/api/collections/" + c + "/objects/");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("description").stringValue()).contains("suspended");
        assertThat(partner.get("/taxii2/api/collections/").json().has("collections")).isFalse();

        api(node, "POST", "/api/v1/agreements/" + id + "/resume", null);
        assertThat(names(partner.get("/taxii2/api/collections/" + c + "/objects/")))
                .containsExactlyInAnyOrder("CLEAR", "GREEN");
        api(node, "POST", "/api/v1/agreements/" + id + "/terminate", null);
        assertThat(partner.get("/taxii2/api/collections/" + c + "/objects/").status())
                .isEqualTo(403);
        // terminated is final
        assertThat(api(node, "POST", "/api/v1/agreements/" + id + "/resume", null).status())
                .isEqualTo(409);
        JsonNode history = api(node, "GET", "/api/v1/agreements/" + id, null).json().get("history");
        assertThat(history).hasSize(4);
        assertThat(history.get(1).get("note").stringValue()).isEqualTo("review");
    }

    /** A node of its own: its clock is moved forward, which the shared nodes' must not be. */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sharingStopsAtExpiryByTheClockWithoutAnyJob(Dialect dialect) {
        try (TestNode node = TestNode.start(dialect)) {
            Parties p = parties(node);
            String c = collectionWithEveryTlp(node, p.tag());
            Instant expiry = node.clock().instant().plus(Duration.ofHours(1));
            api(
                    node,
                    "POST",
                    "/api/v1/agreements",
                    agreement(
                            "moc",
                            "MOC " + p.tag(),
                            p.partner(),
                            "2020-01-01",
                            expiry.truncatedTo(ChronoUnit.MILLIS).toString(),
                            "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"clear\",\"onward\":\"none\"}"));
            TaxiiClient partner = node.client("Bearer " + p.partnerToken());
            assertThat(names(partner.get("/taxii2/api/collections/" + c + "/objects/")))
                    .containsExactly("CLEAR");
            node.clock().advance(Duration.between(node.clock().instant(), expiry).minusMinutes(1));
            assertThat(names(partner.get("/taxii2/api/collections/" + c + "/objects/")))
                    .as("a minute before the expiry")
                    .containsExactly("CLEAR");
            node.clock().advance(Duration.ofMinutes(2));
            Response after = partner.get("/taxii2/api/collections/" + c + "/objects/");
            assertThat(after.status()).as("a minute after the expiry").isEqualTo(403);
            assertThat(after.json().get("description").stringValue()).contains("expired");
        }
    }

    @EachDatabase
    void partnersMayOnlySendWhatTheirAreaReceivesAndAreToldWhyNot(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        api(
                node,
                "POST",
                "/api/v1/agreements",
                agreement(
                        "moc",
                        "MOC " + p.tag(),
                        p.partner(),
                        "2020-01-01",
                        null,
                        "{\"area\":\"awareness\",\"direction\":\"receive\",\"tlp_ceiling\":\"amber\",\"types\":[\"indicator\"],\"onward\":\"none\"}"));
        String local = node.node().organisations().local().orElseThrow().identityId();
        String forged =
                indicator(newId("indicator"), "forged", Tlp.GREEN)
                        .replace(
                                "\"created\":",
                                "\"created_by_ref\":\"" + local + "\",\"created\":");
        String unknownMarking =
                indicator(newId("indicator"), "unknown marking", null)
                        .replace(
                                "}",
                                ",\"object_marking_refs\":[\"marking-definition--"
                                        + UUID.randomUUID()
                                        + "\"]}");
        Response r =
                node.client("Bearer " + p.partnerToken())
                        .post(
                                "/taxii2/api/collections/" + c + "/objects/",
                                envelope(
                                        indicator(newId("indicator"), "ok", Tlp.AMBER),
                                        indicator(newId("indicator"), "too high", Tlp.AMBER_STRICT),
                                        indicator(newId("indicator"), "red", Tlp.RED),
                                        forged,
                                        unknownMarking,
                                        "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\""
                                                + newId("malware")
                                                + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"name\":\"m\",\"is_family\":true,\"object_marking_refs\":[\""
                                                + Tlp.GREEN.markingId()
                                                + "\"]}"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().get("success_count").intValue()).isEqualTo(1);
        List<String> reasons = new ArrayList<>();
        r.json().get("failures").forEach(f -> reasons.add(f.get("message").stringValue()));
        assertThat(reasons)
                .anySatisfy(
                        m ->
                                assertThat(m)
                                        .contains(
                                                "TLP:AMBER+STRICT is above this area's ceiling TLP:AMBER"));
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("TLP:RED"));
        assertThat(reasons)
                .anySatisfy(
                        m ->
                                assertThat(m)
                                        .contains("created_by_ref names this node's own identity"));
        assertThat(reasons)
                .anySatisfy(m -> assertThat(m).contains("which this node does not know"));
        assertThat(reasons)
                .anySatisfy(
                        m -> assertThat(m).contains("type malware is not among this area's types"));
        // receive-only: the partner cannot read the collection
        assertThat(
                        node.client("Bearer " + p.partnerToken())
                                .get("/taxii2/api/collections/" + c + "/objects/")
                                .status())
                .isEqualTo(403);
        // what it sent keeps its origin, so it never goes back out as our own
        Response mine =
                node.admin()
                        .get(
                                "/taxii2/api/collections/"
                                        + c
                                        + "/objects/?match[type]=indicator"
                                                .replace("[", "%5B")
                                                .replace("]", "%5D"));
        assertThat(names(mine)).contains("ok");
    }

    @EachDatabase
    void agreementsWithDatesOutOfOrderOrUnknownPartiesAreRefused(TestNode node) {
        Parties p = parties(node);
        Response backwards =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        agreement(
                                "moc",
                                "Bad " + p.tag(),
                                p.partner(),
                                "2027-01-01",
                                "2020-01-01",
                                "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"amber\",\"onward\":\"none\"}"));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("description").stringValue())
                .contains("must come after the effective date");
        Response signedLater =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        "{\"kind\":\"moc\",\"title\":\"x\",\"signed_on\":\"2021-01-01\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                                + p.partner()
                                + "\"]}");
        assertThat(signedLater.status()).isEqualTo(400);
        assertThat(signedLater.json().get("description").stringValue())
                .contains("before it was signed");
        Response nobody =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        agreement("moc", "x", "Nobody Ltd", "2020-01-01", null, ""));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().get("description").stringValue())
                .contains("not a known organisation");
        Response red =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        agreement(
                                "moc",
                                "x",
                                p.partner(),
                                "2020-01-01",
                                null,
                                "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"red\",\"onward\":\"none\"}"));
        assertThat(red.status()).isEqualTo(400);
        assertThat(red.json().get("description").stringValue()).contains("RED");
        Response subscriptionToPartner =
                api(
                        node,
                        "POST",
                        "/api/v1/agreements",
                        agreement("subscription", "x", p.partner(), "2020-01-01", null, ""));
        assertThat(subscriptionToPartner.json().get("description").stringValue())
                .contains("subscription is for one constituent");
    }

    @EachDatabase
    void outsidePrincipalsCannotAdministerAndRolesMustFitTheirOrganisation(TestNode node) {
        Parties p = parties(node);
        Response asPartner =
                node.client("Bearer " + p.partnerToken())
                        .send(
                                node.client("Bearer " + p.partnerToken())
                                        .request("/api/v1/agreements")
                                        .header("Accept", "application/json")
                                        .GET()
                                        .build());
        assertThat(asPartner.status()).isEqualTo(403);
        Response wrongRole =
                api(
                        node,
                        "POST",
                        "/api/v1/principals",
                        "{\"name\":\"x-"
                                + p.tag()
                                + "\",\"organisation\":\""
                                + p.partner()
                                + "\",\"roles\":[\"admin\"]}");
        assertThat(wrongRole.status()).isEqualTo(400);
        assertThat(wrongRole.json().get("description").stringValue())
                .contains("does not fit a partner organisation");
    }

    @EachDatabase
    void theRestApiIsDescribedInOpenApi(TestNode node) {
        Response docs =
                node.anonymous()
                        .send(
                                node.anonymous()
                                        .request("/api/openapi")
                                        .header("Accept", "application/json")
                                        .GET()
                                        .build());
        assertThat(docs.status()).as(docs.text()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.has("/api/v1/agreements")).isTrue();
        assertThat(paths.has("/api/v1/agreements/{id}/{action}")).isTrue();
        assertThat(paths.has("/api/v1/organisations")).isTrue();
        assertThat(paths.has("/api/v1/principals/{id}/tokens")).isTrue();
    }

    @EachDatabase
    void everyDisclosureReceiptAndAgreementChangeIsInTheLedger(TestNode node) {
        Parties p = parties(node);
        String c = collectionWithEveryTlp(node, p.tag());
        String partnerId = node.node().organisations().find(p.partner()).orElseThrow().id();
        String id =
                api(
                                node,
                                "POST",
                                "/api/v1/agreements",
                                agreement(
                                        "moc",
                                        "MOC " + p.tag(),
                                        p.partner(),
                                        "2020-01-01",
                                        null,
                                        "{\"area\":\"awareness\",\"direction\":\"both\",\"tlp_ceiling\":\"green\",\"onward\":\"none\"}"))
                        .json()
                        .get("id")
                        .stringValue();
        TaxiiClient partner = node.client("Bearer " + p.partnerToken());
        Response read = partner.get("/taxii2/api/collections/" + c + "/objects/");
        assertThat(names(read)).containsExactlyInAnyOrder("CLEAR", "GREEN");
        String sent = newId("indicator");
        partner.post(
                "/taxii2/api/collections/" + c + "/objects/",
                envelope(indicator(sent, "from partner", Tlp.GREEN)));
        api(node, "POST", "/api/v1/agreements/" + id + "/suspend", null);

        var rows =
                node.node()
                        .ledger()
                        .report(
                                java.util.Optional.of(partnerId),
                                java.util.OptionalLong.empty(),
                                java.util.OptionalLong.empty());
        long disclosed = rows.stream().mapToLong(r -> r.total().sentDisclosures()).sum();
        long received = rows.stream().mapToLong(r -> r.total().receivedObjects()).sum();
        assertThat(disclosed).isEqualTo(2);
        assertThat(received).isEqualTo(1);
        assertThat(rows).allSatisfy(r -> assertThat(r.area()).hasValue("awareness"));
        var verified = node.node().ledger().verify(partnerId);
        assertThat(verified.intact()).as(verified.problem().orElse("")).isTrue();
        // the agreement's creation and suspension, the page that disclosed two versions (one
        // entry listing both) and the receipt
        assertThat(verified.checked()).isEqualTo(4);
        assertThat(node.node().ledger().verify().intact()).isTrue();
    }
}
