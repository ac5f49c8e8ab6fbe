package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Role;
import org.entente.server.collection.Collection;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.TestNode;
import org.springframework.web.util.HtmlUtils;

/**
 * The administration pages over real HTTP on both databases (issue 11 item 8): an admin records a
 * person who then signs in, makes a token that TAXII takes until it is revoked and whose secret is
 * shown once, changes roles, disables, and resets a lost second factor; every other role is refused
 * every page and every action, as the REST API refuses them.
 */
class AdminPagesTest {
    private static final String BASE = "/console/admin/people";
    private static final Pattern RECORDED =
            Pattern.compile("^/console/admin/people/([0-9a-f-]{36})\\?done=recorded$");
    private static final Pattern TOKEN = Pattern.compile("id=\"token\">(ent_[A-Za-z0-9_-]+)<");

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static ConsoleClient admin(TestNode node) {
        return SignInTest.signedIn(node, SignInTest.person(node, Role.ADMIN));
    }

    /** Records a person through the form; returns their id. */
    private static String record(ConsoleClient admin, String name, String role, String password) {
        ConsoleClient.Page done =
                admin.submit(BASE, BASE, Map.of("name", name, "roles", role, "password", password));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        Matcher m = RECORDED.matcher(done.location());
        assertThat(m.matches()).as(done.location()).isTrue();
        return m.group(1);
    }

    private static Optional<NodePrincipal> named(TestNode node, String name) {
        return node.node().principalUseCases().named(name);
    }

    @EachDatabase
    void anAdminRecordsAPersonWhoThenSignsInAndScriptInTheNameIsInert(TestNode node) {
        ConsoleClient admin = admin(node);
        ConsoleClient.Page home = admin.get("/");
        assertThat(home.body()).contains("href=\"/console/admin/people\"");

        String name = "<script>alert(1)</script>-" + UUID.randomUUID();
        String id = record(admin, name, "analyst", SignInTest.PASSWORD);
        NodePrincipal p = named(node, name).orElseThrow();
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.roles()).containsExactly(Role.ANALYST);

        for (String page : List.of(BASE, BASE + "/" + id)) {
            ConsoleClient.Page shown = admin.get(page);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body()).doesNotContain("<script>alert(1)</script>");
            assertThat(shown.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;-");
        }
        // a crafted notice in a link shows nothing
        assertThat(admin.get(BASE + "/" + id + "?done=forged").body())
                .doesNotContain("id=\"done\"")
                .doesNotContain("forged");
        assertThat(admin.get(BASE + "/" + id + "?done=recorded").body()).contains("id=\"done\"");
        // the shared node holds many people: the list is found by a part of the name
        String uuid = name.substring(name.indexOf('-') + 1);
        ConsoleClient.Page list = admin.get(BASE + "?q=" + uuid.toUpperCase(java.util.Locale.ROOT));
        assertThat(list.body()).contains("data-principal=\"" + id + "\"");

        ConsoleClient person = SignInTest.signedIn(node, name);
        assertThat(person.get("/").status()).isEqualTo(200);
        // an analyst: no link to the administration
        assertThat(person.get("/").body()).doesNotContain("/console/admin/people");
    }

    @EachDatabase
    void aTokenMadeOnThePageReadsTaxiiIsShownOnceAndIsRefusedOnceRevoked(TestNode node) {
        ConsoleClient admin = admin(node);
        String name = "machine-" + UUID.randomUUID();
        String id = record(admin, name, "analyst", "");
        Collection c = node.newCollection();
        node.node().principalUseCases().grant(id, c.id(), true, false);
        String object = Fixtures.newId("indicator");
        node.agency("local")
                .post(
                        c.id(),
                        List.of(
                                """
                                {"type":"indicator","spec_version":"2.1","id":"%s",\
                                "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",\
                                "name":"ind","pattern":"[ipv4-addr:value = '10.0.0.1']",\
                                "pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}"""
                                        .formatted(object)));

        ConsoleClient.Page made =
                admin.submit(
                        BASE + "/" + id,
                        BASE + "/" + id + "/tokens",
                        Map.of("label", "sensor feed", "days", "30"));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        assertThat(made.header("Cache-Control").orElse("")).contains("no-store");
        Matcher m = TOKEN.matcher(made.body());
        assertThat(m.find()).as(made.body()).isTrue();
        String token = m.group(1);

        var read = node.client("Bearer " + token).get(node.objectsPath(c));
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(read.text()).contains(object);

        // listed afterwards, secret and hash never
        ConsoleClient.Page page = admin.get(BASE + "/" + id);
        assertThat(page.body()).contains("sensor feed");
        assertThat(page.body()).doesNotContain(token);
        assertThat(page.body())
                .doesNotContain(org.entente.server.auth.Tokens.hash(token))
                .doesNotContain(org.entente.server.auth.Tokens.hash(token).substring(0, 16));
        assertThat(admin.get(BASE).body()).doesNotContain(token);

        Matcher revoke =
                Pattern.compile(
                                "action=\"(/console/admin/people/"
                                        + id
                                        + "/tokens/[0-9a-f]+/revoke)\"")
                        .matcher(page.body());
        assertThat(revoke.find()).as(page.body()).isTrue();
        ConsoleClient.Page revoked = admin.post(revoke.group(1), Map.of("_csrf", page.csrf()));
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.location()).isEqualTo(BASE + "/" + id + "?done=revoked");
        assertThat(node.client("Bearer " + token).get(node.objectsPath(c)).status()).isEqualTo(401);
        // once revoked, the same form finds no active token
        assertThat(admin.post(revoke.group(1), Map.of("_csrf", page.csrf())).status())
                .isEqualTo(404);
    }

    @EachDatabase
    void analystsAndLiaisonOfficersAreRefusedEveryPageAndEveryActionAndNothingIsStored(
            TestNode node) {
        ConsoleClient admin = admin(node);
        String target = "target-" + UUID.randomUUID();
        String id = record(admin, target, "analyst", SignInTest.PASSWORD);
        for (Role role : List.of(Role.ANALYST, Role.LIAISON, Role.AUDITOR)) {
            ConsoleClient other = SignInTest.signedIn(node, SignInTest.person(node, role));
            assertThat(other.get("/").body()).doesNotContain("/console/admin/people");
            assertThat(other.get(BASE).status()).isEqualTo(403);
            assertThat(other.get(BASE + "/" + id).status()).isEqualTo(403);
            String csrf = other.get("/").csrf();
            String forgedName = "forged-" + UUID.randomUUID();
            Map<String, Map<String, String>> posts = new LinkedHashMap<>();
            posts.put(
                    BASE,
                    Map.of(
                            "_csrf",
                            csrf,
                            "name",
                            forgedName,
                            "roles",
                            "admin",
                            "password",
                            SignInTest.PASSWORD));
            posts.put(BASE + "/" + id + "/roles", Map.of("_csrf", csrf, "roles", "admin"));
            posts.put(BASE + "/" + id + "/disable", Map.of("_csrf", csrf));
            posts.put(BASE + "/" + id + "/tokens", Map.of("_csrf", csrf, "label", "x"));
            posts.put(BASE + "/" + id + "/second-factor/reset", Map.of("_csrf", csrf));
            for (var post : posts.entrySet()) {
                ConsoleClient.Page refused = other.post(post.getKey(), post.getValue());
                assertThat(refused.status()).as(role + " " + post.getKey()).isEqualTo(403);
                assertThat(refused.body()).doesNotContain("ent_");
            }
            assertThat(named(node, forgedName)).isEmpty();
        }
        NodePrincipal after = named(node, target).orElseThrow();
        assertThat(after.roles()).containsExactly(Role.ANALYST);
        assertThat(after.disabled()).isFalse();
        assertThat(node.node().tokens().listFor(id)).isEmpty();
    }

    @EachDatabase
    void aFormWithoutTheSessionsTokenIsRefusedAndNothingStored(TestNode node) {
        ConsoleClient admin = admin(node);
        String name = "nocsrf-" + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("roles", "analyst");
        fields.put("password", SignInTest.PASSWORD);
        assertThat(admin.post(BASE, fields).status()).isEqualTo(403);
        fields.put("_csrf", UUID.randomUUID().toString());
        assertThat(admin.post(BASE, fields).status()).isEqualTo(403);
        assertThat(named(node, name)).isEmpty();
    }

    @EachDatabase
    void badInputComesBackAtItsFieldAndNothingIsStored(TestNode node) {
        ConsoleClient admin = admin(node);
        String name = "bad-" + UUID.randomUUID();
        assertField(
                admin,
                BASE,
                BASE,
                Map.of("name", " ", "roles", "analyst"),
                "name",
                "This field is required.");
        assertField(
                admin,
                BASE,
                BASE,
                Map.of("name", name + "x".repeat(200), "roles", "analyst"),
                "name",
                "At most 200 characters.");
        assertField(
                admin,
                BASE,
                BASE,
                Map.of("name", name, "roles", "analyst", "password", "short"),
                "password",
                "A password needs at least 12 characters.");
        assertField(admin, BASE, BASE, Map.of("name", name), "roles", "Choose at least one role.");
        assertField(
                admin,
                BASE,
                BASE,
                Map.of("name", name, "roles", "root"),
                "roles",
                "Choose at least one role.");
        // a rule of the use case: a partner role does not fit the local agency
        ConsoleClient.Page partner =
                admin.submit(BASE, BASE, Map.of("name", name, "roles", "partner"));
        assertThat(partner.status()).isEqualTo(400);
        assertThat(HtmlUtils.htmlUnescape(partner.body()))
                .contains("id=\"form-error\"")
                .contains("does not fit a local organisation");
        assertThat(named(node, name)).isEmpty();

        String id = record(admin, name, "analyst", "");
        String page = BASE + "/" + id;
        assertField(
                admin,
                page,
                page + "/tokens",
                Map.of("label", ""),
                "label",
                "This field is required.");
        assertField(
                admin,
                page,
                page + "/tokens",
                Map.of("label", "x", "days", "0"),
                "days",
                "Give a whole number of days from 1 to 3650");
        assertField(
                admin,
                page,
                page + "/tokens",
                Map.of("label", "x", "days", "abc"),
                "days",
                "Give a whole number of days from 1 to 3650");
        assertField(admin, page, page + "/roles", Map.of(), "roles", "Choose at least one role.");
        assertThat(node.node().tokens().listFor(id)).isEmpty();
        assertThat(named(node, name).orElseThrow().roles()).containsExactly(Role.ANALYST);
    }

    private static void assertField(
            ConsoleClient browser,
            String formPage,
            String action,
            Map<String, String> fields,
            String field,
            String message) {
        ConsoleClient.Page page = browser.submit(formPage, action, fields);
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        String body = HtmlUtils.htmlUnescape(page.body());
        int at = body.indexOf("id=\"err-" + field + "\"");
        assertThat(at).as("a message at field %s:\n%s", field, body).isNotNegative();
        assertThat(body.substring(at, body.indexOf("</p>", at))).contains(message);
    }

    @EachDatabase
    void rolesChangeAndADisabledPersonCannotSignInUntilEnabled(TestNode node) {
        String adminName = SignInTest.person(node, Role.ADMIN);
        ConsoleClient admin = SignInTest.signedIn(node, adminName);
        String name = "roles-" + UUID.randomUUID();
        String id = record(admin, name, "analyst", SignInTest.PASSWORD);
        String page = BASE + "/" + id;

        ConsoleClient.Page roles = admin.submit(page, page + "/roles", Map.of("roles", "auditor"));
        assertThat(roles.location()).isEqualTo(page + "?done=roles");
        assertThat(named(node, name).orElseThrow().roles()).containsExactly(Role.AUDITOR);

        assertThat(admin.submit(page, page + "/disable", Map.of()).location())
                .isEqualTo(page + "?done=disabled");
        ConsoleClient person = new ConsoleClient(node);
        assertThat(person.password(name, SignInTest.PASSWORD).location())
                .isNotEqualTo("/login/enrol");
        assertThat(admin.submit(page, page + "/enable", Map.of()).location())
                .isEqualTo(page + "?done=enabled");
        assertThat(SignInTest.signedIn(node, name).get("/").status()).isEqualTo(200);

        // an admin cannot take the admin role from itself, nor disable itself
        String self = BASE + "/" + named(node, adminName).orElseThrow().id();
        ConsoleClient.Page demote = admin.submit(self, self + "/roles", Map.of("roles", "analyst"));
        assertThat(demote.status()).isEqualTo(409);
        assertThat(HtmlUtils.htmlUnescape(demote.body())).contains("cannot take the admin role");
        assertThat(admin.submit(self, self + "/disable", Map.of()).status()).isEqualTo(409);
        assertThat(named(node, adminName).orElseThrow().roles()).containsExactly(Role.ADMIN);
    }

    @EachDatabase
    void aResetSecondFactorIsEnrolledAgainAtTheNextSignInButNotOnesOwn(TestNode node) {
        String adminName = SignInTest.person(node, Role.ADMIN);
        ConsoleClient admin = SignInTest.signedIn(node, adminName);
        String name = SignInTest.person(node, Role.ANALYST);
        SignInTest.signedIn(node, name).signOut();
        String id = named(node, name).orElseThrow().id();
        String page = BASE + "/" + id;
        assertThat(admin.get(page).body()).contains("id=\"reset-form\"");

        ConsoleClient.Page reset = admin.submit(page, page + "/second-factor/reset", Map.of());
        assertThat(reset.location()).isEqualTo(page + "?done=reset");
        assertThat(SignInTest.events(node, name)).last().isEqualTo("FACTOR_RESET");

        // the next sign-in asks for a new enrolment after the password
        ConsoleClient again = SignInTest.signedIn(node, name);
        assertThat(again.get("/").status()).isEqualTo(200);

        String self = BASE + "/" + named(node, adminName).orElseThrow().id();
        assertThat(admin.get(self).body()).doesNotContain("id=\"reset-form\"");
        ConsoleClient.Page own =
                admin.post(self + "/second-factor/reset", Map.of("_csrf", admin.get(self).csrf()));
        assertThat(own.status()).isEqualTo(409);
        assertThat(SignInTest.events(node, adminName)).doesNotContain("FACTOR_RESET");
    }

    @EachDatabase
    void theRestApiChangesRolesByTheSameRules(TestNode node) {
        String name = SignInTest.person(node, Role.ANALYST);
        String id = named(node, name).orElseThrow().id();
        var agency = node.agency("local");
        String path = "/api/v1/principals/" + id + "/roles";
        assertThat(agency.api("PUT", path, "{\"roles\":[\"auditor\"]}").toString())
                .contains("auditor");
        assertThat(named(node, name).orElseThrow().roles()).containsExactly(Role.AUDITOR);
        assertThat(
                        agency.call("PUT", path, "{\"roles\":[\"partner\"]}", "application/json")
                                .status())
                .isEqualTo(400);
        assertThat(agency.call("PUT", path, "{\"roles\":[]}", "application/json").status())
                .isEqualTo(400);
        // an analyst's token may not
        String analystToken = node.node().tokens().issueFor(id, "t", Optional.empty()).token();
        var analyst =
                new org.entente.server.testing.Agency("analyst", node.base(), HTTP, analystToken);
        assertThat(
                        analyst.call("PUT", path, "{\"roles\":[\"admin\"]}", "application/json")
                                .status())
                .isEqualTo(403);
        assertThat(named(node, name).orElseThrow().roles()).containsExactly(Role.AUDITOR);
    }

    @EachDatabase
    void thePagesAndTheirMistakesAreInJapanese(TestNode node) {
        ConsoleClient admin = admin(node);
        String page = admin.get(BASE + "?lang=ja").body();
        assertThat(page).contains("<html lang=\"ja\"").contains("利用者とマシン").contains(">管理<");
        ConsoleClient.Page bad =
                admin.submit(
                        BASE,
                        BASE,
                        Map.of(
                                "name",
                                "ja-" + UUID.randomUUID(),
                                "roles",
                                "analyst",
                                "password",
                                "short"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("パスワードは12文字以上必要です。");
    }

    /**
     * An agency that serves many constituents records a person or machine for each: the list shows
     * a page of {@link AdminPages#PAGE} at a time in the order of their names, and a filter finds
     * one by a part of the name, with LIKE's wildcards taken literally.
     */

    /** Records an analyst of this agency named {@code name}. */
    private static void analyst(TestNode node, String name) {
        node.node()
                .principalUseCases()
                .create(
                        new org.entente.server.auth.Principals.NewPrincipal(
                                name,
                                Optional.empty(),
                                java.util.EnumSet.of(Role.ANALYST),
                                Optional.empty(),
                                Optional.empty()));
    }

    @EachDatabase
    void manyPeopleAreListedAPageAtATimeAndFoundByName(TestNode node) {
        ConsoleClient admin = admin(node);
        String tag = "many" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < AdminPages.PAGE + 5; i++) {
            String name = String.format("%s-%03d", tag, i);
            analyst(node, name);
            names.add(name);
        }

        ConsoleClient.Page first = admin.get(BASE + "?q=" + tag);
        assertThat(first.status()).isEqualTo(200);
        assertThat(listed(first.body(), tag)).isEqualTo(names.subList(0, AdminPages.PAGE));
        Matcher next = NEXT.matcher(first.body());
        assertThat(next.find()).as("a link to the next page").isTrue();
        ConsoleClient.Page second = admin.get(HtmlUtils.htmlUnescape(next.group(1)));
        assertThat(second.status()).isEqualTo(200);
        assertThat(listed(second.body(), tag))
                .isEqualTo(names.subList(AdminPages.PAGE, names.size()));
        assertThat(second.body()).doesNotContain("id=\"next\"").contains("id=\"listed-after\"");

        // one by a part of its name, in another case
        assertThat(listed(admin.get(BASE + "?q=" + tag.toUpperCase() + "-042").body(), tag))
                .containsExactly(tag + "-042");
        // LIKE's wildcards are only characters
        assertThat(admin.get(BASE + "?q=" + tag + "%25").body())
                .contains("id=\"no-one\"")
                .doesNotContain("id=\"people\"");
        assertThat(admin.get(BASE + "?q=" + tag + "_042").body()).contains("id=\"no-one\"");
        // a name with a capital beyond ASCII is found as it is written (SQLite lowers only ASCII)
        String accented = "Émile-" + UUID.randomUUID();
        analyst(node, accented);
        String typed = java.net.URLEncoder.encode(accented, StandardCharsets.UTF_8);
        assertThat(admin.get(BASE + "?q=" + typed).body())
                .contains(">" + accented + "<")
                .doesNotContain("id=\"no-one\"");
        // past the last name: nobody, and no link onward
        ConsoleClient.Page past = admin.get(BASE + "?q=" + tag + "&after=" + tag + "-999");
        assertThat(past.body()).contains("id=\"no-one\"").doesNotContain("id=\"next\"");
        // a filter longer than any name is refused with its reason, not searched
        ConsoleClient.Page tooLong = admin.get(BASE + "?q=" + "x".repeat(201));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 200 characters");
    }

    private static final Pattern NEXT = Pattern.compile("id=\"next\" href=\"([^\"]+)\"");

    /** The names a page lists that start with {@code tag}, in the page's order. */
    private static List<String> listed(String body, String tag) {
        Matcher m = Pattern.compile(">(" + Pattern.quote(tag) + "-[0-9]{3})</a>").matcher(body);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
