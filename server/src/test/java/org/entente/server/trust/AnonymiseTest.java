package org.entente.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.server.testing.Fixtures.envelope;
import static org.entente.server.testing.Fixtures.ids;

import java.util.ArrayList;
import java.util.List;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import org.entente.server.trust.Parties.Party;
import org.entente.stix.Tlp;
import tools.jackson.databind.JsonNode;

/** No reference to the local identity leaves under an anonymising area (issue 8, item 4). */
class AnonymiseTest {
    private static final String V = "2024-01-01T00:00:00.000Z";

    private static String common(String type, String id) {
        return "\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\",\"created\":\"%s\",\"modified\":\"%s\"%s"
                .formatted(type, id, V, V, Stix.marking(Tlp.GREEN));
    }

    @EachDatabase
    void nothingThatGoesOutUnderAnAnonymisingAreaNamesUs(TestNode node) {
        Collection c = node.newCollection();
        Party p =
                Parties.party(
                        node,
                        "partner",
                        Parties.area("share", "amber", "none", "\"anonymise\":true"));
        String us = node.agency("test").localIdentity();
        String indicator = Stix.id("indicator");
        String sighting = Stix.id("sighting");
        String report = Stix.id("report");
        String relationship = Stix.id("relationship");
        String note = Stix.id("note");
        String location = Stix.id("location");
        List<String> objects =
                List.of(
                        "{"
                                + common("identity", us).replace(",\"modified\"", ",\"modified\"")
                                + ",\"name\":\"Us\",\"identity_class\":\"organization\"}",
                        Stix.indicator(
                                indicator,
                                V,
                                Stix.marking(Tlp.GREEN) + ",\"created_by_ref\":\"" + us + "\""),
                        "{" + common("location", location) + ",\"region\":\"south-eastern-asia\"}",
                        "{"
                                + common("sighting", sighting)
                                + ",\"created_by_ref\":\""
                                + us
                                + "\",\"sighting_of_ref\":\""
                                + indicator
                                + "\",\"where_sighted_refs\":[\""
                                + us
                                + "\",\""
                                + location
                                + "\"]}",
                        "{"
                                + common("report", report)
                                + ",\"name\":\"Weekly\",\"published\":\""
                                + V
                                + "\",\"object_refs\":[\""
                                + us
                                + "\",\""
                                + indicator
                                + "\"]}",
                        "{"
                                + common("relationship", relationship)
                                + ",\"relationship_type\":\"related-to\",\"source_ref\":\""
                                + indicator
                                + "\",\"target_ref\":\""
                                + us
                                + "\"}",
                        "{"
                                + common("note", note)
                                + ",\"content\":\"about us\",\"object_refs\":[\""
                                + us
                                + "\"]}");
        TaxiiClient.Response posted = node.admin().post(node.objectsPath(c), envelope(objects));
        assertThat(posted.json().get("success_count").intValue())
                .as(posted.text())
                .isEqualTo(objects.size());

        // what the partner reads, every way it can read it
        TaxiiClient.Response page = p.taxii().get(node.objectsPath(c));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).doesNotContain(us);
        List<String> ids = ids(page);
        assertThat(ids).containsExactlyInAnyOrder(indicator, location, sighting, report);
        JsonNode manifest =
                p.taxii().get("/taxii2/api/collections/" + c.id() + "/manifest/").json();
        List<String> listed = new ArrayList<>();
        manifest.get("objects").forEach(o -> listed.add(o.get("id").stringValue()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : List.of(us, relationship, note)) {
            assertThat(p.taxii().get(node.objectsPath(c) + id + "/").status()).isEqualTo(404);
            assertThat(p.taxii().get(node.objectsPath(c) + id + "/versions/").status())
                    .isEqualTo(404);
        }
        JsonNode report1 = p.taxii().get(node.objectsPath(c) + report + "/").json();
        assertThat(report1.toString()).doesNotContain(us).contains(indicator);
        JsonNode sighting1 = p.taxii().get(node.objectsPath(c) + sighting + "/").json();
        assertThat(sighting1.get("objects").get(0).has("where_sighted_refs")).isFalse();
        assertThat(sighting1.get("objects").get(0).has("created_by_ref")).isFalse();

        // the same objects go to a partner whose area does not anonymise, as they are
        Party open = Parties.party(node, "partner", Parties.area("share", "amber", "none"));
        TaxiiClient.Response all = open.taxii().get(node.objectsPath(c));
        assertThat(all.json().get("objects").size()).isEqualTo(objects.size());
        assertThat(all.text()).contains(us);
    }

    /**
     * A body is stored as it came, so our identity may be spelled in it with JSON escapes: it names
     * us all the same, and an anonymising area takes it out or withholds the object.
     */
    @EachDatabase
    void ourIdentitySpelledWithJsonEscapesIsStillUs(TestNode node) {
        Collection c = node.newCollection();
        Party p = anonymising(node);
        String us = node.agency("test").localIdentity();
        String escaped = us.replace("-", "\\u002d").replace("i", "\\u0069");
        String indicator = Stix.id("indicator");
        String relationship = Stix.id("relationship");
        List<String> objects = namingUs(escaped, indicator, relationship);
        TaxiiClient.Response posted = node.admin().post(node.objectsPath(c), envelope(objects));
        assertThat(posted.json().get("success_count").intValue())
                .as(posted.text())
                .isEqualTo(objects.size());
        // stored as it came: the escapes are in the body a partner would be sent
        assertThat(node.admin().get(node.objectsPath(c) + indicator + "/").text())
                .contains(escaped);

        TaxiiClient.Response page = p.taxii().get(node.objectsPath(c));
        assertThat(page.status()).isEqualTo(200);
        List<String> ids = ids(page);
        assertThat(ids).containsExactly(indicator);
        JsonNode sent = page.json().get("objects").get(0);
        assertThat(sent.has("created_by_ref")).as(sent.toString()).isFalse();
        assertThat(p.taxii().get(node.objectsPath(c) + relationship + "/").status()).isEqualTo(404);
    }

    /**
     * A node upgraded from a version that judged escaped bodies not to name us: migration V12 takes
     * each stored body holding such an escape as one that may, so that it is parsed on its way out.
     */
    @EachDatabase
    void escapedBodiesJudgedBeforeV12AreStrippedAfterIt(TestNode node) throws Exception {
        Collection c = node.newCollection();
        Party p = anonymising(node);
        String us = node.agency("test").localIdentity();
        String escaped = us.replace("-", "\\u002d");
        String indicator = Stix.id("indicator");
        String relationship = Stix.id("relationship");
        String accented = Stix.id("indicator");
        List<String> objects = new ArrayList<>(namingUs(escaped, indicator, relationship));
        objects.add(
                Stix.indicator(
                        accented,
                        V,
                        Stix.marking(Tlp.GREEN) + ",\"description\":\"caf\\u00e9, not us\""));
        node.admin().post(node.objectsPath(c), envelope(objects));
        // as an older version judged them
        var sql = node.node().database().jdbc();
        sql.sql("UPDATE objects SET names_us = 0").update();
        String v12;
        try (var in =
                getClass().getResourceAsStream("/db/migration/V12__names_us_escaped_bodies.sql")) {
            v12 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        sql.sql(v12.replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", "")).update();

        TaxiiClient.Response page = p.taxii().get(node.objectsPath(c));
        assertThat(page.status()).isEqualTo(200);
        List<String> ids = ids(page);
        assertThat(ids).containsExactlyInAnyOrder(indicator, accented);
        page.json()
                .get("objects")
                .forEach(o -> assertThat(o.has("created_by_ref")).as(o.toString()).isFalse());
        assertThat(page.text()).contains("caf\\u00e9, not us");
    }

    /** A partner whose one area anonymises. */
    private static Party anonymising(TestNode node) {
        return Parties.party(
                node, "partner", Parties.area("share", "amber", "none", "\"anonymise\":true"));
    }

    /**
     * An indicator created by {@code us} and a relationship from it to {@code us}, our identity
     * spelled as the caller gives it.
     */
    private static List<String> namingUs(String us, String indicator, String relationship) {
        return List.of(
                Stix.indicator(
                        indicator,
                        V,
                        Stix.marking(Tlp.GREEN) + ",\"created_by_ref\":\"" + us + "\""),
                "{"
                        + common("relationship", relationship)
                        + ",\"relationship_type\":\"related-to\",\"source_ref\":\""
                        + indicator
                        + "\",\"target_ref\":\""
                        + us
                        + "\"}");
    }
}
