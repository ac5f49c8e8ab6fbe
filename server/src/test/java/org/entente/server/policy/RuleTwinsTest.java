package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.AgreementStatus;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Direction;
import org.entente.server.agreement.Onward;
import org.entente.server.collection.Area;
import org.entente.server.db.Database;
import org.entente.server.db.DatabaseSettings;
import org.entente.server.db.Dialect;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.store.Condition;
import org.entente.server.store.Labels;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Outgoing;
import org.entente.server.store.Visibility;
import org.entente.server.testing.Databases;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each rule of an area is written once with its SQL twin beside it; here both are asked about the
 * same random objects, on a real database of each kind, and must agree. The seed is printed; set
 * {@code -Dentente.seed=...} to replay a run.
 */
class RuleTwinsTest {
    private static final int OBJECTS = 300;
    private static final int RULES = 400;
    private static final List<String> ORGS = List.of("org-1", "org-2", "org-3");
    private static final List<String> AGREEMENTS = List.of("agr-1", "agr-2");
    private static final List<String> AREAS = List.of("information-exchange", "awareness");
    // cases, wildcards and separators that a naive LIKE or a case-sensitive compare gets wrong
    private static final List<String> LABELS =
            List.of(
                    "share",
                    "SHARE",
                    "Share",
                    "ok_1",
                    "okx1",
                    "internal",
                    "a|b",
                    "b",
                    "%",
                    "_",
                    "x\\y",
                    "ÉTÉ",
                    "été");
    private static final List<String> TYPES = List.of("indicator", "malware", "sighting", "report");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyRuleAgreesWithItsSqlTwin(Dialect dialect) throws Exception {
        long seed = Long.getLong("entente.seed", System.nanoTime());
        System.out.println(
                "RuleTwinsTest seed: " + seed + " (replay with -Dentente.seed=" + seed + ")");
        Random random = new Random(seed);
        try (Database db = open(dialect)) {
            List<ObjectFacts> objects = twins(db, random);
            for (int r = 0; r < RULES; r++) {
                Rule rule = rule(random);
                Condition.Params params = new Condition.Params();
                Condition sql = params.condition(rule.sql(params));
                Set<Integer> bySql =
                        new TreeSet<>(
                                db.jdbc()
                                        .sql("SELECT n FROM twins WHERE " + sql.sql())
                                        .params(sql.params())
                                        .query(Integer.class)
                                        .list());
                Set<Integer> byJava = new TreeSet<>();
                for (int n = 0; n < OBJECTS; n++) {
                    boolean passes = rule.refusal(objects.get(n)).isEmpty();
                    // the quick answer asked per row must be the worded one's
                    assertThat(rule.admits(objects.get(n)))
                            .as(
                                    "seed %d, rule %s, object %d: admits() against refusal()",
                                    seed, rule, n)
                            .isEqualTo(passes);
                    if (passes) {
                        byJava.add(n);
                    }
                }
                assertThat(bySql)
                        .as("seed %d, rule %s as %s", seed, rule, sql.sql())
                        .isEqualTo(byJava);
            }
        }
    }

    /** A fresh database of this kind. */
    private static Database open(Dialect dialect) throws Exception {
        String url = Databases.fresh(dialect);
        return Database.open(
                new DatabaseSettings(url, Databases.user(dialect), Databases.password(dialect), 2));
    }

    /** A table of {@link #OBJECTS} random objects, with the columns the rules read. */
    private static List<ObjectFacts> twins(Database db, Random random) {
        db.jdbc()
                .sql(
                        """
                        CREATE TABLE twins (n INTEGER NOT NULL PRIMARY KEY,
                          stix_type VARCHAR(250) NOT NULL, effective_tlp VARCHAR(16) NOT NULL,
                          origin_org VARCHAR(36), onward_org VARCHAR(36),
                          onward_agreement VARCHAR(36), onward_area VARCHAR(64),
                          confidence INTEGER, labels VARCHAR(4000), names_us SMALLINT NOT NULL,
                          lineage VARCHAR(36) NOT NULL, shadowed SMALLINT NOT NULL)
                        """)
                .update();
        List<ObjectFacts> objects = new ArrayList<>();
        for (int n = 0; n < OBJECTS; n++) {
            ObjectFacts o = facts(random);
            objects.add(o);
            db.jdbc()
                    .sql(
                            "INSERT INTO twins VALUES (:n, :type, :tlp, :origin, :onward,"
                                    + " :agreement, :area, :confidence, :labels, :namesUs,"
                                    + " :lineage, :shadowed)")
                    .param("n", n)
                    .param("type", o.type())
                    .param("tlp", o.tlp().name())
                    .param("origin", o.originOrg().orElse(null))
                    .param("onward", o.onward().map(ObjectFacts.Source::org).orElse(null))
                    .param("agreement", o.onward().map(ObjectFacts.Source::agreement).orElse(null))
                    .param("area", o.onward().map(ObjectFacts.Source::area).orElse(null))
                    .param(
                            "confidence",
                            o.confidence().isPresent() ? o.confidence().getAsInt() : null,
                            java.sql.Types.INTEGER)
                    .param("labels", Labels.stored(o.labels()))
                    .param("namesUs", o.namesUs())
                    .param("lineage", o.originOrg().orElse(""))
                    .param("shadowed", o.shadowed() ? 1 : 0)
                    .update();
        }
        return objects;
    }

    /**
     * A partner's scope is one SQL condition and one SQL expression naming, per row, the clause
     * that lets it go (ReadScope.Shared#clause): the store reads the clause there instead of asking
     * the Java rules again. Both must be the Java twin's: the rows it sees, and for each the first
     * clause that admits it, or "returned" for the partner's own.
     */
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theClauseChosenInSqlIsTheFirstThatAdmitsInJava(Dialect dialect) throws Exception {
        long seed = Long.getLong("entente.seed", System.nanoTime());
        System.out.println(
                "RuleTwinsTest clause seed: "
                        + seed
                        + " (replay with -Dentente.seed="
                        + seed
                        + ")");
        Random random = new Random(seed);
        try (Database db = open(dialect)) {
            List<ObjectFacts> objects = twins(db, random);
            for (int s = 0; s < SCOPES; s++) {
                Organisation recipient = organisation(pick(random, ORGS));
                // a rule every clause holds (as the onward rule does) is asked once, before them
                Optional<Rule> common =
                        random.nextBoolean() ? Optional.of(rule(random)) : Optional.empty();
                List<Clause> clauses = new ArrayList<>();
                int n = 1 + random.nextInt(5);
                for (int c = 0; c < n; c++) {
                    List<Rule> rules = new ArrayList<>();
                    common.ifPresent(rules::add);
                    for (int k = random.nextInt(3); k > 0; k--) {
                        rules.add(rule(random));
                    }
                    clauses.add(new Clause(agreement("agr-" + s + "-" + c), AREA, rules));
                }
                ReadScope.Shared scope = new ReadScope.Shared(recipient, clauses);
                Condition seen = ((Visibility.Where) scope.visibility()).condition();
                Condition which = scope.clause();
                Map<String, Object> params = new HashMap<>(seen.params());
                params.putAll(which.params());
                assertThat(params).hasSize(seen.params().size() + which.params().size());
                Map<Integer, Integer> bySql = new TreeMap<>();
                db.jdbc()
                        .sql("SELECT n, (" + which.sql() + ") FROM twins WHERE " + seen.sql())
                        .params(params)
                        .query(
                                (ResultSet rs) -> {
                                    bySql.put(rs.getInt(1), rs.getInt(2));
                                });
                Map<Integer, Integer> byJava = new TreeMap<>();
                for (int o = 0; o < OBJECTS; o++) {
                    ObjectFacts facts = objects.get(o);
                    if (scope.returned(facts)) {
                        byJava.put(o, Outgoing.RETURNED);
                    } else if (scope.sees(facts)) {
                        byJava.put(o, clauses.indexOf(scope.clauseFor(facts).orElseThrow()));
                    }
                }
                assertThat(bySql)
                        .as("seed %d, clauses %s, as %s", seed, clauses, which.sql())
                        .isEqualTo(byJava);
            }
        }
    }

    private static final int SCOPES = 150;

    private static final AreaRules AREA =
            AreaRules.simple(Area.INFORMATION_EXCHANGE, Direction.BOTH, Tlp.AMBER, Onward.NONE);

    private static Organisation organisation(String id) {
        return new Organisation(
                id,
                OrgKind.PARTNER,
                "Partner " + id,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                "identity--00000000-0000-4000-8000-000000000001",
                Instant.EPOCH);
    }

    private static Agreement agreement(String id) {
        return new Agreement(
                id,
                AgreementKind.MOC,
                "Agreement " + id,
                Optional.empty(),
                Instant.EPOCH,
                Optional.empty(),
                AgreementStatus.ACTIVE,
                Optional.empty(),
                ORGS,
                Map.of(Area.INFORMATION_EXCHANGE, AREA));
    }

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static <T> Set<T> some(Random r, List<T> from) {
        Set<T> out = new HashSet<>();
        for (T t : from) {
            if (r.nextInt(3) == 0) {
                out.add(t);
            }
        }
        return out;
    }

    private static Optional<ObjectFacts.Source> source(Random r) {
        return r.nextInt(3) == 0
                ? Optional.empty()
                : Optional.of(
                        new ObjectFacts.Source(pick(r, ORGS), pick(r, AGREEMENTS), pick(r, AREAS)));
    }

    private static ObjectFacts facts(Random r) {
        Tlp own = r.nextInt(4) == 0 ? null : pick(r, List.of(Tlp.values()));
        Optional<ObjectFacts.Source> origin = source(r);
        return new ObjectFacts(
                pick(r, TYPES),
                Optional.ofNullable(own),
                own != null ? own : pick(r, List.of(Tlp.values())),
                origin,
                r.nextBoolean() ? origin : source(r),
                r.nextInt(4) == 0 ? OptionalInt.empty() : OptionalInt.of(r.nextInt(101)),
                Labels.normalise(some(r, LABELS)),
                r.nextInt(5) == 0,
                r.nextInt(3));
    }

    private static Set<AreaRef> refs(Random r) {
        Set<AreaRef> out = new HashSet<>();
        for (String a : AGREEMENTS) {
            for (String area : AREAS) {
                if (r.nextInt(3) == 0) {
                    out.add(new AreaRef(a, area));
                }
            }
        }
        return out;
    }

    private static Rule rule(Random r) {
        switch (r.nextInt(8)) {
            case 0:
                return new Rule.Types(some(r, TYPES));
            case 1:
                return new Rule.MinConfidence(1 + r.nextInt(100));
            case 2:
                Set<String> any = some(r, LABELS);
                return new Rule.LabelsAny(any.isEmpty() ? Set.of(pick(r, LABELS)) : any);
            case 3:
                Set<String> none = some(r, LABELS);
                return new Rule.LabelsNone(none.isEmpty() ? Set.of(pick(r, LABELS)) : none);
            case 4:
                Set<Tlp> admitted = EnumSet.noneOf(Tlp.class);
                for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT)) {
                    if (r.nextBoolean()) {
                        admitted.add(t);
                    }
                }
                return new Rule.Ceiling(Tlp.AMBER_STRICT, admitted, r.nextBoolean());
            case 5:
                return new Rule.Onward(
                        pick(r, ORGS),
                        pick(r, List.of(OrgKind.PARTNER, OrgKind.CONSTITUENT)),
                        refs(r),
                        refs(r));
            case 6:
                return new Rule.Anonymous();
            default:
                return new Rule.SightingsOnly();
        }
    }
}
