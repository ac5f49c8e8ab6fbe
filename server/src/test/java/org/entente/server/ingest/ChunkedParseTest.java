package org.entente.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.error.ApiException;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.StatusDetail;
import org.entente.server.testing.PlainNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A body scanned whole and then parsed a chunk at a time on another thread while the chunks before
 * are written (ADR 0047): the way a pull stores its pages. The parse never runs more than a chunk
 * ahead of the writer, and the body is stored as a body held whole would be.
 */
class ChunkedParseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static String stix20Indicator(int i) {
        return """
                {"type":"indicator","id":"indicator--%s","created":"2017-06-01T00:00:00Z",\
                "modified":"2017-06-01T00:00:00Z","labels":["malicious-activity"],\
                "pattern":"[domain-name:value = 'n%d.example']","valid_from":"2017-06-01T00:00:00Z"}"""
                .formatted(UUID.randomUUID(), i);
    }

    private static String indicator(String id, String marking, String extra) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"n","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",\
                "valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["%s"]%s}"""
                .formatted(id, marking, extra);
    }

    private static Payload.Bytes envelope(List<String> objects) {
        return new Payload.Bytes(
                ("{\"objects\":[" + String.join(",", objects) + "]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits, bounded, until the parser is parked (blocked handing a chunk over) with at least
     * {@code parsed} objects noted; then tells how many it noted, which it cannot add to while
     * parked.
     */
    private static int parkedAfter(
            AtomicReference<Thread> t, Map<String, String> notes, int parsed) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (t.get() == null
                || t.get().getState() != Thread.State.WAITING
                || notes.size() < parsed) {
            assertThat(System.nanoTime()).as("the parser never blocked").isLessThan(deadline);
            Thread.yield();
        }
        return notes.size();
    }

    private static long stored(Node n, Collection c, Optional<Tlp> tlp) {
        return n.database()
                .jdbc()
                .sql(
                        "SELECT COUNT(*) FROM objects o JOIN collections c ON c.seq ="
                                + " o.collection_seq WHERE c.id = :c"
                                + (tlp.isPresent() ? " AND o.tlp = :t" : " AND :t = :t"))
                .param("c", c.id())
                .param("t", tlp.map(Tlp::name).orElse(""))
                .query(Long.class)
                .single();
    }

    /** A pool of one thread, which {@code parser} then names. */
    private static ExecutorService onOneThread(AtomicReference<Thread> parser) {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "test-parser");
                    t.setDaemon(true);
                    parser.set(t);
                    return t;
                });
    }

    @Test
    void theParseRunsOneChunkAheadOfTheWriterAndNoFurther() throws Exception {
        AtomicReference<Thread> parser = new AtomicReference<>();
        ExecutorService pool = onOneThread(parser);
        try (Node n = PlainNode.fresh(Dialect.SQLITE)) {
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                objects.add(stix20Indicator(i));
            }
            Ingest.Scanned scanned =
                    n.ingest().scan(envelope(objects), Ingest.Shape.ENVELOPE, OptionalInt.empty());
            assertThat(scanned.count()).isEqualTo(50);
            // every object is upgraded from STIX 2.0 and noted: the notes count what was parsed
            Map<String, String> notes = new ConcurrentHashMap<>();
            try (PreparedAhead ahead =
                    PreparedAhead.start(scanned, n.validator(), notes, 5, pool)) {
                // one chunk handed over and waiting, one parsed and waiting to be handed over
                assertThat(parkedAfter(parser, notes, 10)).isEqualTo(5 * (PreparedAhead.AHEAD + 1));
                int seen = 0;
                List<Object> chunk;
                while ((chunk = ahead.next()) != null) {
                    assertThat(chunk).hasSize(5).allMatch(o -> o instanceof PreparedObject);
                    seen += chunk.size();
                    if (seen == 5) {
                        assertThat(parkedAfter(parser, notes, 15))
                                .isEqualTo(5 * (PreparedAhead.AHEAD + 2));
                    }
                }
                assertThat(seen).isEqualTo(50);
                assertThat(notes).hasSize(50);
                assertThat(ahead.next()).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aScannedBodyIsStoredAsABodyHeldWholeWouldBe(Dialect dialect) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Node n = PlainNode.fresh(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            String green = "marking-definition--" + UUID.randomUUID();
            String oversized = "indicator--" + UUID.randomUUID();
            String invalid = "indicator--" + UUID.randomUUID();
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < 230; i++) {
                objects.add(indicator("indicator--" + UUID.randomUUID(), green, ""));
            }
            objects.add(
                    indicator(oversized, green, ",\"description\":\"" + "x".repeat(3000) + "\""));
            objects.add(indicator(invalid, green, ",\"confidence\":101"));
            objects.add(stix20Indicator(0));
            // the definition last: the objects it marks come before it
            objects.add(
                    """
                    {"type":"marking-definition","spec_version":"2.1","id":"%s",\
                    "created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN",\
                    "extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":\
                    {"extension_type":"property-extension","tlp_2_0":"green"}}}"""
                            .formatted(green));
            Ingest ingest = PlainNode.ingest(n, 40);
            Ingest.Scanned scanned =
                    ingest.scan(envelope(objects), Ingest.Shape.ENVELOPE, OptionalInt.of(2000));
            AtomicInteger lastChunks = new AtomicInteger();
            AtomicReference<Ingest.Totals> totals = new AtomicReference<>();
            PostStatus status =
                    ingest.add(
                            c,
                            "test",
                            n.policy().operatorWrite(),
                            scanned,
                            Ingest.Listener.NONE,
                            new Ingest.Options(
                                    OptionalInt.empty(),
                                    Optional.of(
                                            t -> {
                                                lastChunks.incrementAndGet();
                                                totals.set(t);
                                            })),
                            pool);
            assertThat(status.successCount()).isEqualTo(232);
            assertThat(status.failureCount()).isEqualTo(2);
            assertThat(status.failures())
                    .extracting(StatusDetail::id)
                    .containsExactlyInAnyOrder(oversized, invalid);
            assertThat(status.failures())
                    .filteredOn(d -> d.id().equals(oversized))
                    .singleElement()
                    .satisfies(d -> assertThat(d.message().orElseThrow()).contains("2000"));
            assertThat(lastChunks).hasValue(1);
            assertThat(totals.get()).isEqualTo(new Ingest.Totals(232, 0, 2));
            assertThat(stored(n, c, Optional.of(Tlp.GREEN)))
                    .as("marked by a definition that came after them")
                    .isEqualTo(230);
            assertThat(status.successes())
                    .anyMatch(
                            d ->
                                    d.message()
                                            .orElse("")
                                            .startsWith("stored as STIX 2.1, upgraded from STIX"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBodyThatCannotBeReadIsRefusedByTheScanBeforeAnythingIsParsed() throws Exception {
        try (Node n = PlainNode.fresh(Dialect.SQLITE)) {
            Payload.Bytes broken =
                    new Payload.Bytes(
                            ("{\"objects\":["
                                            + indicator("indicator--" + UUID.randomUUID(), "x", "")
                                            + ",{\"type\":\"indicator\",\"id\":1,\"id\":2}]}")
                                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(
                            () ->
                                    n.ingest()
                                            .scan(
                                                    broken,
                                                    Ingest.Shape.ENVELOPE,
                                                    OptionalInt.empty()))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("uplicate");
            Payload.Bytes bare =
                    new Payload.Bytes(
                            indicator("indicator--" + UUID.randomUUID(), "x", "")
                                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(
                            () -> n.ingest().scan(bare, Ingest.Shape.ENVELOPE, OptionalInt.empty()))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("not a single object");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aWriteThatFailsStopsTheParseAndReleasesItsThread(Dialect dialect) throws Exception {
        AtomicReference<Thread> parser = new AtomicReference<>();
        ExecutorService pool = onOneThread(parser);
        try (Node n = PlainNode.fresh(dialect)) {
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                objects.add(stix20Indicator(i));
            }
            Ingest ingest = PlainNode.ingest(n, 10);
            Ingest.Scanned scanned =
                    ingest.scan(envelope(objects), Ingest.Shape.ENVELOPE, OptionalInt.empty());
            Ingest.Listener failing =
                    new Ingest.Listener() {
                        @Override
                        public void chunkWritten(int objectsSoFar, int failuresSoFar) {
                            throw new IllegalStateException("the disk is full");
                        }
                    };
            assertThatThrownBy(
                            () ->
                                    ingest.add(
                                            c,
                                            "test",
                                            n.policy().operatorWrite(),
                                            scanned,
                                            failing,
                                            Ingest.Options.NONE,
                                            pool))
                    .hasMessageContaining("the disk is full");
            // the parser, blocked handing over a chunk nobody takes, was stopped: its thread
            // takes the next task
            assertThat(pool.submit(() -> "free").get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("free");
            assertThat(stored(n, c, Optional.empty()))
                    .as("the first chunk, written before the listener failed")
                    .isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }
}
