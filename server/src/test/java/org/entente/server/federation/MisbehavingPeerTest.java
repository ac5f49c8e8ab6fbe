package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Pki;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Peers that misbehave, played by a small TAXII server over real HTTPS: each is refused with its
 * reason, what it sent that is good is kept, the node's own objects are untouched, and the sync
 * goes on with the other peers on the node's own schedule.
 */
class MisbehavingPeerTest {
    /** Synced by hand, so that each run's report can be read. */
    private static TestNode node;

    private static Agency us;

    /** Synced on its own schedule. */
    private static TestNode scheduled;

    private static Agency them;
    private static Path certs;
    private static String ourIdentity;
    private static String ourIndicator;
    private static final List<FakePeer> fakes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String[] settings = {
            "entente.organisation=CSA Singapore",
            "entente.federation.request-timeout=2s",
            "entente.federation.max-object-bytes=4096",
            "entente.federation.max-response-bytes=65536",
            "entente.federation.max-backoff=2s",
            "entente.federation.min-interval=100ms",
            "entente.federation.idle-interval=500ms"
        };
        String[] manual = java.util.Arrays.copyOf(settings, settings.length + 1);
        manual[settings.length] = "entente.federation.enabled=false";
        node = TestNode.start(Dialect.SQLITE, Databases.fresh(Dialect.SQLITE), manual);
        us = node.agency("sg");
        scheduled = TestNode.start(Dialect.SQLITE, Databases.fresh(Dialect.SQLITE), settings);
        them = scheduled.agency("sg-scheduled");
        certs = Files.createTempDirectory("entente-fakes-");
        ourIdentity = us.localIdentity();
        ourIndicator = Samples.id("indicator");
        us.post(
                "threat-intel",
                List.of(
                        Samples.indicator(
                                ourIndicator,
                                "ours",
                                Tlp.GREEN,
                                "2024-01-01T00:00:00.000Z",
                                ",\"created_by_ref\":\"" + ourIdentity + "\"")));
    }

    @AfterAll
    static void stop() {
        fakes.forEach(FakePeer::close);
        node.close();
        scheduled.close();
    }

    /** A fake peer of a new partner with an agreement in force to receive from it. */
    private static String peerOf(FakePeer fake) {
        return peerOf(us, fake);
    }

    private static String peerOf(Agency us, FakePeer fake) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String org = "Partner " + tag;
        us.organisation("partner", org, "JP");
        us.agreement(
                "MOC " + tag,
                org,
                Agency.area("information-exchange", "receive", "amber", "none", false));
        String name = "fake-" + tag;
        us.peer(
                name,
                org,
                fake.base(),
                FakePeer.TOKEN,
                Optional.of(fake.identity().certificatePem()),
                true,
                false);
        return name;
    }

    private static FakePeer fake(FakePeer.Behaviour b) throws Exception {
        FakePeer f = new FakePeer(Pki.create(certs, "fake-" + fakes.size()), b);
        fakes.add(f);
        return f;
    }

    private static Map<String, String> lastAdded(String at) {
        return Map.of("X-TAXII-Date-Added-Last", at);
    }

    private static List<String> indicators(int n, Tlp tlp) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Samples.indicator(Samples.id("indicator"), "good " + i, tlp));
        }
        return out;
    }

    private static boolean holds(String id) {
        return holds(us, id);
    }

    private static boolean holds(Agency us, String id) {
        return us.objects("threat-intel").stream()
                .anyMatch(o -> o.get("id").stringValue().equals(id));
    }

    private static JsonNode errorOf(JsonNode run) {
        return run.path("collections").get(0);
    }

    private static void oursUntouched() {
        List<JsonNode> ours =
                us.objects("threat-intel").stream()
                        .filter(o -> o.get("id").stringValue().equals(ourIndicator))
                        .toList();
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).get("name").stringValue()).isEqualTo("ours");
    }

    /** A last page of two indicators, the second with {@code from} in it replaced by {@code to}. */
    private static String lastPage(String first, String second, String from, String to) {
        return FakePeer.envelope(
                false,
                null,
                List.of(
                        Samples.indicator(first, "first", Tlp.GREEN),
                        Samples.indicator(second, "second", Tlp.GREEN).replace(from, to)));
    }

    /**
     * A new peer whose every page is {@code page}, synced once: the run fails as a bad response
     * saying {@code why}, none of {@code ids} is stored and our own objects are untouched. Returns
     * the peer's name.
     */
    private static String refusedWhole(String page, String why, String... ids) throws Exception {
        FakePeer f =
                fake(
                        (q, n) ->
                                FakePeer.Answer.page(
                                        page, lastAdded("2024-05-01T00:00:00.000000Z")));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(run.get("failure_kind").stringValue()).isEqualTo("BAD_RESPONSE");
        assertThat(errorOf(run).get("error").stringValue()).contains(why);
        for (String id : ids) {
            assertThat(holds(id)).as(id).isFalse();
        }
        oursUntouched();
        return peer;
    }

    @Test
    void malformedJsonIsRefusedWholeWithItsReasonAndNothingOfItIsStored() throws Exception {
        String id = Samples.id("indicator");
        String peer =
                refusedWhole(
                        "{\"more\":false,\"objects\":["
                                + Samples.indicator(id, "half", Tlp.CLEAR)
                                + ",{\"type\":",
                        "not well-formed JSON",
                        id);
        JsonNode health = us.health(peer);
        assertThat(health.get("state").stringValue()).isEqualTo("failing");
        assertThat(health.get("events").get(0).get("message").stringValue())
                .contains("not well-formed JSON");
    }

    @Test
    void anEnvelopeNamingAPropertyTwiceIsRefusedWhole() throws Exception {
        // which 'more' would the peer have meant? The page is not read at all
        String id = Samples.id("indicator");
        refusedWhole(
                "{\"more\":false,\"objects\":["
                        + Samples.indicator(id, "twice", Tlp.CLEAR)
                        + "],\"more\":true}",
                "its envelope has the property 'more' twice",
                id);
    }

    @Test
    void anObjectNamingAPropertyTwiceIsRefusedWithItsPage() throws Exception {
        // the envelope's scan skips the objects; reading them for storage finds the second name
        String first = Samples.id("indicator");
        String twice = Samples.id("indicator");
        refusedWhole(
                lastPage(first, twice, "\"name\":\"second\"", "\"name\":\"1\",\"name\":\"2\""),
                "Duplicate Object property \"name\"",
                first,
                twice);
    }

    @Test
    void invalidStixIsRefusedObjectByObjectAndTheRestOfThePageIsStored() throws Exception {
        String good = Samples.id("indicator");
        String bad = Samples.id("indicator");
        FakePeer f =
                fake(
                        FakePeer.once(
                                FakePeer.Answer.page(
                                        lastPage(
                                                good,
                                                bad,
                                                "\"valid_from\":\"2024-01-01T00:00:00Z\"",
                                                "\"valid_from\":\"yesterday\""),
                                        lastAdded("2024-05-01T00:00:00.000000Z"))));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).isEqualTo("OK");
        assertThat(errorOf(run).get("stored").intValue()).isEqualTo(1);
        assertThat(errorOf(run).get("refused").intValue()).isEqualTo(1);
        assertThat(holds(good)).isTrue();
        assertThat(holds(bad)).isFalse();
        JsonNode refusal = us.health(peer).get("events").get(0);
        assertThat(refusal.get("kind").stringValue()).isEqualTo("refused");
        assertThat(refusal.get("object_id").stringValue()).isEqualTo(bad);
        assertThat(refusal.get("message").stringValue()).contains("valid_from");
        // the cursor moved past the page: the next run asks for what comes after it
        us.sync(peer);
        assertThat(us.health(peer).get("collections").get(0).get("pulled_up_to").stringValue())
                .isEqualTo("2024-05-01T00:00:00.000000Z");
    }

    @Test
    void aWrongMediaTypeIsNotRead() throws Exception {
        String id = Samples.id("indicator");
        FakePeer f =
                fake(
                        (q, n) ->
                                new FakePeer.Answer(
                                        200,
                                        "text/html",
                                        Map.of(),
                                        FakePeer.envelope(
                                                        false,
                                                        null,
                                                        List.of(
                                                                Samples.indicator(
                                                                        id, "html", Tlp.CLEAR)))
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        0));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(run.get("failure").stringValue())
                .contains("Content-Type 'text/html'")
                .contains("application/taxii+json;version=2.1");
        assertThat(holds(id)).isFalse();
    }

    @Test
    void forgedProvenanceIsRefusedAndOurObjectsStayAsTheyWere() throws Exception {
        String forged = Samples.id("indicator");
        String honest = Samples.id("indicator");
        FakePeer f =
                fake(
                        FakePeer.once(
                                FakePeer.Answer.page(
                                        FakePeer.envelope(
                                                false,
                                                null,
                                                List.of(
                                                        // claims to be created by us
                                                        Samples.indicator(
                                                                forged,
                                                                "forged",
                                                                Tlp.GREEN,
                                                                "2024-01-01T00:00:00.000Z",
                                                                ",\"created_by_ref\":\""
                                                                        + ourIdentity
                                                                        + "\""),
                                                        // a "new version" of one of ours
                                                        Samples.indicator(
                                                                ourIndicator,
                                                                "hijacked",
                                                                Tlp.GREEN,
                                                                "2030-01-01T00:00:00.000Z",
                                                                ""),
                                                        Samples.indicator(
                                                                honest, "honest", Tlp.GREEN))),
                                        lastAdded("2024-05-01T00:00:00.000000Z"))));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        // claiming to be us is refused, and so is a "new version" of one of ours: a pull's answers
        // are read by us alone, so refusing tells the peer nothing (a POST's would: there such a
        // version is kept apart, ADR 0009)
        assertThat(errorOf(run).get("stored").intValue()).isEqualTo(1);
        assertThat(errorOf(run).get("refused").intValue()).isEqualTo(2);
        assertThat(holds(forged)).isFalse();
        assertThat(holds(honest)).isTrue();
        oursUntouched();
        List<String> reasons = new ArrayList<>();
        us.health(peer).get("events").forEach(e -> reasons.add(e.get("message").stringValue()));
        assertThat(reasons)
                .anyMatch(r -> r.contains(forged) && r.contains("cannot claim to be ours"))
                .anyMatch(r -> r.contains(ourIndicator) && r.contains("object of this node's own"));
    }

    @Test
    void anEndlessNextIsCutOffAndWhatCameBeforeIsKept() throws Exception {
        String first = Samples.id("indicator");
        // no X-TAXII-Date-Added-Last: the same next, forever
        FakePeer f =
                fake(
                        (q, n) ->
                                FakePeer.Answer.page(
                                        FakePeer.envelope(
                                                true,
                                                "again",
                                                List.of(
                                                        Samples.indicator(
                                                                first, "loop", Tlp.CLEAR))),
                                        Map.of()));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(run.get("failure").stringValue()).contains("does not advance");
        assertThat(f.requests()).isEqualTo(2);
        assertThat(holds(first)).isTrue();

        // with the header, but never past it
        String second = Samples.id("indicator");
        FakePeer g =
                fake(
                        (q, n) ->
                                FakePeer.Answer.page(
                                        FakePeer.envelope(
                                                true,
                                                "n" + n,
                                                List.of(
                                                        Samples.indicator(
                                                                second, "loop 2", Tlp.CLEAR))),
                                        lastAdded("2024-05-01T00:00:00.000000Z")));
        String other = peerOf(g);
        JsonNode run2 = us.sync(other);
        assertThat(run2.get("failure").stringValue())
                .contains("does not advance")
                .contains("added after 2024-05-01T00:00:00.000000Z");
        assertThat(g.requests()).isEqualTo(2);
    }

    /**
     * The page after a page with more is fetched, parsed and validated while that page is stored;
     * one that cannot be read whole is told only once the page before it is stored, and the cursor
     * stays where that page left it.
     */
    @Test
    void aPageFetchedAheadThatCannotBeReadIsRefusedAfterThePageBeforeItIsStored() throws Exception {
        String first = Samples.id("indicator");
        String second = Samples.id("indicator");
        String firstAdded = "2024-05-01T00:00:00.000000Z";
        java.util.concurrent.atomic.AtomicBoolean mended =
                new java.util.concurrent.atomic.AtomicBoolean();
        List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakePeer f =
                fake(
                        (q, n) -> {
                            queries.add(q);
                            if (!q.contains("added_after")) {
                                return FakePeer.Answer.page(
                                        FakePeer.envelope(
                                                true,
                                                null,
                                                List.of(
                                                        Samples.indicator(
                                                                first, "first", Tlp.CLEAR))),
                                        lastAdded(firstAdded));
                            }
                            String good = Samples.indicator(second, "second", Tlp.CLEAR);
                            // an id longer than any STIX id: the peer's envelope reads, but our
                            // scan refuses the page whole
                            String bad = good.replace(second, second + "0".repeat(5000));
                            return FakePeer.Answer.page(
                                    FakePeer.envelope(
                                            false, null, List.of(mended.get() ? good : bad)),
                                    lastAdded("2024-05-02T00:00:00.000000Z"));
                        });
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).isEqualTo("FAILED");
        assertThat(run.get("failure_kind").stringValue()).isEqualTo("BAD_RESPONSE");
        assertThat(errorOf(run).get("error").stringValue()).contains("refused whole");
        assertThat(holds(first)).as("the page before it is stored").isTrue();
        assertThat(holds(second)).isFalse();
        assertThat(queries).hasSize(2);

        mended.set(true);
        JsonNode again = us.sync(peer);
        assertThat(again.get("outcome").stringValue()).isNotEqualTo("FAILED");
        assertThat(queries).hasSize(3);
        assertThat(queries.get(2))
                .as("asked again from the end of the page stored, not from the start")
                .contains("added_after=2024-05-01T00%3A00%3A00.000000Z");
        assertThat(holds(second)).isTrue();
        assertThat(
                        us.objects("threat-intel").stream()
                                .filter(o -> o.get("id").stringValue().equals(first))
                                .count())
                .isEqualTo(1);
    }

    @Test
    void aSlowTrickleIsCutOffAtTheDeadline() throws Exception {
        String id = Samples.id("indicator");
        FakePeer f =
                fake(
                        (q, n) ->
                                new FakePeer.Answer(
                                        200,
                                        "application/taxii+json;version=2.1",
                                        Map.of(),
                                        FakePeer.envelope(
                                                        false,
                                                        null,
                                                        List.of(
                                                                Samples.indicator(
                                                                        id, "slow", Tlp.CLEAR)))
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        50));
        String peer = peerOf(f);
        long start = System.nanoTime();
        JsonNode run = us.sync(peer);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.get("failure_kind").stringValue()).isEqualTo("TIMEOUT");
        assertThat(run.get("failure").stringValue()).contains("within 2000 ms");
        assertThat(took).as("cut off at the 2 s deadline").isLessThan(10_000);
        assertThat(holds(id)).isFalse();
    }

    @Test
    void anOversizedObjectIsRefusedAndTheRestGoesOn() throws Exception {
        String big = Samples.id("indicator");
        String small = Samples.id("indicator");
        FakePeer f =
                fake(
                        FakePeer.once(
                                FakePeer.Answer.page(
                                        FakePeer.envelope(
                                                false,
                                                null,
                                                List.of(
                                                        Samples.indicator(
                                                                big,
                                                                "big",
                                                                Tlp.CLEAR,
                                                                "2024-01-01T00:00:00.000Z",
                                                                ",\"description\":\""
                                                                        + "x".repeat(8000)
                                                                        + "\""),
                                                        Samples.indicator(
                                                                small, "small", Tlp.CLEAR))),
                                        lastAdded("2024-05-01T00:00:00.000000Z"))));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(errorOf(run).get("refused").intValue()).isEqualTo(1);
        assertThat(holds(big)).isFalse();
        assertThat(holds(small)).isTrue();
        assertThat(us.health(peer).get("events").get(0).get("message").stringValue())
                .contains("more than the 4096 accepted here");
    }

    @Test
    void pagesTooLargeToAcceptAreAskedForAgainWithFewerObjects() throws Exception {
        List<String> objects = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = Samples.id("indicator");
            ids.add(id);
            objects.add(
                    Samples.indicator(
                            id,
                            "large " + i,
                            Tlp.CLEAR,
                            "2024-01-01T00:00:00.000Z",
                            ",\"description\":\"" + "y".repeat(3000) + "\""));
        }
        FakePeer f = fake(FakePeer.collection(objects));
        String peer = peerOf(f);
        JsonNode run = us.sync(peer);
        assertThat(run.get("outcome").stringValue()).as(run.toString()).isEqualTo("OK");
        // 60 objects of 3 KB do not fit in one 64 KiB answer: the page size came down to 19
        assertThat(errorOf(run).get("stored").intValue()).isEqualTo(60);
        assertThat(errorOf(run).get("pages").intValue()).isGreaterThan(3);
        assertThat(ids).allMatch(MisbehavingPeerTest::holds);
    }

    @Test
    void tooManyRequestsIsHonouredWithItsRetryAfter() throws Exception {
        FakePeer f =
                fake(
                        (q, n) ->
                                new FakePeer.Answer(
                                        429,
                                        "application/taxii+json;version=2.1",
                                        Map.of("Retry-After", "7"),
                                        "{\"title\":\"Too many requests\"}"
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        0));
        String peer = peerOf(them, f);
        JsonNode run = them.sync(peer);
        assertThat(run.get("failure_kind").stringValue()).isEqualTo("RATE_LIMITED");
        assertThat(retryAfter(run)).isEqualTo(Duration.ofSeconds(7));
        // the loop waits at least that long before asking again
        JsonNode health = them.health(peer);
        assertThat(java.time.Instant.parse(health.get("next_run").stringValue()))
                .isAfter(java.time.Instant.now().plusSeconds(5));
    }

    /** The pause a run reports the peer asked for. */
    private static Duration retryAfter(JsonNode run) {
        JsonNode retry = run.get("retry_after");
        assertThat(retry == null || retry.isNull()).as("no retry_after in " + run).isFalse();
        return retry.isString()
                ? Duration.parse(retry.stringValue())
                : Duration.ofSeconds(retry.longValue());
    }

    /**
     * A busy peer (an Entente node whose reads have queued too long answers so, ADR 0031) says how
     * long to wait: the run fails as a server error, and the next one waits at least that long.
     */
    @Test
    void aBusyPeersRetryAfterIsHonouredToo() throws Exception {
        FakePeer f =
                fake(
                        (q, n) ->
                                new FakePeer.Answer(
                                        503,
                                        "application/taxii+json;version=2.1",
                                        Map.of("Retry-After", "9"),
                                        ("{\"title\":\"The node is busy\",\"http_status\":\"503\","
                                                        + "\"error_code\":\"busy\"}")
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                        0));
        String peer = peerOf(them, f);
        JsonNode run = them.sync(peer);
        assertThat(run.get("failure_kind").stringValue()).isEqualTo("SERVER_ERROR");
        assertThat(run.toString()).contains("503").contains("The node is busy");
        assertThat(retryAfter(run)).isEqualTo(Duration.ofSeconds(9));
        JsonNode health = them.health(peer);
        assertThat(java.time.Instant.parse(health.get("next_run").stringValue()))
                .isAfter(java.time.Instant.now().plusSeconds(7));
    }

    @Test
    void aGoodPeerKeepsSyncingOnScheduleWhileBadOnesFail() throws Exception {
        String bad1 =
                peerOf(them, fake((q, n) -> FakePeer.Answer.page("{\"objects\":[", Map.of())));
        String bad2 =
                peerOf(
                        them,
                        fake(
                                (q, n) ->
                                        new FakePeer.Answer(
                                                200,
                                                "application/taxii+json;version=2.1",
                                                Map.of(),
                                                "{\"more\":false}".getBytes(),
                                                500)));
        List<String> ids = new ArrayList<>();
        FakePeer good =
                fake(
                        (q, n) -> {
                            // one new object per page, each added one second later than the last
                            String id = Samples.id("indicator");
                            synchronized (ids) {
                                ids.add(id);
                            }
                            return FakePeer.Answer.page(
                                    FakePeer.envelope(
                                            false,
                                            null,
                                            List.of(Samples.indicator(id, "good " + n, Tlp.CLEAR))),
                                    lastAdded(
                                            org.entente.stix.Timestamps.formatMicros(
                                                    1_714_521_600_000_000L + n * 1_000_000L)));
                        });
        String goodPeer = peerOf(them, good);
        Agency.await(
                Duration.ofSeconds(30),
                "the good peer delivers on schedule while the bad ones fail",
                () -> {
                    List<String> delivered;
                    synchronized (ids) {
                        delivered = List.copyOf(ids);
                    }
                    return delivered.size() >= 5
                            && delivered.subList(0, 4).stream().allMatch(id -> holds(them, id))
                            && them.health(bad1).get("consecutive_failures").intValue() >= 2
                            && them.health(bad2).get("consecutive_failures").intValue() >= 1;
                });
        assertThat(them.health(goodPeer).get("state").stringValue()).isEqualTo("ok");
        assertThat(them.health(bad1).get("events").get(0).get("message").stringValue())
                .contains("not well-formed JSON");
        assertThat(them.health(bad2).get("events").get(0).get("message").stringValue())
                .contains("timeout");
    }
}
