package org.entente.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.Agreements;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Direction;
import org.entente.server.agreement.Onward;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Area;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.store.ObjectFacts;
import org.entente.server.testing.Databases;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy's words for what it keeps back (the demo prints them), and feedback: where our
 * sightings of a partner's objects go back to it, and that a sharing area asking for feedback takes
 * the partner's sightings and nothing else.
 */
class WithheldAndFeedbackTest {
    private static Node node;
    private static Collection threatIntel;

    @BeforeAll
    static void open() throws Exception {
        node =
                new Node(
                        NodeSettings.forDatabase(
                                Files.createTempDirectory("entente-withheld-"),
                                Databases.fresh(Dialect.SQLITE),
                                "",
                                ""),
                        Clock.systemUTC());
        NodeSetup.ensure(node);
        threatIntel = node.collections().find("api", "threat-intel").orElseThrow();
    }

    @AfterAll
    static void close() {
        node.close();
    }

    private static Organisation org(OrgKind kind) {
        Organisation o =
                Organisation.create(
                        kind,
                        kind.key() + " " + UUID.randomUUID(),
                        Optional.of("JP"),
                        List.of(),
                        Optional.empty());
        node.organisations().insert(o);
        return o;
    }

    private static NodePrincipal principal(Organisation o, Role role) {
        NodePrincipal p =
                new NodePrincipal(
                        UUID.randomUUID().toString(),
                        "p-" + UUID.randomUUID(),
                        EnumSet.of(role),
                        false,
                        o.orgId());
        node.principals().insert(p, System.currentTimeMillis() * 1000);
        return p;
    }

    private static Agreement agreement(Organisation with, AreaRules... areas) {
        return node.agreementUseCases()
                .create(
                        new Agreements.Draft(
                                AgreementKind.MOC,
                                "MOC " + UUID.randomUUID(),
                                Optional.empty(),
                                Instant.parse("2020-01-01T00:00:00Z"),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(with.id()),
                                List.of(areas)),
                        true,
                        node.principals().byName(NodeSetup.ADMIN).orElseThrow());
    }

    private static AreaRules rules(
            Direction d, Tlp ceiling, Onward onward, Set<String> types, boolean feedback) {
        return new AreaRules(
                Area.INFORMATION_EXCHANGE,
                d,
                ceiling,
                types,
                Set.of(),
                Set.of(),
                0,
                onward,
                feedback,
                false);
    }

    private static ObjectFacts ours(String type, Tlp tlp) {
        return new ObjectFacts(
                type,
                Optional.ofNullable(tlp),
                tlp == null ? threatIntel.defaultTlp() : tlp,
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                Set.of(),
                false,
                0);
    }

    private static ObjectFacts.Source source(Organisation from, Agreement a) {
        return new ObjectFacts.Source(from.id(), a.id(), Area.INFORMATION_EXCHANGE.key);
    }

    private static ObjectFacts received(String type, Tlp tlp, Organisation from, Agreement a) {
        return new ObjectFacts(
                type,
                Optional.of(tlp),
                tlp,
                Optional.of(source(from, a)),
                Optional.of(source(from, a)),
                OptionalInt.empty(),
                Set.of(),
                false,
                0);
    }

    /** Our sighting of an object {@code from} sent under {@code a}. */
    private static ObjectFacts ourSightingOf(Tlp tlp, Organisation from, Agreement a) {
        return new ObjectFacts(
                "sighting",
                Optional.of(tlp),
                tlp,
                Optional.empty(),
                Optional.of(source(from, a)),
                OptionalInt.empty(),
                Set.of(),
                false,
                0);
    }

    @Test
    void whatIsKeptBackFromAPartnerIsExplainedByTheRuleThatKeepsItBack() {
        Organisation partner = org(OrgKind.PARTNER);
        Organisation source = org(OrgKind.PARTNER);
        agreement(
                partner,
                rules(Direction.SHARE, Tlp.AMBER, Onward.NONE, Set.of("indicator"), false));
        Agreement from =
                agreement(
                        source, rules(Direction.RECEIVE, Tlp.AMBER, Onward.NONE, Set.of(), false));
        ReadScope.Shared scope =
                (ReadScope.Shared)
                        node.policy().read(principal(partner, Role.PARTNER), threatIntel);

        assertThat(scope.whyWithheld(ours("indicator", Tlp.GREEN))).isEmpty();
        assertThat(scope.whyWithheld(ours("indicator", Tlp.RED)).orElseThrow())
                .contains("TLP:RED is for named people only");
        assertThat(scope.whyWithheld(ours("indicator", Tlp.AMBER_STRICT)).orElseThrow())
                .contains("TLP:AMBER+STRICT is above this area's ceiling")
                .contains("TLP up to TLP:AMBER");
        assertThat(scope.whyWithheld(ours("indicator", null)).orElseThrow())
                .contains("(the collection's default)");
        assertThat(scope.whyWithheld(ours("malware", Tlp.CLEAR)).orElseThrow())
                .contains("type malware is not among this area's types [indicator]");
        assertThat(scope.whyWithheld(received("indicator", Tlp.AMBER, source, from)).orElseThrow())
                .contains("never to another partner agency");
        assertThat(scope.whyWithheld(received("indicator", Tlp.GREEN, source, from)).orElseThrow())
                .contains("does not let it go on to the community");
        assertThat(
                        scope.whyWithheld(received("indicator", Tlp.AMBER_STRICT, source, from))
                                .orElseThrow())
                .contains("goes to nobody outside our organisation");
    }

    @Test
    void aConstituentGetsAmberStrictOnlyUnderItsOwnSubscriptionAndIsToldSo() {
        Organisation constituent = org(OrgKind.CONSTITUENT);
        agreement(
                constituent,
                rules(Direction.SHARE, Tlp.AMBER_STRICT, Onward.NONE, Set.of(), false));
        ReadScope.Shared scope =
                (ReadScope.Shared)
                        node.policy().read(principal(constituent, Role.CONSTITUENT), threatIntel);
        assertThat(scope.whyWithheld(ours("indicator", Tlp.AMBER_STRICT)).orElseThrow())
                .contains("only under its own subscription");
    }

    @Test
    void aSharingAreaAskingForFeedbackTakesThePartnersSightingsAndNothingElse() {
        Organisation partner = org(OrgKind.PARTNER);
        agreement(partner, rules(Direction.SHARE, Tlp.AMBER, Onward.NONE, Set.of(), true));
        WriteScope.Receive scope =
                (WriteScope.Receive)
                        node.policy().write(principal(partner, Role.PARTNER), threatIntel);
        assertThat(
                        scope.admit(
                                ours("sighting", Tlp.GREEN),
                                "sighting--x",
                                Optional.empty(),
                                "{}".getBytes()))
                .isInstanceOf(WriteScope.Admission.Accepted.class);
        assertThat(
                        scope.admit(
                                ours("indicator", Tlp.GREEN),
                                "sighting--x",
                                Optional.empty(),
                                "{}".getBytes()))
                .isInstanceOfSatisfying(
                        WriteScope.Admission.Refused.class,
                        r -> assertThat(r.reason()).contains("only sightings come back"));
        assertThat(
                        scope.admit(
                                ours("sighting", Tlp.AMBER_STRICT),
                                "sighting--x",
                                Optional.empty(),
                                "{}".getBytes()))
                .isInstanceOf(WriteScope.Admission.Refused.class);

        // without feedback, a sharing area takes nothing
        Organisation other = org(OrgKind.PARTNER);
        agreement(other, rules(Direction.SHARE, Tlp.AMBER, Onward.NONE, Set.of(), false));
        assertThat(node.policy().write(principal(other, Role.PARTNER), threatIntel))
                .isInstanceOf(WriteScope.Nothing.class);
    }

    @Test
    void ourSightingsOfAPartnersObjectsGoBackWhereItsAreaAsksForFeedback() {
        Organisation partner = org(OrgKind.PARTNER);
        Organisation someoneElse = org(OrgKind.PARTNER);
        Agreement a =
                agreement(
                        partner, rules(Direction.RECEIVE, Tlp.AMBER, Onward.NONE, Set.of(), true));
        Agreement b =
                agreement(
                        someoneElse,
                        rules(Direction.RECEIVE, Tlp.AMBER, Onward.NONE, Set.of(), true));
        FeedbackScope scope =
                node.policy().feedback(principal(partner, Role.PARTNER), threatIntel).orElseThrow();
        assertThat(scope.clauseFor(ourSightingOf(Tlp.GREEN, partner, a))).isPresent();
        // not a sighting of its object, not ours, not a sighting, or above the area's ceiling:
        // stays
        assertThat(scope.clauseFor(ourSightingOf(Tlp.GREEN, someoneElse, b))).isEmpty();
        assertThat(scope.clauseFor(received("sighting", Tlp.GREEN, partner, a))).isEmpty();
        assertThat(scope.clauseFor(ours("sighting", Tlp.GREEN))).isEmpty();
        assertThat(scope.clauseFor(ourSightingOf(Tlp.AMBER_STRICT, partner, a))).isEmpty();

        // an area with no feedback gives no feedback scope
        Organisation silent = org(OrgKind.PARTNER);
        agreement(silent, rules(Direction.RECEIVE, Tlp.AMBER, Onward.NONE, Set.of(), false));
        assertThat(node.policy().feedback(principal(silent, Role.PARTNER), threatIntel)).isEmpty();
    }

    @Test
    void aSightingOurAgreementsShareAnywayGoesTheUsualWayNotAsFeedback() {
        Organisation partner = org(OrgKind.PARTNER);
        Agreement a =
                agreement(partner, rules(Direction.BOTH, Tlp.AMBER, Onward.NONE, Set.of(), true));
        FeedbackScope scope =
                node.policy().feedback(principal(partner, Role.PARTNER), threatIntel).orElseThrow();
        assertThat(scope.clauseFor(ourSightingOf(Tlp.GREEN, partner, a))).isEmpty();
    }
}
