package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.entente.server.db.Dialect;
import org.entente.server.testing.Agency;
import org.entente.server.testing.Databases;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** Two nodes in this JVM over loopback HTTP, synced by hand: the exchange's logic, quickly. */
class InProcessExchangeTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void twoNodesExchangeWhatTheirAgreementsAllow(Dialect dialect) {
        try (TestNode sgNode =
                        TestNode.start(
                                dialect,
                                Databases.fresh(dialect),
                                "entente.federation.enabled=false",
                                "entente.organisation=CSA Singapore");
                TestNode jpNode =
                        TestNode.start(
                                dialect,
                                Databases.fresh(dialect),
                                "entente.federation.enabled=false",
                                "entente.organisation=NISC Japan")) {
            Agency sg = sgNode.agency("sg");
            Agency jp = jpNode.agency("jp");
            String area = Agency.area("information-exchange", "both", "amber", "none", true);
            sg.organisation("partner", "NISC Japan", "JP");
            sg.agreement("SG-JP MOC", "NISC Japan", area);
            String tokenAtSg = sg.token("nisc-node", "NISC Japan", "partner");
            jp.organisation("partner", "CSA Singapore", "SG");
            jp.agreement("JP-SG MOC", "CSA Singapore", area);
            jp.peer("sg", "CSA Singapore", sg.base(), tokenAtSg, Optional.empty(), true, true);

            String clear = Samples.id("indicator");
            String amber = Samples.id("indicator");
            sg.post(
                    "threat-intel",
                    List.of(
                            Samples.indicator(clear, "clear", Tlp.CLEAR),
                            Samples.indicator(Samples.id("indicator"), "green", Tlp.GREEN),
                            Samples.indicator(amber, "amber", Tlp.AMBER),
                            Samples.indicator(Samples.id("indicator"), "strict", Tlp.AMBER_STRICT),
                            Samples.indicator(Samples.id("indicator"), "red", Tlp.RED),
                            Samples.indicator(Samples.id("indicator"), "unmarked", null)));
            String mine = Samples.id("indicator");
            String sighting = Samples.id("sighting");
            jp.post(
                    "threat-intel",
                    List.of(
                            Samples.indicator(mine, "jp green", Tlp.GREEN),
                            Samples.sighting(sighting, amber, Tlp.AMBER, null, null)));

            JsonNode run = jp.sync("sg");
            assertThat(run.get("outcome").stringValue()).as(run.toString()).isEqualTo("OK");
            assertThat(jp.objects("threat-intel").stream().map(Samples::name))
                    .containsExactlyInAnyOrder("clear", "green", "amber", "jp green", "sighting");
            assertThat(sg.objects("threat-intel").stream().map(Samples::name))
                    .contains("jp green", "sighting");

            // a second run moves nothing: cursors hold
            JsonNode again = jp.sync("sg");
            assertThat(again.toString()).contains("\"stored\":0");
            JsonNode health = jp.health("sg");
            assertThat(health.get("objects_received").longValue()).isEqualTo(3);
            assertThat(health.get("objects_sent").longValue()).isEqualTo(2);
        }
    }
}
