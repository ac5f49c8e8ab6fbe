package org.entente.server.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.entente.server.localnode.TaxiiClient.Response;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;
import tools.jackson.databind.JsonNode;

class DiscoveryTest {
    @EachDatabase
    void discoveryNamesTheApiRootWithTaxiiMediaType(TestNode node) {
        Response r = node.anonymous().get("/taxii2/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue("application/taxii+json;version=2.1");
        assertThat(r.json().get("title").stringValue()).isNotBlank();
        assertThat(r.json().get("default").stringValue()).isEqualTo("/taxii2/api/");
        assertThat(r.json().get("api_roots").get(0).stringValue()).isEqualTo("/taxii2/api/");
    }

    @EachDatabase
    void apiRootAdvertisesVersionAndMaxContentLength(TestNode node) {
        Response r = node.admin().get("/taxii2/api/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("versions").get(0).stringValue())
                .isEqualTo("application/taxii+json;version=2.1");
        assertThat(r.json().get("max_content_length").longValue()).isEqualTo(4 * 1024 * 1024);
    }

    @EachDatabase
    void unknownApiRootIsNotFoundWithErrorResource(TestNode node) {
        Response r = node.admin().get("/taxii2/nope/");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("http_status").stringValue()).isEqualTo("404");
        assertThat(r.json().get("title").stringValue()).isEqualTo("Not found");
        assertThat(r.json().get("description").stringValue()).contains("nope");
    }

    @EachDatabase
    void theFiveAreaCollectionsExistFromTheFirstStart(TestNode node) {
        Response r = node.admin().get("/taxii2/api/collections/");
        assertThat(r.status()).isEqualTo(200);
        List<String> aliases = new ArrayList<>();
        for (JsonNode c : r.json().get("collections")) {
            c.optional("alias").ifPresent(a -> aliases.add(a.stringValue()));
            assertThat(c.get("can_read").booleanValue()).isTrue();
            assertThat(c.get("media_types").get(0).stringValue())
                    .isEqualTo("application/stix+json;version=2.1");
        }
        assertThat(aliases)
                .contains(
                        "threat-intel",
                        "advisories",
                        "best-practices",
                        "capacity-building",
                        "policy-dialogue");
    }

    @EachDatabase
    void collectionsAreListedInTheSameOrderEveryTime(TestNode node) {
        String first = node.admin().get("/taxii2/api/collections/").text();
        String second = node.admin().get("/taxii2/api/collections/").text();
        assertThat(second).isEqualTo(first);
    }

    @EachDatabase
    void collectionCanBeAddressedByIdOrAlias(TestNode node) {
        Response byAlias = node.admin().get("/taxii2/api/collections/threat-intel/");
        assertThat(byAlias.status()).isEqualTo(200);
        String id = byAlias.json().get("id").stringValue();
        Response byId = node.admin().get("/taxii2/api/collections/" + id + "/");
        assertThat(byId.json().get("alias").stringValue()).isEqualTo("threat-intel");
        assertThat(byId.json().get("can_write").booleanValue()).isTrue();
    }

    @EachDatabase
    void pathsWithoutTrailingSlashAreNotFoundWithAHint(TestNode node) {
        Response r = node.admin().get("/taxii2/api/collections");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("description").stringValue()).contains("end with '/'");
    }
}
