package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which comparison of an observation expression the index files it under: the most selective one,
 * wherever it stands in the expression, so that an event proposes few candidates.
 */
class IndexPlanTest {

    private static IndexPlan.Plan plan(String comparison) {
        StixPattern p = StixPattern.parse("[" + comparison + "]");
        Program program = Program.compile(p, Limits.DEFAULT);
        return IndexPlan.plan(program.leaves[0]);
    }

    private static String filedUnder(String comparison) {
        IndexPlan.Plan plan = plan(comparison);
        assertThat(plan.anchors()).as(comparison).hasSize(1);
        IndexPlan.Anchor a = plan.anchors().get(0);
        if (a instanceof IndexPlan.Equal e) {
            return e.path() + " = " + e.key();
        }
        if (a instanceof IndexPlan.Block b) {
            return b.path() + " ISSUBSET " + b.net().canonical();
        }
        return a.toString();
    }

    @Test
    void aMispExportConjunctionIsFiledUnderTheAddressNotTheTypeWhicheverComesFirst() {
        String typeFirst =
                "network-traffic:dst_ref.type = 'ipv4-addr'"
                        + " AND network-traffic:dst_ref.value = '198.51.100.7'";
        String valueFirst =
                "network-traffic:dst_ref.value = '198.51.100.7'"
                        + " AND network-traffic:dst_ref.type = 'ipv4-addr'";
        assertThat(filedUnder(typeFirst)).isEqualTo("network-traffic:dst_ref.value = 198.51.100.7");
        assertThat(filedUnder(valueFirst))
                .isEqualTo("network-traffic:dst_ref.value = 198.51.100.7");
    }

    @Test
    void selectivityRanksValuesOverPortsOverEnumerationsOverScans() {
        // a value (address, hash, name) narrows far more than a port, a port more than a type or
        // a protocol, and any index entry more than evaluating every object of the type
        assertThat(
                        filedUnder(
                                "network-traffic:protocols[*] = 'tcp' AND network-traffic:dst_port = 4444"))
                .isEqualTo("network-traffic:dst_port = 4444");
        assertThat(
                        filedUnder(
                                "network-traffic:dst_port = 4444 AND network-traffic:dst_ref.value = '203.0.113.9'"))
                .isEqualTo("network-traffic:dst_ref.value = 203.0.113.9");
        assertThat(filedUnder("file:size > 10 AND file:mime_type = 'application/x-dosexec'"))
                .isEqualTo("file:mime_type = application/x-dosexec");
        assertThat(
                        filedUnder(
                                "file:mime_type = 'application/x-dosexec' AND file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e'"))
                .startsWith("file:hashes.");
        assertThat(
                        filedUnder(
                                "ipv4-addr:value ISSUBSET '10.0.0.0/8' AND ipv4-addr:value ISSUBSET '10.1.2.0/30'"))
                .isEqualTo("ipv4-addr:value ISSUBSET 10.1.2.0/30");
        assertThat(
                        filedUnder(
                                "url:value LIKE '%/wp-admin/x.php' AND url:value = 'http://a.example/wp-admin/x.php'"))
                .isEqualTo("url:value = http://a.example/wp-admin/x.php");
    }

    @Test
    void theRankOrdersKindsOfAnchor() {
        double value = plan("domain-name:value = 'evil.example'").selectivity();
        double port = plan("network-traffic:dst_port = 4444").selectivity();
        double type = plan("network-traffic:dst_ref.type = 'ipv4-addr'").selectivity();
        double wide = plan("ipv4-addr:value ISSUBSET '10.0.0.0/8'").selectivity();
        double narrow = plan("ipv4-addr:value ISSUBSET '10.0.0.0/30'").selectivity();
        double literal = plan("url:value LIKE '%/gate.php%'").selectivity();
        double scan = plan("file:size > 10").selectivity();
        assertThat(value).isLessThan(port);
        assertThat(port).isLessThan(type);
        assertThat(narrow).isLessThan(wide);
        assertThat(value).isLessThan(literal);
        assertThat(literal).isLessThan(scan);
        assertThat(type).isLessThan(scan);
        // an OR costs the sum of its branches
        double either =
                plan("domain-name:value = 'a.example' OR domain-name:value = 'b.example'")
                        .selectivity();
        assertThat(either).isGreaterThan(value);
    }

    @Test
    void fiveThousandMispShapedIndicatorsProposeOneCandidateForAnEvent() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        for (int i = 0; i < 5000; i++) {
            String address = "198.51." + (i / 250) + "." + (i % 250);
            m.add(
                    Indicator.of(
                            Fixtures.id(i + 1),
                            "[network-traffic:dst_ref.type = 'ipv4-addr'"
                                    + " AND network-traffic:dst_ref.value = '"
                                    + address
                                    + "']"));
        }
        Probe probe = m.newProbe();
        Observation obs =
                Fixtures.obs(
                        "{'type':'network-traffic','dst_ref':'1','dst_port':443}",
                        "{'type':'ipv4-addr','value':'198.51.3.7'}");
        Hits hits = probe.find(obs);
        assertThat(hits.leaves).hasSize(1);
        assertThat(probe.evaluated()).isLessThanOrEqualTo(1);
    }
}
