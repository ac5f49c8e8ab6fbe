package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.AgreementStatus;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Direction;
import org.entente.server.agreement.Onward;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.store.ChunkWriter;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.PreparedObject;
import org.entente.server.store.Visibility;
import org.entente.server.testing.TestNode;
import org.entente.stix.PropertyCheck;
import org.entente.stix.StixJson;
import org.entente.stix.StixObject;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import tools.jackson.databind.JsonNode;

/**
 * The sharing rules of the brief, checked against the node: random organisations, agreements (every
 * status, dates around now, every rule) and objects (every TLP, 1.0 and 2.0 markings, object-level
 * and granular, unmarked; our own and received under every onward rule), and for every principal
 * and read path the objects the node returns must be exactly those a plainly written oracle of the
 * brief's table allows.
 *
 * <p>The oracle below is written from the brief, not from {@link Policy}: it shares no code with it
 * beyond the data types.
 */
class PolicyOracleTest {
    private static final Map<Dialect, TestNode> NODES = new EnumMap<>(Dialect.class);

    private static synchronized TestNode node(Dialect dialect) {
        return NODES.computeIfAbsent(dialect, TestNode::start);
    }

    @AfterAll
    static void stopNodes() {
        NODES.values().forEach(TestNode::close);
        NODES.clear();
    }

    // --- the world -------------------------------------------------------------------------

    record OrgSpec(OrgKind kind) {}

    record AreaSpec(
            Direction direction,
            Tlp ceiling,
            Set<String> types,
            Set<String> labelsAny,
            Set<String> labelsNone,
            int minConfidence,
            Onward onward) {}

    /** Dates relative to now, in hours; far from now so that no test runs across a boundary. */
    record AgreementSpec(
            AgreementKind kind,
            Set<Integer> parties,
            AgreementStatus status,
            int effectiveHours,
            Optional<Integer> expiryHours,
            Map<Area, AreaSpec> areas) {}

    /**
     * @param markings TLP marking ids, object-level
     * @param granular TLP marking ids as granular markings on the description
     * @param origin empty for our own; else (organisation index, agreement index, area)
     */
    record ObjectSpec(
            String type,
            List<String> markings,
            List<String> granular,
            Optional<Origin> origin,
            OptionalInt confidence,
            Set<String> labels,
            boolean secondVersion,
            List<String> secondMarkings) {}

    record Origin(int org, int agreement, Area area) {}

    record World(
            List<OrgSpec> orgs,
            List<AgreementSpec> agreements,
            Area collectionArea,
            Tlp collectionDefault,
            List<ObjectSpec> objects) {
        /** Parties and origins limited to the organisations that exist. */
        World normalised() {
            int n = orgs.size();
            List<AgreementSpec> as = new ArrayList<>();
            for (AgreementSpec a : agreements) {
                Set<Integer> parties = new TreeSet<>();
                a.parties().stream().filter(i -> i < n).forEach(parties::add);
                as.add(
                        new AgreementSpec(
                                a.kind(),
                                parties,
                                a.status(),
                                a.effectiveHours(),
                                a.expiryHours(),
                                a.areas()));
            }
            List<ObjectSpec> os = new ArrayList<>();
            for (ObjectSpec o : objects) {
                os.add(
                        new ObjectSpec(
                                o.type(),
                                o.markings(),
                                o.granular(),
                                o.origin()
                                        .map(
                                                f ->
                                                        new Origin(
                                                                Math.min(f.org(), n - 1),
                                                                f.agreement(),
                                                                f.area())),
                                o.confidence(),
                                o.labels(),
                                o.secondVersion(),
                                o.secondMarkings()));
            }
            return new World(orgs, as, collectionArea, collectionDefault, os);
        }
    }

    private static final List<String> TLP_IDS =
            List.of(
                    Tlp.CLEAR.markingId(),
                    Tlp.GREEN.markingId(),
                    Tlp.AMBER.markingId(),
                    Tlp.AMBER_STRICT.markingId(),
                    Tlp.RED.markingId(),
                    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
                    // a marking of no standard id whose meaning the node was never told: RED
                    "marking-definition--0d3c2f5e-7a51-4b41-9f3e-2a8f1c6b9e77");

    private static final List<String> LABELS = List.of("apt", "phishing", "internal", "shared");

    /**
     * Labels as objects carry them: the same words in other cases, and ones with the characters
     * SQL's LIKE reads as wildcards (a label matches by its words, whatever their case).
     */
    private static final List<String> OBJECT_LABELS =
            List.of(
                    "apt",
                    "APT",
                    "phishing",
                    "Phishing",
                    "internal",
                    "INTERNAL",
                    "shared",
                    "share_",
                    "shar%");

    private static final List<String> TYPES = List.of("indicator", "malware", "report");

    /**
     * Random worlds: one to four organisations, up to five agreements among them, a collection of
     * one area and default TLP, and one to twenty objects, each drawn as the comments say.
     */
    static Gen<World> worlds() {
        Gen<OrgSpec> org = of(OrgKind.PARTNER, OrgKind.CONSTITUENT).map(OrgSpec::new);
        Gen<List<OrgSpec>> orgs = SourceDSL.lists().of(org).ofSizeBetween(1, 4);
        Gen<Direction> direction =
                of(Direction.SHARE, Direction.BOTH, Direction.BOTH, Direction.RECEIVE);
        Gen<Tlp> ceiling = of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT);
        Gen<Set<String>> types = mostly(Set.of(), setOf(TYPES, 1, 2));
        Gen<Set<String>> labelsAny = mostly(Set.of(), setOf(LABELS, 1, 1));
        Gen<Set<String>> labelsNone = mostly(Set.of(), setOf(LABELS, 1, 1));
        Gen<Integer> minConfidence = mostly(0, of(50, 80));
        Gen<Onward> onward = Generate.enumValues(Onward.class);
        Gen<AreaSpec> area =
                in ->
                        new AreaSpec(
                                direction.generate(in),
                                ceiling.generate(in),
                                types.generate(in),
                                labelsAny.generate(in),
                                labelsNone.generate(in),
                                minConfidence.generate(in),
                                onward.generate(in));
        // the collection's area is chosen with the world: make agreements cover it often
        Gen<Set<Area>> areaKeys =
                setOf(
                        List.of(
                                Area.INFORMATION_EXCHANGE,
                                Area.INFORMATION_EXCHANGE,
                                Area.AWARENESS),
                        1,
                        2);
        Gen<Map<Area, AreaSpec>> areas =
                in -> {
                    Map<Area, AreaSpec> m = new EnumMap<>(Area.class);
                    for (Area key : areaKeys.generate(in)) {
                        m.put(key, area.generate(in));
                    }
                    return m;
                };
        Gen<AgreementKind> kind = Generate.enumValues(AgreementKind.class);
        Gen<Set<Integer>> parties = setOf(List.of(0, 1, 2), 1, 3);
        Gen<AgreementStatus> status =
                weighted(
                        Pair.of(7, AgreementStatus.ACTIVE),
                        Pair.of(1, AgreementStatus.DRAFT),
                        Pair.of(1, AgreementStatus.SUSPENDED),
                        Pair.of(1, AgreementStatus.TERMINATED));
        Gen<Integer> effectiveHours =
                weighted(Pair.of(6, -24 * 400), Pair.of(2, -48), Pair.of(1, 48));
        Gen<Optional<Integer>> expiryHours =
                optional(weighted(Pair.of(1, -24), Pair.of(2, 48), Pair.of(4, 24 * 400)), 70);
        Gen<AgreementSpec> agreement =
                in ->
                        new AgreementSpec(
                                kind.generate(in),
                                parties.generate(in),
                                status.generate(in),
                                effectiveHours.generate(in),
                                expiryHours.generate(in),
                                areas.generate(in));
        Gen<List<String>> markings =
                SourceDSL.lists().of(Generate.pick(TLP_IDS)).ofSizeBetween(0, 2);
        Gen<List<String>> granular =
                SourceDSL.lists().of(Generate.pick(TLP_IDS)).ofSizeBetween(0, 1);
        Gen<Optional<Origin>> origin =
                optional(
                        Generate.range(0, 3)
                                .zip(
                                        Generate.range(0, 4),
                                        of(Area.INFORMATION_EXCHANGE, Area.AWARENESS),
                                        Origin::new),
                        50);
        Gen<OptionalInt> confidence =
                optional(Generate.range(0, 100), 70)
                        .map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Gen<Set<String>> objectLabels = mostly(Set.of(), setOf(OBJECT_LABELS, 1, 2));
        Gen<Boolean> secondVersion = of(false, false, true);
        Gen<String> type = Generate.pick(TYPES);
        Gen<ObjectSpec> object =
                in ->
                        new ObjectSpec(
                                type.generate(in),
                                markings.generate(in),
                                granular.generate(in),
                                origin.generate(in),
                                confidence.generate(in),
                                objectLabels.generate(in),
                                secondVersion.generate(in),
                                markings.generate(in));
        Gen<List<AgreementSpec>> agreements = SourceDSL.lists().of(agreement).ofSizeBetween(0, 5);
        Gen<Area> collectionArea =
                of(Area.INFORMATION_EXCHANGE, Area.INFORMATION_EXCHANGE, Area.AWARENESS);
        Gen<Tlp> collectionDefault = of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT);
        Gen<List<ObjectSpec>> objects = SourceDSL.lists().of(object).ofSizeBetween(1, 20);
        return in ->
                new World(
                        orgs.generate(in),
                        agreements.generate(in),
                        collectionArea.generate(in),
                        collectionDefault.generate(in),
                        objects.generate(in));
    }

    /** One of the values, each as likely (repeat a value to make it likelier). */
    @SafeVarargs
    private static <T> Gen<T> of(T... values) {
        List<T> list = new ArrayList<>();
        for (T v : values) {
            list.add(v);
        }
        return Generate.pick(list);
    }

    /** One of the values, each with its weight. */
    @SafeVarargs
    private static <T> Gen<T> weighted(Pair<Integer, T>... values) {
        List<Pair<Integer, Gen<T>>> gens = new ArrayList<>();
        for (Pair<Integer, T> v : values) {
            gens.add(Pair.of(v._1, Generate.constant(v._2)));
        }
        return Generate.frequency(gens);
    }

    /** The usual value most of the time (three times in four), the others now and then. */
    private static <T> Gen<T> mostly(T usual, Gen<T> others) {
        return Generate.frequency(
                List.of(Pair.of(3, Generate.constant(usual)), Pair.of(1, others)));
    }

    /**
     * A value {@code percent} times in a hundred, else none (which is what a failure shrinks to).
     */
    private static <T> Gen<Optional<T>> optional(Gen<T> values, int percent) {
        Gen<Integer> roll = Generate.range(1, 100);
        return in ->
                roll.generate(in) > 100 - percent
                        ? Optional.of(values.generate(in))
                        : Optional.empty();
    }

    /**
     * Between {@code min} and {@code max} distinct values of {@code pool}, a value that appears
     * twice in it being twice as likely to be drawn.
     */
    private static <T> Gen<Set<T>> setOf(List<T> pool, int min, int max) {
        Gen<Integer> size = Generate.range(min, max);
        return in -> {
            int n = size.generate(in);
            List<T> left = new ArrayList<>(pool);
            Set<T> out = new LinkedHashSet<>();
            while (out.size() < n && !left.isEmpty()) {
                T drawn = left.get(Generate.range(0, left.size() - 1).generate(in));
                out.add(drawn);
                left.removeIf(drawn::equals);
            }
            return out;
        };
    }

    // --- the oracle ---------------------------------------------------------------------

    /** The most restrictive TLP among the object's markings, object-level and granular. */
    static Optional<Tlp> tlpOf(List<String> markings, List<String> granular) {
        List<String> all = new ArrayList<>(markings);
        all.addAll(granular);
        List<Tlp> order = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);
        Tlp worst = null;
        for (String id : all) {
            Tlp t =
                    switch (id.substring("marking-definition--".length())) {
                        case "94868c89-83c2-464b-929b-a1a8aa3c8487",
                                "613f2e26-407d-48c7-9eca-b8e91df99dc9" ->
                                Tlp.CLEAR;
                        case "bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
                                "34098fce-860f-48ae-8e50-ebd3cc5e41da" ->
                                Tlp.GREEN;
                        case "55d920b0-5e8b-4f79-9ee9-91f868d9b421",
                                "f88d31f6-486f-44da-b317-01333bde0b82" ->
                                Tlp.AMBER;
                        case "939a9414-2ddd-4d32-a0cd-375ea402b003" -> Tlp.AMBER_STRICT;
                        case "e828b379-4e03-4974-9ac4-e53a884c97c1",
                                "5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
                                "0d3c2f5e-7a51-4b41-9f3e-2a8f1c6b9e77" ->
                                Tlp.RED;
                        default -> throw new IllegalStateException(id);
                    };
            if (worst == null || order.indexOf(t) > order.indexOf(worst)) {
                worst = t;
            }
        }
        return Optional.ofNullable(worst);
    }

    /**
     * The TLP that governs a version: its own (or the collection's default), raised to that of the
     * later version when there is one: re-marking upwards withdraws what came before.
     */
    static Tlp effectiveTlp(World w, ObjectSpec o, List<String> markings) {
        Tlp own = tlpOf(markings, o.granular()).orElse(w.collectionDefault());
        if (!o.secondVersion() || markings == o.secondMarkings()) {
            return own;
        }
        Tlp later = tlpOf(o.secondMarkings(), o.granular()).orElse(w.collectionDefault());
        return later.ordinal() > own.ordinal() ? later : own;
    }

    private static Set<String> lowerCase(Set<String> labels) {
        Set<String> out = new HashSet<>();
        labels.forEach(l -> out.add(l.toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    static boolean inForce(AgreementSpec a) {
        boolean started = a.effectiveHours() < 0;
        boolean notExpired = a.expiryHours().map(h -> h > 0).orElse(true);
        return a.status() == AgreementStatus.ACTIVE && started && notExpired && valid(a);
    }

    /** Agreements whose dates are out of order are never recorded (the node refuses them). */
    static boolean valid(AgreementSpec a) {
        return !a.parties().isEmpty()
                && a.expiryHours().map(h -> h > a.effectiveHours()).orElse(true)
                && !(a.kind() == AgreementKind.SUBSCRIPTION && a.parties().size() != 1);
    }

    /** The brief's table, read plainly: may this object version go to this organisation? */
    static boolean allowed(World w, int recipient, ObjectSpec o, List<String> markings) {
        OrgKind kind = w.orgs().get(recipient).kind();
        // what an organisation sent us it may read back, every version, wherever it may read
        if (o.origin().isPresent() && o.origin().get().org() == recipient) {
            return canRead(w, recipient);
        }
        Tlp tlp = effectiveTlp(w, o, markings);
        if (tlp == Tlp.RED) {
            return false;
        }
        for (AgreementSpec a : w.agreements()) {
            if (!inForce(a) || !a.parties().contains(recipient) || recipient >= w.orgs().size()) {
                continue;
            }
            AreaSpec r = a.areas().get(w.collectionArea());
            if (r == null || r.direction() == Direction.RECEIVE) {
                continue;
            }
            if (!r.types().isEmpty() && !r.types().contains(o.type())) {
                continue;
            }
            if (r.minConfidence() > 0
                    && (o.confidence().isEmpty()
                            || o.confidence().getAsInt() < r.minConfidence())) {
                continue;
            }
            if (!r.labelsAny().isEmpty()
                    && r.labelsAny().stream().noneMatch(lowerCase(o.labels())::contains)) {
                continue;
            }
            if (r.labelsNone().stream().anyMatch(lowerCase(o.labels())::contains)) {
                continue;
            }
            boolean ceilingAdmits =
                    switch (r.ceiling()) {
                        case CLEAR -> tlp == Tlp.CLEAR;
                        case GREEN -> tlp == Tlp.CLEAR || tlp == Tlp.GREEN;
                        case AMBER -> tlp == Tlp.CLEAR || tlp == Tlp.GREEN || tlp == Tlp.AMBER;
                        case AMBER_STRICT -> tlp != Tlp.RED;
                        case RED -> false;
                    };
            if (!ceilingAdmits) {
                continue;
            }
            if (o.origin().isEmpty()) {
                if (tlp == Tlp.AMBER_STRICT
                        && kind == OrgKind.CONSTITUENT
                        && a.kind() != AgreementKind.SUBSCRIPTION) {
                    continue;
                }
                return true;
            }
            // received from another organisation: the originating agreement's onward rule
            Origin from = o.origin().get();
            Onward onward = null;
            if (from.agreement() < w.agreements().size()) {
                AgreementSpec originating = w.agreements().get(from.agreement());
                AreaSpec originArea = originating.areas().get(from.area());
                onward = inForce(originating) && originArea != null ? originArea.onward() : null;
            }
            if (tlp == Tlp.CLEAR) {
                return true;
            }
            if (tlp == Tlp.GREEN
                    && (onward == Onward.COMMUNITY
                            || (kind == OrgKind.CONSTITUENT && onward == Onward.CONSTITUENTS))) {
                // what may go on to constituents at AMBER may at GREEN too
                return true;
            }
            if (tlp == Tlp.AMBER
                    && kind == OrgKind.CONSTITUENT
                    && (onward == Onward.CONSTITUENTS || onward == Onward.COMMUNITY)) {
                return true;
            }
        }
        return false;
    }

    // --- the property -----------------------------------------------------------------------

    @Test
    void everyReadPathOfEveryPrincipalReturnsExactlyWhatTheRulesAllowOnSqlite() {
        PropertyCheck check =
                PropertyCheck.named(
                        "everyReadPathOfEveryPrincipalReturnsExactlyWhatTheRulesAllowOnSqlite");
        check.forAll(120, worlds(), world -> check(check, node(Dialect.SQLITE), world));
    }

    @Test
    void everyReadPathOfEveryPrincipalReturnsExactlyWhatTheRulesAllowOnPostgresql() {
        PropertyCheck check =
                PropertyCheck.named(
                        "everyReadPathOfEveryPrincipalReturnsExactlyWhatTheRulesAllowOnPostgresql");
        check.forAll(60, worlds(), world -> check(check, node(Dialect.POSTGRESQL), world));
    }

    private static void check(PropertyCheck check, TestNode node, World generated) {
        World w = generated.normalised();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long micros = now.getEpochSecond() * 1_000_000L;
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // organisations, each with a principal and a token
        List<Organisation> orgs = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < w.orgs().size(); i++) {
            Organisation o =
                    Organisation.create(
                            w.orgs().get(i).kind(),
                            "org-" + tag + "-" + i,
                            Optional.empty(),
                            List.of(),
                            Optional.empty());
            node.node().organisations().insert(o);
            orgs.add(o);
            NodePrincipal p =
                    new NodePrincipal(
                            UUID.randomUUID().toString(),
                            "p-" + tag + "-" + i,
                            Set.of(o.kind() == OrgKind.PARTNER ? Role.PARTNER : Role.CONSTITUENT),
                            false,
                            o.orgId());
            node.node().principals().insert(p, micros);
            tokens.add(node.node().tokens().issue(p.id(), "oracle", Optional.empty()));
        }
        // agreements (those the node would refuse are not recorded)
        List<String> agreementIds = new ArrayList<>();
        for (AgreementSpec a : w.agreements()) {
            String id = UUID.randomUUID().toString();
            agreementIds.add(id);
            List<String> parties =
                    a.parties().stream()
                            .filter(i -> i < orgs.size())
                            .map(i -> orgs.get(i).id())
                            .toList();
            if (!valid(a)
                    || parties.isEmpty()
                    || (a.kind() == AgreementKind.SUBSCRIPTION && parties.size() != 1)) {
                continue;
            }
            Map<Area, AreaRules> areas = new EnumMap<>(Area.class);
            a.areas()
                    .forEach(
                            (area, r) ->
                                    areas.put(
                                            area,
                                            new AreaRules(
                                                    area,
                                                    r.direction(),
                                                    r.ceiling(),
                                                    r.types(),
                                                    r.labelsAny(),
                                                    r.labelsNone(),
                                                    r.minConfidence(),
                                                    r.onward(),
                                                    false,
                                                    false)));
            Agreement agreement =
                    new Agreement(
                            id,
                            a.kind(),
                            "oracle " + tag,
                            Optional.empty(),
                            now.plus(Duration.ofHours(a.effectiveHours())),
                            a.expiryHours().map(h -> now.plus(Duration.ofHours(h))),
                            a.status(),
                            Optional.empty(),
                            parties,
                            areas);
            node.node()
                    .database()
                    .inTransaction(() -> node.node().agreements().save(agreement, micros));
        }
        // a collection of its own, and the objects
        Collection c =
                new Collection(
                        UUID.randomUUID().toString(),
                        "api",
                        Optional.of("oracle-" + tag),
                        "oracle",
                        Optional.empty(),
                        w.collectionArea().key,
                        w.collectionDefault());
        node.node().collections().insert(c, micros);
        List<PreparedObject> prepared = new ArrayList<>();
        Map<String, ObjectSpec> specs = new HashMap<>();
        for (ObjectSpec o : w.objects()) {
            String id = o.type() + "--" + UUID.randomUUID();
            specs.put(id, o);
            prepared.add(
                    prepare(
                            o,
                            id,
                            "2024-01-01T00:00:00.000Z",
                            o.markings(),
                            w,
                            orgs,
                            agreementIds));
            if (o.secondVersion()) {
                prepared.add(
                        prepare(
                                o,
                                id,
                                "2024-06-01T00:00:00.000Z",
                                o.secondMarkings(),
                                w,
                                orgs,
                                agreementIds));
            }
        }
        node.node()
                .database()
                .inTransaction(
                        () ->
                                new ChunkWriter(node.node().objects())
                                        .write(
                                                new ChunkWriter.Chunk(
                                                        c.id(),
                                                        c.defaultTlp(),
                                                        prepared,
                                                        Visibility.all(),
                                                        micros)));

        String base = "/taxii2/api/collections/" + c.id() + "/";
        for (int r = 0; r < orgs.size(); r++) {
            TaxiiClient client = node.client("Bearer " + tokens.get(r));
            // expected: the latest version of each object (default), and every version (all)
            Set<String> latest = new TreeSet<>();
            Set<String> all = new TreeSet<>();
            for (Map.Entry<String, ObjectSpec> e : specs.entrySet()) {
                ObjectSpec o = e.getValue();
                if (allowed(w, r, o, o.markings())) {
                    all.add(e.getKey() + "@2024-01-01T00:00:00.000Z");
                    if (!o.secondVersion()) {
                        latest.add(e.getKey() + "@2024-01-01T00:00:00.000Z");
                    }
                }
                if (o.secondVersion() && allowed(w, r, o, o.secondMarkings())) {
                    all.add(e.getKey() + "@2024-06-01T00:00:00.000Z");
                    latest.add(e.getKey() + "@2024-06-01T00:00:00.000Z");
                }
            }
            boolean sees = !latest.isEmpty() || !all.isEmpty() || canRead(w, r);
            check.collect(
                    "recipient reads",
                    canRead(w, r)
                            ? (all.isEmpty() ? "opened, nothing allowed" : "opened, some allowed")
                            : "closed");
            TaxiiClient.Response objects = client.get(base + "objects/?limit=1000");
            if (!canRead(w, r)) {
                assertThat(objects.status()).as("no clause opens the collection").isIn(403, 404);
                assertThat(all).isEmpty();
                continue;
            }
            assertThat(sees).isTrue();
            assertThat(objects.status()).as(objects.text()).isEqualTo(200);
            assertThat(versions(objects.json().get("objects"), "modified"))
                    .as("objects, latest versions")
                    .isEqualTo(latest);
            TaxiiClient.Response everything =
                    client.get(base + "objects/?limit=1000&" + q("match[version]") + "=all");
            assertThat(versions(everything.json().get("objects"), "modified"))
                    .as("objects, all versions")
                    .isEqualTo(all);
            TaxiiClient.Response manifest =
                    client.get(base + "manifest/?limit=1000&" + q("match[version]") + "=all");
            assertThat(versions(manifest.json().get("objects"), "version"))
                    .as("manifest")
                    .isEqualTo(all);
            for (String id : specs.keySet()) {
                Set<String> expected = new TreeSet<>();
                all.stream().filter(v -> v.startsWith(id + "@")).forEach(expected::add);
                TaxiiClient.Response one =
                        client.get(base + "objects/" + id + "/?" + q("match[version]") + "=all");
                if (expected.isEmpty()) {
                    assertThat(one.status()).as("object " + id).isEqualTo(404);
                } else {
                    assertThat(versions(one.json().get("objects"), "modified"))
                            .as("object " + id)
                            .isEqualTo(expected);
                    TaxiiClient.Response listed = client.get(base + "objects/" + id + "/versions/");
                    Set<String> listedVersions = new TreeSet<>();
                    listed.json()
                            .get("versions")
                            .forEach(v -> listedVersions.add(id + "@" + v.stringValue()));
                    assertThat(listedVersions).as("versions of " + id).isEqualTo(expected);
                }
            }
            // the brief's invariants, spelled out
            for (String v : all) {
                ObjectSpec o = specs.get(v.substring(0, v.indexOf('@')));
                List<String> markings =
                        v.endsWith("2024-06-01T00:00:00.000Z") ? o.secondMarkings() : o.markings();
                if (o.origin().isPresent() && o.origin().get().org() == r) {
                    continue; // its own, handed back: nothing of ours goes out
                }
                Tlp tlp = effectiveTlp(w, o, markings);
                assertThat(tlp).as("RED never leaves").isNotEqualTo(Tlp.RED);
                if (tlp == Tlp.AMBER_STRICT) {
                    // a constituent only where its own subscription names AMBER+STRICT (brief)
                    if (w.orgs().get(r).kind() == OrgKind.CONSTITUENT) {
                        assertThat(subscribedToStrict(w, r))
                                .as("AMBER+STRICT reaches a constituent only by its subscription")
                                .isTrue();
                    } else {
                        assertThat(w.orgs().get(r).kind()).isEqualTo(OrgKind.PARTNER);
                    }
                    assertThat(o.origin()).as("received AMBER+STRICT stays with us").isEmpty();
                }
            }
        }
    }

    /**
     * Whether a subscription in force of this constituent shares the collection at AMBER+STRICT.
     */
    private static boolean subscribedToStrict(World w, int r) {
        return w.agreements().stream()
                .anyMatch(
                        a ->
                                inForce(a)
                                        && a.kind() == AgreementKind.SUBSCRIPTION
                                        && a.parties().contains(r)
                                        && a.areas().containsKey(w.collectionArea())
                                        && a.areas().get(w.collectionArea()).direction()
                                                != Direction.RECEIVE
                                        && a.areas().get(w.collectionArea()).ceiling()
                                                == Tlp.AMBER_STRICT);
    }

    /** Whether some clause in force opens the collection to the organisation for reading. */
    private static boolean canRead(World w, int r) {
        return w.agreements().stream()
                .anyMatch(
                        a ->
                                inForce(a)
                                        && a.parties().contains(r)
                                        && a.areas().containsKey(w.collectionArea())
                                        && a.areas().get(w.collectionArea()).direction()
                                                != Direction.RECEIVE);
    }

    private static PreparedObject prepare(
            ObjectSpec o,
            String id,
            String modified,
            List<String> markings,
            World w,
            List<Organisation> orgs,
            List<String> agreementIds) {
        StringBuilder json =
                new StringBuilder(
                        "{\"type\":\""
                                + o.type()
                                + "\",\"spec_version\":\"2.1\",\"id\":\""
                                + id
                                + "\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\""
                                + modified
                                + "\",\"description\":\"d\"");
        switch (o.type()) {
            case "indicator" ->
                    json.append(
                            ",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"");
            case "malware" -> json.append(",\"name\":\"m\",\"is_family\":false");
            default ->
                    json.append(
                            ",\"name\":\"r\",\"published\":\"2024-01-01T00:00:00Z\",\"object_refs\":[\""
                                    + id
                                    + "\"]");
        }
        if (!markings.isEmpty()) {
            json.append(",\"object_marking_refs\":[\"")
                    .append(String.join("\",\"", new TreeSet<>(markings)))
                    .append("\"]");
        }
        if (!o.granular().isEmpty()) {
            json.append(
                            ",\"granular_markings\":[{\"selectors\":[\"description\"],\"marking_ref\":\"")
                    .append(o.granular().get(0))
                    .append("\"}]");
        }
        if (o.confidence().isPresent()) {
            json.append(",\"confidence\":").append(o.confidence().getAsInt());
        }
        if (!o.labels().isEmpty()) {
            json.append(",\"labels\":[\"")
                    .append(String.join("\",\"", new TreeSet<>(o.labels())))
                    .append("\"]");
        }
        json.append('}');
        JsonNode node = StixJson.parse(json.toString());
        PreparedObject p =
                PreparedObject.of(
                        StixObject.of(node), json.toString().getBytes(StandardCharsets.UTF_8));
        if (o.origin().isEmpty()) {
            return p;
        }
        Origin from = o.origin().get();
        int org = Math.min(from.org(), orgs.size() - 1);
        String agreement =
                from.agreement() < agreementIds.size()
                        ? agreementIds.get(from.agreement())
                        : UUID.randomUUID().toString();
        return p.receivedFrom(
                new ObjectFacts.Source(orgs.get(org).id(), agreement, from.area().key), false);
    }

    private static Set<String> versions(JsonNode objects, String versionField) {
        Set<String> out = new TreeSet<>();
        if (objects != null) {
            objects.forEach(
                    o ->
                            out.add(
                                    o.get("id").stringValue()
                                            + "@"
                                            + o.get(versionField).stringValue()));
        }
        return out;
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
