package org.entente.server.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.db.Dialect;
import org.entente.server.error.ApiException;
import org.entente.server.testing.Databases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Organisations}, the use cases the REST API and the CLI share, on the node's clock. */
class OrganisationsTest {
    private static final Instant T = Instant.parse("2026-03-04T05:06:07.089Z");

    @TempDir Path dir;

    private Node node(Dialect dialect) {
        Node node =
                new Node(
                        NodeSettings.forDatabase(
                                dir,
                                Databases.fresh(dialect),
                                Databases.user(dialect),
                                Databases.password(dialect)),
                        Clock.fixed(T, ZoneOffset.UTC));
        NodeSetup.ensure(node);
        return node;
    }

    private static Organisations.Details details(String name, String country) {
        return new Organisations.Details(
                name, Optional.of(country), List.of("government-national"), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anOrganisationIsRecordedAtTheNodesTimeWithItsIdentity(Dialect dialect) {
        try (Node node = node(dialect)) {
            Organisation o =
                    node.organisationUseCases()
                            .create(OrgKind.PARTNER, details("NISC Japan", "jp"));

            assertThat(o.created()).isEqualTo(T);
            assertThat(o.country()).contains("JP");
            Organisation stored = node.organisationUseCases().require("NISC Japan");
            assertThat(stored).isEqualTo(o);
            assertThat(stored.identity().get("created").stringValue())
                    .isEqualTo("2026-03-04T05:06:07.089Z");
            assertThat(node.organisationUseCases().local().created()).isEqualTo(T);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void namesAreUniqueAndTheLocalAgencyIsOnlyMadeBySetup(Dialect dialect) {
        try (Node node = node(dialect)) {
            Organisations use = node.organisationUseCases();
            use.create(OrgKind.PARTNER, details("NISC Japan", "JP"));
            Organisation krcert = use.create(OrgKind.PARTNER, details("KrCERT", "KR"));

            assertThatThrownBy(() -> use.create(OrgKind.CONSTITUENT, details("NISC Japan", "JP")))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("an organisation named 'NISC Japan' exists already");
            assertThatThrownBy(() -> use.update(krcert.id(), details("NISC Japan", "KR")))
                    .isInstanceOf(ApiException.class)
                    .hasMessage("an organisation named 'NISC Japan' exists already");
            assertThatThrownBy(() -> use.create(OrgKind.LOCAL, details("Another us", "SG")))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("the local agency exists already");
            assertThatThrownBy(() -> use.create(OrgKind.PARTNER, details("Bad", "Japan")))
                    .isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).kind())
                    .isEqualTo(ApiException.Kind.INVALID_INPUT);
            assertThat(use.list()).extracting(Organisation::name).doesNotContain("Bad");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void anUpdateKeepsKindIdentityAndCreationAndShowsAtOnce(Dialect dialect) {
        try (Node node = node(dialect)) {
            Organisations use = node.organisationUseCases();
            Organisation before = use.create(OrgKind.CONSTITUENT, details("Power Co", "SG"));
            // read once, so that the DAO's short memory holds the old details
            assertThat(node.organisations().byId(before.id())).contains(before);

            Organisation after =
                    use.update(
                            "Power Co",
                            new Organisations.Details(
                                    "Power Company",
                                    Optional.of("SG"),
                                    List.of("energy"),
                                    Optional.of("soc@power.example")));

            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.kind()).isEqualTo(OrgKind.CONSTITUENT);
            assertThat(after.identityId()).isEqualTo(before.identityId());
            assertThat(after.created()).isEqualTo(before.created());
            assertThat(node.organisations().byId(before.orgId())).contains(after);
        }
    }
}
