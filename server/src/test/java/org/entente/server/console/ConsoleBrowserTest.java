package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.Agency;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.Slow;
import org.entente.server.testing.TestNode;
import org.entente.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page each role reaches, in a real headless Chromium (issue 11's proof): the objects a page
 * shows are ones the same person's TAXII read gives them, nothing on any page breaks the
 * Content-Security-Policy or axe-core's serious and critical accessibility rules, and the main
 * pages are saved as screenshots for docs/ ({@code bench/screenshots.sh}).
 *
 * <p>Objects are recognised by a name made for this test; another test's objects on the shared node
 * are not this test's to judge.
 */
@Slow
class ConsoleBrowserTest {
    /** The objects of one test: each name, and the collection it is in. */
    private record World(Collection a, Collection b, Map<String, String> names, String probe) {}

    private static String named(String type, String name, Tlp tlp, String extra) {
        String id = Fixtures.newId(type);
        String body =
                switch (type) {
                    case "indicator" ->
                            "\"pattern\":\"[ipv4-addr:value = '203.0.113.9']\","
                                    + "\"pattern_type\":\"stix\","
                                    + "\"valid_from\":\"2024-01-01T00:00:00Z\",";
                    case "malware" -> "\"is_family\":false,";
                    default -> "";
                };
        return """
                {"type":"%s","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "name":"%s",%s%s"object_marking_refs":["%s"]}"""
                .formatted(type, id, name, body, extra, tlp.markingId());
    }

    private static String idOf(String object) {
        int start = object.indexOf("\"id\":\"") + 6;
        return object.substring(start, object.indexOf('"', start));
    }

    /**
     * Two collections with an object of every TLP each, and in the first a relationship from an
     * indicator to a malware of the second: its page must not name the malware to someone who reads
     * only the first.
     */
    private static World world(TestNode node) {
        Collection a = node.newCollection();
        Collection b = node.newCollection();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> names = new HashMap<>();
        List<String> inA = new ArrayList<>();
        List<String> inB = new ArrayList<>();
        for (Tlp tlp : Tlp.values()) {
            String nameA = "seen-a-" + tlp.name().toLowerCase() + "-" + tag;
            String nameB = "seen-b-" + tlp.name().toLowerCase() + "-" + tag;
            inA.add(named("indicator", nameA, tlp, ""));
            inB.add(named("indicator", nameB, tlp, ""));
            names.put(nameA, a.id());
            names.put(nameB, b.id());
        }
        String malware = named("malware", "seen-b-malware-" + tag, Tlp.GREEN, "");
        inB.add(malware);
        names.put("seen-b-malware-" + tag, b.id());
        String probe = named("indicator", "seen-a-probe-" + tag, Tlp.GREEN, "");
        names.put("seen-a-probe-" + tag, a.id());
        String relation =
                """
                {"type":"relationship","spec_version":"2.1","id":"%s",\
                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                "relationship_type":"indicates","source_ref":"%s","target_ref":"%s",\
                "object_marking_refs":["%s"]}"""
                        .formatted(
                                Fixtures.newId("relationship"),
                                idOf(probe),
                                idOf(malware),
                                Tlp.GREEN.markingId());
        inA.add(probe);
        inA.add(relation);
        Agency local = node.agency("local");
        local.post(b.id(), inB);
        local.post(a.id(), inA);
        String partner = "CERT-" + tag;
        local.organisation("partner", partner, "JP");
        local.agreement(
                "MOC " + tag,
                partner,
                Agency.area("information-exchange", "both", "amber", "none", false));
        IntelligenceTest.indexed(node);
        return new World(a, b, names, idOf(probe));
    }

    /** A constituent with a subscription up to TLP:GREEN, and one of its people. */
    private static String constituent(TestNode node) {
        Agency local = node.agency("local");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String org = local.organisation("constituent", "Utility " + tag, "JP");
        local.api(
                "POST",
                "/api/v1/agreements",
                "{\"kind\":\"subscription\",\"title\":\"Sub "
                        + tag
                        + "\",\"effective_from\":\"2020-01-01\",\"parties\":[\""
                        + org
                        + "\"],\"areas\":[{\"area\":\"information-exchange\","
                        + "\"direction\":\"share\",\"tlp_ceiling\":\"green\","
                        + "\"onward\":\"none\"}],\"activate\":true}");
        String name = "utility-" + tag;
        node.node()
                .principalUseCases()
                .create(
                        new Principals.NewPrincipal(
                                name,
                                Optional.of(org),
                                Set.of(Role.CONSTITUENT),
                                Optional.of(SignInTest.PASSWORD),
                                Optional.empty()));
        return name;
    }

    /** The names of this test's objects the person's TAXII read gives them. */
    private static Set<String> readable(TestNode node, String person, World w) {
        TaxiiClient taxii = IntelligenceTest.taxii(node, person);
        Set<String> out = new LinkedHashSet<>();
        for (Collection c : List.of(w.a(), w.b())) {
            TaxiiClient.Response r = taxii.get(node.objectsPath(c) + "?limit=1000");
            if (r.status() == 200) {
                r.json().path("objects").forEach(o -> out.add(o.path("name").asString("")));
            }
        }
        return out;
    }

    /** This test's object names in the page now shown, from its source. */
    private static Set<String> shown(WebDriver browser, World w) {
        String source = browser.getPageSource();
        Set<String> out = new LinkedHashSet<>();
        for (String name : w.names().keySet()) {
            if (source.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** The links of the console's navigation, as the person's page offers them. */
    private static List<String> navigation(WebDriver browser) {
        List<String> out = new ArrayList<>();
        for (WebElement link :
                browser.findElements(By.cssSelector("header nav:not(.languages) a"))) {
            out.add(link.getDomAttribute("href"));
        }
        return out;
    }

    @EachDatabase
    void everyPageOfEveryRoleShowsOnlyWhatTaxiiGivesAndPassesTheAccessibilityRules(TestNode node) {
        World w = world(node);
        // a refusal on the dashboard, so that its table is checked with the rest of the page
        String refusing =
                node.agency("local")
                        .organisation("partner", "Refusing " + java.util.UUID.randomUUID(), "JP");
        new org.entente.server.store.WriteRefusalDao(node.node().database())
                .record(
                        refusing,
                        node.clock().millis() * 1000,
                        List.of(
                                org.entente.server.store.StatusDetail.failure(
                                        "indicator--" + java.util.UUID.randomUUID(),
                                        "v",
                                        "no area of an agreement in force lets us receive it")));
        Map<Role, String> people = new java.util.LinkedHashMap<>();
        people.put(Role.ANALYST, IntelligenceTest.person(node, Role.ANALYST, w.a()));
        people.put(Role.LIAISON, IntelligenceTest.person(node, Role.LIAISON, w.a(), w.b()));
        people.put(Role.AUDITOR, IntelligenceTest.person(node, Role.AUDITOR));
        people.put(Role.ADMIN, IntelligenceTest.person(node, Role.ADMIN));
        people.put(Role.CONSTITUENT, constituent(node));
        for (Map.Entry<Role, String> person : people.entrySet()) {
            Set<String> allowed = readable(node, person.getValue(), w);
            boolean screenshots =
                    person.getKey() == Role.ADMIN || person.getKey() == Role.CONSTITUENT;
            WebDriver browser = Browsers.chromium("en", "UTC");
            try {
                Browsers.signIn(browser, node, person.getValue());
                Set<String> seen = new LinkedHashSet<>();
                List<String> pages = new ArrayList<>(navigation(browser));
                assertThat(pages).as("%s's navigation", person.getKey()).isNotEmpty();
                String list = person.getKey() == Role.CONSTITUENT ? "/portal" : "/intelligence";
                String objectPage =
                        person.getKey() == Role.CONSTITUENT ? "/portal/objects/" : "/intelligence/";
                pages.add(list + "?q=seen");
                pages.add(objectPage + w.a().id() + "/" + w.probe());
                if (person.getKey() == Role.ADMIN) {
                    // the publish forms past the first (which the navigation offers), the JSON
                    // editor with an object's latest version, and the revocation's confirmation
                    for (String kind :
                            List.of("report", "advisory", "course-of-action", "sighting", "json")) {
                        pages.add("/intelligence/publish?kind=" + kind);
                    }
                    pages.add(objectPage + w.a().id() + "/" + w.probe() + "/new-version");
                    pages.add(objectPage + w.a().id() + "/" + w.probe() + "/revoke");
                }
                for (String page : pages) {
                    browser.get(node.base().resolve(page).toString());
                    Browsers.checkPage(browser, person.getKey() + " " + page);
                    seen.addAll(shown(browser, w));
                    if (screenshots) {
                        Browsers.screenshot(browser, screenshotName(page));
                    }
                }
                if (person.getKey() == Role.ADMIN) {
                    patternCheckedAsTyped(browser, node);
                }
                // every object the intelligence list links to, page by page
                browser.get(node.base().resolve(list + "?q=seen").toString());
                List<String> objects = new ArrayList<>();
                for (WebElement link : browser.findElements(By.cssSelector("a.object"))) {
                    objects.add(link.getDomAttribute("href"));
                }
                for (String object : objects) {
                    browser.get(node.base().resolve(object).toString());
                    Browsers.checkPage(browser, person.getKey() + " " + object);
                    seen.addAll(shown(browser, w));
                }
                assertThat(seen)
                        .as("what %s's pages show of this test's objects", person.getKey())
                        .isSubsetOf(allowed);
                if (person.getKey() == Role.CONSTITUENT) {
                    assertThat(allowed)
                            .as("a subscription up to TLP:GREEN")
                            .noneMatch(n -> n.contains("-amber") || n.contains("-red"));
                    assertThat(seen).as("the constituent's advisories and indicators").isNotEmpty();
                }
                if (person.getKey() == Role.ANALYST) {
                    assertThat(allowed).noneMatch(n -> n.startsWith("seen-b-"));
                    assertThat(seen).as("the analyst reads the first collection").isNotEmpty();
                }
                if (person.getKey() == Role.ADMIN) {
                    assertThat(seen)
                            .as("the admin sees the related malware")
                            .contains(
                                    w.names().keySet().stream()
                                            .filter(n -> n.startsWith("seen-b-malware-"))
                                            .findFirst()
                                            .orElseThrow());
                }
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The publish page's pattern check in a real browser: htmx posts what is typed (with the CSRF
     * header) and shows the engine's answer under the field, within the page's policy.
     */
    private static void patternCheckedAsTyped(WebDriver browser, TestNode node) {
        browser.get(node.base().resolve("/intelligence/publish").toString());
        WebDriverWait wait = new WebDriverWait(browser, Browsers.PAGE);
        WebElement pattern = browser.findElement(By.id("pattern"));
        pattern.sendKeys("[domain-name:value = 'example.org'");
        wait.until(
                d ->
                        !d.findElements(By.cssSelector("#pattern-check [data-state='error']"))
                                .isEmpty());
        assertThat(browser.findElement(By.id("pattern-check")).getText()).contains("column");
        pattern.sendKeys("]");
        wait.until(
                d -> !d.findElements(By.cssSelector("#pattern-check [data-state='ok']")).isEmpty());
        Browsers.checkPage(browser, "the publish page after its pattern check");

        // and published: the object's page, and the same object over TAXII
        String name = "Published in a browser " + UUID.randomUUID();
        browser.findElement(By.id("name")).sendKeys(name);
        new Select(browser.findElement(By.id("tlp"))).selectByValue(Tlp.GREEN.name());
        browser.findElement(By.id("type-malicious-activity")).click();
        // the first choice is "Choose a collection", which the form requires to be made
        Select collections = new Select(browser.findElement(By.id("collection")));
        collections.selectByIndex(1);
        String collection = collections.getFirstSelectedOption().getDomAttribute("value");
        browser.findElement(By.id("publish")).click();
        wait.until(d -> !d.findElements(By.id("done")).isEmpty());
        Browsers.checkPage(browser, "the object just published");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(name);
        String url = browser.getCurrentUrl();
        String id = url.substring(url.lastIndexOf('/') + 1).replaceAll("[?#].*", "");
        assertThat(id).startsWith("indicator--");
        TaxiiClient.Response read =
                node.admin().get("/taxii2/api/collections/" + collection + "/objects/" + id + "/");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).contains(name).contains(Tlp.GREEN.markingId());
    }

    /** The check is not silent: a page without an image's text and a button's name fails it. */
    @Test
    void theAccessibilityCheckFindsWhatIsMissing() {
        WebDriver browser = Browsers.chromium("en", "UTC");
        try {
            browser.get(
                    "data:text/html,<!doctype html><html lang=en><title>t</title><main>"
                            + "<img src=x.png><button></button></main></html>");
            assertThat(Browsers.accessibilityViolations(browser))
                    .anyMatch(v -> v.startsWith("image-alt (critical)"))
                    .anyMatch(v -> v.startsWith("button-name (critical)"));
        } finally {
            browser.quit();
        }
    }

    /** A file name for a page: its path's words, {@code dashboard} for the root. */
    private static String screenshotName(String page) {
        String path = page.split("\\?")[0].replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            return "dashboard";
        }
        if (path.equals("intelligence/publish")) {
            String kind = page.contains("kind=") ? page.substring(page.indexOf("kind=") + 5) : "";
            return kind.isEmpty() ? "publish" : "publish-" + kind;
        }
        if (path.startsWith("intelligence/") && path.endsWith("/new-version")) {
            return "new-version";
        }
        if (path.startsWith("intelligence/") && path.endsWith("/revoke")) {
            return "revoke";
        }
        if (path.startsWith("intelligence/")) {
            return "object";
        }
        if (path.startsWith("portal/objects/")) {
            return "portal-object";
        }
        return path.replace("console/", "").replace('/', '-');
    }
}
