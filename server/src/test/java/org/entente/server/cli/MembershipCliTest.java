package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.cli.CliRun.run;

import org.entente.server.db.Dialect;
import org.entente.server.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who a principal acts for, from the command line: {@code token create}, {@code principal} and
 * {@code org} follow the same rules as the REST API, on SQLite and PostgreSQL.
 */
class MembershipCliTest {
    /** A fresh database's URL for the CLI, which reads credentials from the URL in tests. */
    private static String database(Dialect dialect) {
        String url = Databases.fresh(dialect);
        return dialect == Dialect.POSTGRESQL ? url + "?user=postgres&password=postgres" : url;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void tokenCreateRefusesAPartnerRoleForTheLocalAgency(Dialect dialect) {
        String database = database(dialect);

        CliRun r =
                run(
                        "token",
                        "create",
                        "--name",
                        "stray-partner",
                        "--role",
                        "partner",
                        "--read",
                        "threat-intel",
                        "--database",
                        database);

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("ent_");
        assertThat(r.err()).contains("role partner does not fit a local organisation");
        assertThat(run("principal", "list", "--database", database).out())
                .doesNotContain("stray-partner");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void tokenCreateMakesAPartnersPrincipalUnderThePartnersOrganisation(Dialect dialect) {
        String database = database(dialect);
        assertThat(
                        run(
                                        "org",
                                        "add",
                                        "--kind",
                                        "partner",
                                        "--name",
                                        "NISC Japan",
                                        "--database",
                                        database)
                                .code())
                .isZero();

        CliRun r =
                run(
                        "token",
                        "create",
                        "--name",
                        "jp-node",
                        "--org",
                        "NISC Japan",
                        "--role",
                        "partner",
                        "--database",
                        database);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().trim()).startsWith("ent_");
        assertThat(run("principal", "list", "--database", database).out())
                .containsPattern("jp-node +NISC Japan +partner");
        CliRun granted =
                run(
                        "token",
                        "create",
                        "--name",
                        "jp-node-2",
                        "--org",
                        "NISC Japan",
                        "--role",
                        "partner",
                        "--read",
                        "threat-intel",
                        "--database",
                        database);
        assertThat(granted.code()).isEqualTo(1);
        assertThat(granted.err()).contains("comes from its agreements");
        assertThat(run("principal", "list", "--database", database).out())
                .doesNotContain("jp-node-2");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aTokenCreateThatFailsLeavesNoPrincipalBehind(Dialect dialect) {
        String database = database(dialect);

        CliRun r =
                run(
                        "token",
                        "create",
                        "--name",
                        "half-made",
                        "--read",
                        "no-such-collection",
                        "--database",
                        database);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no collection 'no-such-collection'");
        assertThat(run("principal", "list", "--database", database).out())
                .doesNotContain("half-made");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dialect.class)
    void aDisabledPrincipalsTokenStopsWorkingAndEnablingRestoresIt(Dialect dialect) {
        String database = database(dialect);
        String token =
                run("token", "create", "--name", "siem-2", "--database", database).out().trim();
        assertThat(token).startsWith("ent_");

        CliRun disabled = run("principal", "disable", "siem-2", "--database", database);

        assertThat(disabled.code()).as(disabled.err()).isZero();
        assertThat(run("principal", "list", "--database", database).out())
                .containsPattern("siem-2 .* disabled");
        CliRun enabled = run("principal", "enable", "siem-2", "--database", database);
        assertThat(enabled.code()).as(enabled.err()).isZero();
        assertThat(run("principal", "list", "--database", database).out())
                .doesNotContainPattern("siem-2 .* disabled");
    }
}
