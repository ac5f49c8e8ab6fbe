package org.entente.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.server.trust.Parties.Party;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/**
 * Detection acts on our indicators as we hold them, whatever partners send, and an analyst's events
 * reach only the collections its grants open (issue 8, items 6 and 12).
 */
class DetectionTrustTest {
    private static final String V1 = "2024-01-01T00:00:00.000Z";
    private static final String V2 = "2025-01-01T00:00:00.000Z";

    /** An address of this test alone (RFC 6598 shared space): the node is shared. */
    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static String indicator(String id, String modified, String ip, String extra) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"%s",\
                "pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix",\
                "valid_from":"2024-01-01T00:00:00Z"%s}"""
                .formatted(id, modified, ip, extra);
    }

    private static void post(TaxiiClient client, TestNode node, Collection c, String... o) {
        Response r = client.post(node.objectsPath(c), envelope(o));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.json().get("failure_count").intValue()).as(r.text()).isZero();
    }

    private static Response events(TaxiiClient client, String lines, boolean flush) {
        return client.send(
                client.request("/api/v1/detection/events" + (flush ? "?flush=true" : ""))
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(lines))
                        .build());
    }

    private static String flow(String ip) {
        return "{\"ts\":\"2026-11-27T10:00:00Z\",\"src_ip\":\"10.0.0.5\",\"dst_ip\":\""
                + ip
                + "\",\"dst_port\":443}";
    }

    /** The indicators the batch matched, once the node has compiled what it holds. */
    private static List<String> matched(TaxiiClient client, String ip, boolean flush) {
        AtomicReference<Response> last = new AtomicReference<>();
        Agency.await(
                Duration.ofMinutes(2),
                "the node has compiled its indicators",
                () -> {
                    Response r = events(client, flow(ip), flush);
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                    last.set(r);
                    return !r.json().get("compiling").booleanValue();
                });
        List<String> ids = new ArrayList<>();
        last.get().json().get("matches").forEach(m -> ids.add(m.get("indicator").stringValue()));
        return ids;
    }

    private static List<JsonNode> sightingsOf(TestNode node, Collection c, String indicator) {
        Response r =
                node.admin()
                        .get(
                                node.objectsPath(c)
                                        + "?"
                                        + URLEncoder.encode("match[type]", StandardCharsets.UTF_8)
                                        + "=sighting");
        List<JsonNode> out = new ArrayList<>();
        if (r.status() == 200 && r.json().has("objects")) {
            r.json()
                    .get("objects")
                    .forEach(
                            s -> {
                                if (s.get("sighting_of_ref").stringValue().equals(indicator)) {
                                    out.add(s);
                                }
                            });
        }
        return out;
    }

    @EachDatabase
    void aPartnersVersionOfOurIndicatorNeitherSwitchesItOffNorReplacesIt(TestNode node) {
        Collection c = node.newCollection();
        // the partner may write here, and may read up to AMBER: ours, AMBER+STRICT, is out of
        // its sight, so what it sends under our id is kept apart in its own lineage
        Party p = Parties.party(node, "partner", Parties.area("both", "amber", "none"));
        String ip = address();
        String elsewhere = address();
        String ours = Stix.id("indicator");
        post(node.admin(), node, c, indicator(ours, V1, ip, Stix.marking(Tlp.AMBER_STRICT)));
        assertThat(matched(node.admin(), ip, false)).containsExactly(ours);

        // a revocation under our id, and a "new version" pointing our id at another address
        post(
                p.taxii(),
                node,
                c,
                indicator(ours, V2, ip, Stix.marking(Tlp.GREEN) + ",\"revoked\":true"));
        post(
                p.taxii(),
                node,
                c,
                indicator(ours, "2026-01-01T00:00:00.000Z", elsewhere, Stix.marking(Tlp.GREEN)));

        assertThat(matched(node.admin(), ip, false))
                .as("our indicator still fires on its own address")
                .containsExactly(ours);
        assertThat(matched(node.admin(), elsewhere, true))
                .as("the partner's pattern is not ours")
                .isEmpty();
        // the sightings of ours are stored beside ours, marked as ours is
        assertThat(sightingsOf(node, c, ours))
                .isNotEmpty()
                .allSatisfy(
                        s ->
                                assertThat(s.get("object_marking_refs").get(0).stringValue())
                                        .isEqualTo(Tlp.AMBER_STRICT.markingId()));
    }

    @EachDatabase
    void anAnalystsEventsReachOnlyTheCollectionsItsGrantsOpen(TestNode node) {
        Collection open = node.newCollection();
        Collection closed = node.newCollection();
        String ip = address();
        String visible = Stix.id("indicator");
        String hidden = Stix.id("indicator");
        post(node.admin(), node, open, indicator(visible, V1, ip, Stix.marking(Tlp.GREEN)));
        post(node.admin(), node, closed, indicator(hidden, V1, ip, Stix.marking(Tlp.RED)));
        // reads and writes `open` only
        TaxiiClient analyst = node.client("Bearer " + node.tokenFor(open, true, true));

        assertThat(matched(analyst, ip, true))
                .as("no match from a collection the analyst cannot read")
                .containsExactly(visible);
        assertThat(sightingsOf(node, open, visible)).hasSize(1);
        assertThat(sightingsOf(node, closed, hidden))
                .as("no sighting added to a collection the analyst cannot write")
                .isEmpty();

        // the admin's events reach both
        assertThat(matched(node.admin(), ip, true)).containsExactlyInAnyOrder(visible, hidden);
        assertThat(sightingsOf(node, closed, hidden)).hasSize(1);
    }

    @EachDatabase
    void aSightingIsMarkedAsItsIndicatorIsByMeaning(TestNode node) {
        Collection c = node.newCollection();
        String ip = address();
        String red = "marking-definition--" + java.util.UUID.randomUUID();
        String ours = Stix.id("indicator");
        // RED under an id of its own, defined in the same envelope: RED by meaning
        post(
                node.admin(),
                node,
                c,
                MarkingsByMeaningTest.tlp2Marking(red, "red"),
                indicator(ours, V1, ip, ",\"object_marking_refs\":[\"" + red + "\"]"));
        assertThat(matched(node.admin(), ip, true)).containsExactly(ours);
        assertThat(sightingsOf(node, c, ours))
                .as("the sighting of a RED indicator is RED, not the collection's default")
                .isNotEmpty()
                .allSatisfy(
                        s ->
                                assertThat(s.get("object_marking_refs").get(0).stringValue())
                                        .isEqualTo(Tlp.RED.markingId()));
    }
}
