package org.entente.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/** What the tests of page entries (disclosed and received) share. */
final class PageTesting {
    private PageTesting() {}

    /** A partner under two agreements: GREEN and below by one, AMBER (and below) by the other. */
    record Partner(String orgId, String greenAgreement, String amberAgreement, TaxiiClient taxii) {}

    /**
     * A new partner organisation with its two agreements on {@code information-exchange} in {@code
     * direction} ({@code share}: we give; {@code both}: it may send to us too) and a token.
     */
    static Partner partner(TestNode node, String direction) {
        Agency agency = node.agency("test");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "partner " + tag;
        String orgId = agency.organisation("partner", name, "JP");
        String green =
                agency.agreement(
                        "green " + tag,
                        name,
                        Agency.area("information-exchange", direction, "green", "none", false));
        String amber =
                agency.agreement(
                        "amber " + tag,
                        name,
                        Agency.area("information-exchange", direction, "amber", "none", false));
        String token = agency.token("p-" + tag, name, "partner");
        return new Partner(orgId, green, amber, node.client("Bearer " + token));
    }

    /** One page a partner read, and the ledger entries appended while it was read. */
    record PageRead(JsonNode page, List<LedgerEntry> entries) {}

    /**
     * The partner reads the collection in pages of {@code limit}, following {@code next} while the
     * server says there is {@code more}; each page with its entries.
     */
    static List<PageRead> readAll(TestNode node, Collection c, Partner p, int limit) {
        Ledger ledger = node.node().ledger();
        List<PageRead> pages = new ArrayList<>();
        String next = null;
        do {
            long before = head(ledger);
            JsonNode page =
                    p.taxii()
                            .get(
                                    node.objectsPath(c)
                                            + "?limit="
                                            + limit
                                            + (next == null ? "" : "&next=" + next))
                            .json();
            pages.add(new PageRead(page, entriesAfter(ledger, before)));
            next = page.path("more").asBoolean(false) ? page.get("next").stringValue() : null;
        } while (next != null);
        return pages;
    }

    /** Page drafts of {@code kind} listing {@code versions}, by a made-up principal and clause. */
    static List<LedgerEntry.Draft> pages(LedgerEntry.Kind kind, List<DisclosedVersion> versions) {
        return LedgerEntry.Draft.pages(
                kind,
                1_793_000_000_000_000L,
                "p",
                "o",
                "a",
                "information-exchange",
                "rule",
                versions);
    }

    /** An indicator of version 2024-01-01T00:00:00.000Z marked {@code tlp}. */
    static String indicator(String id, Tlp tlp) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"page %s","pattern":"[ipv4-addr:value = '198.51.100.3']",\
                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",\
                "object_marking_refs":["%s"]}"""
                .formatted(id, id.substring(11, 19), tlp.markingId());
    }

    /**
     * Checks page entries of {@code kind} made for partner {@code p}: one per clause, no object
     * fields, each listed version of 2024-01-01 with the TLP {@code tlps} gives it, and AMBER ones
     * under the AMBER agreement only. Returns the ids listed, each listed once.
     */
    static Set<String> listedOncePerClause(
            List<LedgerEntry> entries, LedgerEntry.Kind kind, Partner p, Map<String, Tlp> tlps) {
        Set<String> agreements = new HashSet<>();
        Set<String> listed = new HashSet<>();
        for (LedgerEntry e : entries) {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.orgId()).isEqualTo(p.orgId());
            assertThat(e.draft().objectId()).isEmpty();
            assertThat(e.draft().area()).hasValue("information-exchange");
            assertThat(agreements.add(e.draft().agreementId().orElseThrow()))
                    .as("one entry per clause")
                    .isTrue();
            for (DisclosedVersion v : e.draft().listed()) {
                assertThat(listed.add(v.objectId())).isTrue();
                assertThat(v.version()).isEqualTo("2024-01-01T00:00:00.000Z");
                assertThat(v.type()).isEqualTo("indicator");
                assertThat(v.tlp()).isEqualTo(tlps.get(v.objectId()));
                if (v.tlp() == Tlp.AMBER) {
                    assertThat(e.draft().agreementId()).hasValue(p.amberAgreement());
                }
            }
        }
        return listed;
    }

    static List<LedgerEntry> entriesAfter(Ledger ledger, long seq) {
        List<LedgerEntry> out = new ArrayList<>();
        for (long s = seq + 1; ledger.entry(s).isPresent(); s++) {
            out.add(ledger.entry(s).get());
        }
        return out;
    }

    static long head(Ledger ledger) {
        return ledger.head().seq();
    }

    /**
     * Changes the version of {@code id} that {@code page} lists (2024-01-01 to 2023-01-01) behind
     * the ledger's back, checks that both chains break at that entry, and puts it back: the node is
     * shared by the whole run.
     */
    static void forgedVersionIsFound(TestNode node, LedgerEntry page, String id, String orgId) {
        Ledger ledger = node.node().ledger();
        assertThat(ledger.verify().intact()).isTrue();
        String detail = page.draft().detail().orElseThrow();
        String forged =
                detail.replace(
                        "{\"id\":\"" + id + "\",\"version\":\"2024-01-01T00:00:00.000Z\"",
                        "{\"id\":\"" + id + "\",\"version\":\"2023-01-01T00:00:00.000Z\"");
        assertThat(forged).isNotEqualTo(detail);
        setDetail(node, page.seq(), forged);
        try {
            VerifyResult all = ledger.verify();
            assertThat(all.intact()).isFalse();
            assertThat(all.firstBrokenSeq()).hasValue(page.seq());
            VerifyResult org = ledger.verify(orgId);
            assertThat(org.intact()).isFalse();
            assertThat(org.firstBrokenSeq()).hasValue(page.orgSeq());
        } finally {
            setDetail(node, page.seq(), detail);
        }
        assertThat(ledger.verify().intact()).isTrue();
    }

    /**
     * Writes the listing {@code detail} into entry {@code seq} behind the ledger's back, in the
     * form the entry is stored in: packed where it is (SQLite, docs/adr/0041), else as text.
     */
    static void setDetail(TestNode node, long seq, String detail) {
        var jdbc = node.node().database().jdbc();
        boolean packed =
                jdbc.sql("SELECT listing IS NOT NULL FROM ledger_entries WHERE seq = :s")
                        .param("s", seq)
                        .query(Boolean.class)
                        .single();
        if (packed) {
            jdbc.sql("UPDATE ledger_entries SET listing = :l WHERE seq = :s")
                    .param("l", PackedListing.pack(detail))
                    .param("s", seq)
                    .update();
            return;
        }
        jdbc.sql("UPDATE ledger_entries SET detail = :d WHERE seq = :s")
                .param("d", detail)
                .param("s", seq)
                .update();
    }

    static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
