package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.ledger.PageTesting.bytes;
import static org.entente.server.ledger.PageTesting.entriesAfter;
import static org.entente.server.ledger.PageTesting.forgedVersionIsFound;
import static org.entente.server.ledger.PageTesting.head;
import static org.entente.server.ledger.PageTesting.indicator;
import static org.entente.server.ledger.PageTesting.listedOncePerClause;
import static org.entente.server.ledger.PageTesting.partner;
import static org.entente.server.testing.Fixtures.envelope;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.ledger.PageTesting.Partner;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One ledger entry per clause per stored chunk of what another organisation sent (docs/adr/0025):
 * each lists every object version the chunk stored under that clause, under the same two hash
 * chains as a disclosed page, so that a receipt is counted, verified and exported version by
 * version as before, for a thousandth of the rows.
 */
class ReceivedPagesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The partner posts {@code n} indicators, every third AMBER, the rest GREEN. */
    private static Map<String, Tlp> send(TestNode node, Collection c, Partner p, int n) {
        Map<String, Tlp> sent = new HashMap<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "indicator--" + UUID.randomUUID();
            Tlp tlp = i % 3 == 0 ? Tlp.AMBER : Tlp.GREEN;
            sent.put(id, tlp);
            objects.add(indicator(id, tlp));
        }
        TaxiiClient.Response r =
                p.taxii().post(node.objectsPath(c), envelope(objects.toArray(String[]::new)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.json().get("success_count").intValue()).as(r.text()).isEqualTo(n);
        return sent;
    }

    @EachDatabase
    void aPartnersPostIsOneEntryPerClauseListingEveryVersionStored(TestNode node) {
        Collection c = node.newCollection();
        Partner p = partner(node, "both");
        Ledger ledger = node.node().ledger();
        long before = head(ledger);
        Map<String, Tlp> sent = send(node, c, p, 7);

        List<LedgerEntry> entries = entriesAfter(ledger, before);
        assertThat(entries).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        Set<String> listed = listedOncePerClause(entries, LedgerEntry.Kind.RECEIVED_PAGE, p, sent);
        assertThat(listed).isEqualTo(sent.keySet());
        VerifyResult all = ledger.verify();
        assertThat(all.intact()).as(all.problem().orElse("")).isTrue();
        VerifyResult org = ledger.verify(p.orgId());
        assertThat(org.intact()).as(org.problem().orElse("")).isTrue();

        // the report counts object versions, not entries
        List<ExchangeRow> rows =
                ledger.report(Optional.of(p.orgId()), OptionalLong.empty(), OptionalLong.empty());
        assertThat(rows.stream().mapToLong(r -> r.total().receivedObjects()).sum()).isEqualTo(7);
        assertThat(rows.stream().mapToLong(r -> r.total().receivedEntries()).sum()).isEqualTo(7);
        assertThat(rows.stream().mapToLong(r -> r.total().sentObjects()).sum()).isZero();
        assertThat(
                        rows.stream()
                                .mapToLong(
                                        r ->
                                                r.byTlp()
                                                        .getOrDefault(
                                                                Tlp.AMBER.label(),
                                                                ExchangeRow.Flow.NONE)
                                                        .receivedObjects())
                                .sum())
                .isEqualTo(3);
        assertThat(
                        rows.stream()
                                .mapToLong(r -> r.byType().get("indicator").receivedObjects())
                                .sum())
                .isEqualTo(7);

        // the object's page names the receipt of its version
        String amber =
                sent.entrySet().stream()
                        .filter(s -> s.getValue() == Tlp.AMBER)
                        .findFirst()
                        .orElseThrow()
                        .getKey();
        assertThat(ledger.naming(amber, 0, 10))
                .singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(LedgerEntry.Kind.RECEIVED_PAGE));

        // sending the same versions again stores nothing new and records nothing
        long after = head(ledger);
        List<String> again = new ArrayList<>();
        sent.forEach((id, tlp) -> again.add(indicator(id, tlp)));
        TaxiiClient.Response r =
                p.taxii().post(node.objectsPath(c), envelope(again.toArray(String[]::new)));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(head(ledger)).isEqualTo(after);
    }

    @EachDatabase
    void changingOneListedReceiptIsFoundByVerifyAndByThePartnersCheckOfItsExport(TestNode node)
            throws Exception {
        Collection c = node.newCollection();
        Partner p = partner(node, "both");
        Ledger ledger = node.node().ledger();
        long before = head(ledger);
        Map<String, Tlp> sent = send(node, c, p, 2);
        String b = sent.keySet().iterator().next();
        LedgerEntry page =
                entriesAfter(ledger, before).stream()
                        .filter(
                                e ->
                                        e.draft().listed().stream()
                                                .anyMatch(v -> v.objectId().equals(b)))
                        .findFirst()
                        .orElseThrow();

        // the partner's export holds the entry, and its own check passes
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ledger.export(p.orgId(), OptionalLong.empty(), OptionalLong.empty(), out);
        String file = out.toString(StandardCharsets.UTF_8);
        VerifyResult checked = ledger.verifyExport(bytes(file));
        assertThat(checked.intact()).as(checked.problem().orElse("")).isTrue();
        boolean exported = false;
        for (String line : file.split("\n")) {
            JsonNode n = JSON.readTree(line);
            if (n.has("kind") && n.get("kind").stringValue().equals("RECEIVED_PAGE")) {
                exported |=
                        PageListing.read(n.get("detail").stringValue()).stream()
                                .anyMatch(v -> v.objectId().equals(b));
            }
        }
        assertThat(exported).as("the export lists " + b + " in a RECEIVED_PAGE line").isTrue();

        // someone with write access says another version of b came
        forgedVersionIsFound(node, page, b, p.orgId());

        // and a copy of the export that says b came in another version does not pass
        String altered =
                file.replace(
                        "{\\\"id\\\":\\\""
                                + b
                                + "\\\",\\\"version\\\":\\\"2024-01-01T00:00:00.000Z",
                        "{\\\"id\\\":\\\""
                                + b
                                + "\\\",\\\"version\\\":\\\"2023-01-01T00:00:00.000Z");
        assertThat(altered).isNotEqualTo(file);
        VerifyResult forgedExport = ledger.verifyExport(bytes(altered));
        assertThat(forgedExport.intact()).isFalse();
        assertThat(forgedExport.problem().orElse("")).contains("changed");
    }
}
