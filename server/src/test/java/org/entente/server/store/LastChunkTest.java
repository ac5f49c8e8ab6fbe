package org.entente.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.entente.server.Node;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.ingest.Ingest;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.PlainNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What federation asks of the store: work that commits exactly with the last chunk of a request (a
 * pull cursor), a size limit per object, and that no other organisation makes versions of ours.
 */
class LastChunkTest {
    private static Node node(Dialect dialect) throws Exception {
        return PlainNode.fresh(dialect);
    }

    private static Ingest ingest(Node n, int chunkSize) {
        return PlainNode.ingest(n, chunkSize);
    }

    private static Payload envelope(List<String> objects) {
        return new Payload.Bytes(Fixtures.envelope(objects).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> indicators(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Fixtures.indicator(Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z"));
        }
        return out;
    }

    private static Collection collection(Node n) {
        return n.collections().find("api", "threat-intel").orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void workGivenForTheLastChunkCommitsWithItAndRollsItBackWhenItFails(Dialect dialect)
            throws Exception {
        try (Node n = node(dialect)) {
            Collection c = collection(n);
            Ingest ingest = ingest(n, 3);
            AtomicReference<Ingest.Totals> seen = new AtomicReference<>();
            PostStatus ok =
                    ingest.add(
                            c,
                            "test",
                            n.policy().operatorWrite(),
                            envelope(indicators(7)),
                            Ingest.Shape.ENVELOPE,
                            Ingest.Listener.NONE,
                            new Ingest.Options(OptionalInt.empty(), Optional.of(seen::set)));
            assertThat(ok.successCount()).isEqualTo(7);
            assertThat(seen.get()).isEqualTo(new Ingest.Totals(7, 0, 0));

            // 7 objects in chunks of 3: the first two chunks commit, the last rolls back with
            // the failing work
            long before = n.objects().count(c.id(), Visibility.all());
            assertThatThrownBy(
                            () ->
                                    ingest.add(
                                            c,
                                            "test",
                                            n.policy().operatorWrite(),
                                            envelope(indicators(7)),
                                            Ingest.Shape.ENVELOPE,
                                            Ingest.Listener.NONE,
                                            new Ingest.Options(
                                                    OptionalInt.empty(),
                                                    Optional.of(
                                                            t -> {
                                                                throw new IllegalStateException(
                                                                        "cursor moved");
                                                            }))))
                    .hasMessage("cursor moved");
            assertThat(n.objects().count(c.id(), Visibility.all())).isEqualTo(before + 6);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aFullLastChunkStillCarriesTheWorkAndAnEmptyEnvelopeRunsItAlone(Dialect dialect)
            throws Exception {
        try (Node n = node(dialect)) {
            Collection c = collection(n);
            Ingest ingest = ingest(n, 3);
            List<Ingest.Totals> calls = new ArrayList<>();
            long before = n.objects().count(c.id(), Visibility.all());
            assertThatThrownBy(
                            () ->
                                    ingest.add(
                                            c,
                                            "test",
                                            n.policy().operatorWrite(),
                                            envelope(indicators(6)),
                                            Ingest.Shape.ENVELOPE,
                                            Ingest.Listener.NONE,
                                            new Ingest.Options(
                                                    OptionalInt.empty(),
                                                    Optional.of(
                                                            t -> {
                                                                calls.add(t);
                                                                throw new IllegalStateException(
                                                                        "no");
                                                            }))))
                    .hasMessage("no");
            // six objects, chunks of three: the second chunk is the last and rolled back whole
            assertThat(n.objects().count(c.id(), Visibility.all())).isEqualTo(before + 3);
            assertThat(calls).containsExactly(new Ingest.Totals(6, 0, 0));

            calls.clear();
            ingest.add(
                    c,
                    "test",
                    n.policy().operatorWrite(),
                    envelope(List.of()),
                    Ingest.Shape.ENVELOPE,
                    Ingest.Listener.NONE,
                    new Ingest.Options(OptionalInt.empty(), Optional.of(calls::add)));
            assertThat(calls).containsExactly(new Ingest.Totals(0, 0, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anObjectOverTheSizeLimitIsRefusedAndTheRestGoesOn(Dialect dialect) throws Exception {
        try (Node n = node(dialect)) {
            Collection c = collection(n);
            String big =
                    Fixtures.indicator(Fixtures.newId("indicator"), "2024-01-01T00:00:00.000Z")
                            .replace(
                                    "\"name\":\"",
                                    "\"description\":\"" + "x".repeat(5000) + "\",\"name\":\"");
            List<String> objects = new ArrayList<>(indicators(2));
            objects.add(1, big);
            PostStatus s =
                    ingest(n, 1000)
                            .add(
                                    c,
                                    "test",
                                    n.policy().operatorWrite(),
                                    envelope(objects),
                                    Ingest.Shape.ENVELOPE,
                                    Ingest.Listener.NONE,
                                    new Ingest.Options(OptionalInt.of(4096), Optional.empty()));
            assertThat(s.successCount()).isEqualTo(2);
            assertThat(s.failures()).hasSize(1);
            assertThat(s.failures().get(0).message().orElseThrow())
                    .contains("more than the 4096 accepted here");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anotherOrganisationCannotVersionOurObjectButMayHandItBackUnchanged(Dialect dialect)
            throws Exception {
        try (Node n = node(dialect)) {
            Collection c = collection(n);
            Organisation partner =
                    Organisation.create(
                            OrgKind.PARTNER,
                            "Partner " + UUID.randomUUID(),
                            Optional.of("JP"),
                            List.of(),
                            Optional.empty());
            n.organisations().insert(partner);
            String id = Fixtures.newId("indicator");
            String ours = Fixtures.indicator(id, "2024-01-01T00:00:00.000Z");
            n.ingest()
                    .add(
                            c,
                            "test",
                            n.policy().operatorWrite(),
                            envelope(List.of(ours)),
                            Ingest.Shape.ENVELOPE,
                            Ingest.Listener.NONE);

            ObjectFacts.Source from = new ObjectFacts.Source(partner.id(), "a", "area");
            String newer = Fixtures.indicator(id, "2025-01-01T00:00:00.000Z");
            ChunkWriter writer = new ChunkWriter(n.objects());
            // a sender that can read our object is told it is ours, or that it is held
            List<StatusDetail> outcome =
                    n.database()
                            .inTransaction(
                                    () ->
                                            writer.write(
                                                    new ChunkWriter.Chunk(
                                                            c.id(),
                                                            c.defaultTlp(),
                                                            List.of(
                                                                    prepared(ours, from),
                                                                    prepared(newer, from)),
                                                            Visibility.all(),
                                                            System.currentTimeMillis() * 1000)));
            assertThat(outcome.get(0).isFailure()).isFalse();
            assertThat(outcome.get(0).message()).contains("already held: identical object");
            assertThat(outcome.get(1).isFailure()).isTrue();
            assertThat(outcome.get(1).message().orElseThrow())
                    .contains("only the organisation it came from makes versions of it");
            assertThat(n.objects().count(c.id(), Visibility.all())).isEqualTo(1);

            // one that cannot read it gets the answers of a free id, and its versions are kept
            // apart: what the collection's readers see of the id does not change
            List<StatusDetail> blind =
                    n.database()
                            .inTransaction(
                                    () ->
                                            writer.write(
                                                    new ChunkWriter.Chunk(
                                                            c.id(),
                                                            c.defaultTlp(),
                                                            List.of(
                                                                    prepared(ours, from),
                                                                    prepared(newer, from)),
                                                            Visibility.none(),
                                                            System.currentTimeMillis() * 1000)));
            assertThat(blind).allSatisfy(d -> assertThat(d.isFailure()).isFalse());
            assertThat(blind).allSatisfy(d -> assertThat(d.message()).isEmpty());
            var latest =
                    n.disclosures()
                            .operatorManifest(ObjectQuery.object(c.id(), id, VersionFilter.LAST));
            assertThat(latest.items()).hasSize(1);
            assertThat(latest.items().get(0).version()).isEqualTo("2024-01-01T00:00:00.000Z");
            assertThat(latest.items().get(0).facts().origin()).isEmpty();
            assertThat(n.objects().count(c.id(), Visibility.all())).isEqualTo(3);
        }
    }

    private static PreparedObject prepared(String json, ObjectFacts.Source from) {
        var node = org.entente.stix.StixJson.parse(json);
        return PreparedObject.of(
                        org.entente.stix.StixObject.of(node), json.getBytes(StandardCharsets.UTF_8))
                .receivedFrom(from, false);
    }
}
