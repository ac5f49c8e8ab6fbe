package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;

/** Signing in to the console over real HTTP: password, second factor, lock-out, audit. */
class SignInTest {
    static final String PASSWORD = "correct horse battery staple";

    /** A new person of the local agency with a password, for one test. */
    static String person(TestNode node, Role role) {
        String name = "person-" + UUID.randomUUID();
        node.node()
                .principalUseCases()
                .create(
                        new Principals.NewPrincipal(
                                name,
                                Optional.empty(),
                                Set.of(role),
                                Optional.of(PASSWORD),
                                Optional.empty()));
        return name;
    }

    /** A person signed in with the second factor enrolled; returns the client and the key. */
    static ConsoleClient signedIn(TestNode node, String name) {
        ConsoleClient browser = new ConsoleClient(node);
        ConsoleClient.Page step = browser.password(name, PASSWORD);
        assertThat(step.status()).isEqualTo(302);
        assertThat(step.location()).isEqualTo("/login/enrol");
        browser.enrol(node.clock().instant());
        return browser;
    }

    /** The code of the step after now's: never taken yet, and within the accepted window. */
    static String nextCode(TestNode node, byte[] secret) {
        return Totp.code(secret, Totp.step(node.clock().instant()) + 1, Totp.DIGITS);
    }

    @EachDatabase
    void anonymousBrowsersAreSentToTheSignInPage(TestNode node) {
        ConsoleClient browser = new ConsoleClient(node);
        ConsoleClient.Page home = browser.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.location()).isEqualTo("/login");
        ConsoleClient.Page login = browser.get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("<h1>Sign in</h1>");
    }

    @EachDatabase
    void aPersonEnrolsTheSecondFactorOnFirstSignInAndSeesTheDashboard(TestNode node) {
        String name = person(node, Role.ANALYST);
        ConsoleClient browser = signedIn(node, name);
        ConsoleClient.Page home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Dashboard").contains(name);
        assertThat(events(node, name)).containsExactly("PASSWORD_PASSED", "ENROLLED");
    }

    @EachDatabase
    void aWrongPasswordIsRefusedAndAudited(TestNode node) {
        String name = person(node, Role.LIAISON);
        ConsoleClient browser = new ConsoleClient(node);
        ConsoleClient.Page refused = browser.password(name, "not the password at all");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).isEqualTo("/login?error");
        assertThat(browser.get("/").location()).isEqualTo("/login");
        assertThat(browser.get("/login?error").body())
                .contains("The name or the password is wrong.");
        assertThat(events(node, name)).containsExactly("BAD_PASSWORD");
    }

    @EachDatabase
    void anEnrolledPersonMustPassTheSecondFactorAndAWrongCodeIsRefused(TestNode node) {
        String name = person(node, Role.AUDITOR);
        ConsoleClient first = new ConsoleClient(node);
        first.password(name, PASSWORD);
        byte[] secret = first.enrol(node.clock().instant());
        first.signOut();

        ConsoleClient browser = new ConsoleClient(node);
        ConsoleClient.Page step = browser.password(name, PASSWORD);
        assertThat(step.location()).isEqualTo("/login/code");
        // between the steps nothing but the second factor opens
        assertThat(browser.get("/").location()).isEqualTo("/login/code");
        assertThat(browser.get("/login/enrol").location()).isEqualTo("/login/code");

        String right = nextCode(node, secret);
        String wrong = right.equals("000000") ? "000001" : "000000";
        ConsoleClient.Page refused = browser.code(wrong);
        assertThat(refused.location()).isEqualTo("/login/code?error");
        assertThat(browser.get("/").location()).isEqualTo("/login/code");

        ConsoleClient.Page accepted = browser.code(right);
        assertThat(accepted.location()).isEqualTo("/");
        assertThat(browser.get("/").status()).isEqualTo(200);
        assertThat(events(node, name))
                .containsExactly(
                        "PASSWORD_PASSED",
                        "ENROLLED",
                        "SIGNED_OUT",
                        "PASSWORD_PASSED",
                        "BAD_CODE",
                        "SIGNED_IN");
    }

    @EachDatabase
    void aCodeIsTakenOnce(TestNode node) {
        String name = person(node, Role.ANALYST);
        ConsoleClient first = new ConsoleClient(node);
        first.password(name, PASSWORD);
        byte[] secret = first.enrol(node.clock().instant());
        String code = nextCode(node, secret);

        ConsoleClient second = new ConsoleClient(node);
        second.password(name, PASSWORD);
        assertThat(second.code(code).location()).isEqualTo("/");

        // the same code, seen over the person's shoulder, opens nothing in its window
        ConsoleClient third = new ConsoleClient(node);
        third.password(name, PASSWORD);
        assertThat(third.code(code).location()).isEqualTo("/login/code?error");
    }

    @EachDatabase
    void fiveFailuresLockTheAccountEvenForTheRightPassword(TestNode node) {
        String name = person(node, Role.ANALYST);
        ConsoleClient browser = new ConsoleClient(node);
        for (int i = 0; i < SignIns.MAX_FAILURES; i++) {
            assertThat(browser.password(name, "wrong password " + i).location())
                    .isEqualTo("/login?error");
        }
        ConsoleClient.Page locked = browser.password(name, PASSWORD);
        assertThat(locked.location()).isEqualTo("/login?locked");
        assertThat(browser.get("/login?locked").body()).contains("locked for up to 15 minutes");
        assertThat(events(node, name)).endsWith("LOCKED");
    }

    @EachDatabase
    void aNameNobodyHoldsLocksAsARealOneDoes(TestNode node) {
        String name = "nobody-" + UUID.randomUUID();
        ConsoleClient browser = new ConsoleClient(node);
        for (int i = 0; i < SignIns.MAX_FAILURES; i++) {
            assertThat(browser.password(name, "guess " + i).location()).isEqualTo("/login?error");
        }
        assertThat(browser.password(name, "guess").location()).isEqualTo("/login?locked");
    }

    @EachDatabase
    void principalsThatAreNotTheAgencysPeopleCannotSignIn(TestNode node) {
        // a partner agency's principal is a node that pulls over TAXII, not a person here
        String partner = node.agency("a").organisation("partner", "P-" + UUID.randomUUID(), "JP");
        String name = "partner-node-" + UUID.randomUUID();
        node.node()
                .principalUseCases()
                .create(
                        new Principals.NewPrincipal(
                                name,
                                Optional.of(partner),
                                Set.of(Role.PARTNER),
                                Optional.of(PASSWORD),
                                Optional.empty()));
        ConsoleClient browser = new ConsoleClient(node);
        assertThat(browser.password(name, PASSWORD).location()).isEqualTo("/login?error");
        assertThat(events(node, name)).containsExactly("NOT_PERMITTED");
    }

    @EachDatabase
    void aDisabledPersonsSessionEndsAtTheNextRequest(TestNode node) {
        String name = person(node, Role.ANALYST);
        ConsoleClient browser = signedIn(node, name);
        assertThat(browser.get("/").status()).isEqualTo(200);
        // by another administrator, as the REST API or the command line would
        node.node()
                .principalUseCases()
                .disable(name, node.node().principalUseCases().require(person(node, Role.ADMIN)));
        ConsoleClient.Page after = browser.get("/");
        assertThat(after.location()).isEqualTo("/login?expired");
        assertThat(browser.get("/").location()).isEqualTo("/login");
    }

    @EachDatabase
    void aForgedFormWithoutTheSessionsTokenIsRefused(TestNode node) {
        String name = person(node, Role.ANALYST);
        ConsoleClient browser = new ConsoleClient(node);
        browser.get("/login");
        ConsoleClient.Page forged =
                browser.post("/login", Map.of("username", name, "password", PASSWORD));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("Form refused");
        ConsoleClient.Page other =
                browser.post(
                        "/login",
                        Map.of("username", name, "password", PASSWORD, "_csrf", "made-up"));
        assertThat(other.status()).isEqualTo(403);
        // a signed-in person's sign-out, forged from another site, does not sign them out
        ConsoleClient signedIn = signedIn(node, person(node, Role.ANALYST));
        assertThat(signedIn.post("/logout", Map.of()).status()).isEqualTo(403);
        assertThat(signedIn.get("/").status()).isEqualTo(200);
        assertThat(events(node, name)).isEmpty();
    }

    @EachDatabase
    void pagesForbidInlineScriptAndFraming(TestNode node) {
        ConsoleClient.Page login = new ConsoleClient(node).get("/login");
        String csp = login.header("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(login.header("Referrer-Policy")).contains("no-referrer");
        assertThat(login.header("X-Frame-Options")).contains("DENY");
        assertThat(login.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        assertThat(login.body()).doesNotContainPattern("\\son[a-z]+=");
    }

    @EachDatabase
    void theSessionCookieIsHttpOnlyAndSameSiteLax(TestNode node) {
        ConsoleClient browser = new ConsoleClient(node);
        ConsoleClient.Page login = browser.get("/login");
        String cookie =
                login.raw().headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("ENTENTE_SESSION="))
                        .findFirst()
                        .orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax");
        // plain HTTP here; on HTTPS the serializer adds Secure (request.isSecure())
        assertThat(cookie).doesNotContain("Secure");
    }

    @EachDatabase
    void taxiiClientsWithoutCredentialsStillGet401NotARedirect(TestNode node) {
        TaxiiClient.Response r = node.anonymous().get("/taxii2/api/collections/");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Location")).isEmpty();
        assertThat(r.header("Set-Cookie")).isEmpty();
        assertThat(r.json().get("http_status").stringValue()).isEqualTo("401");
        TaxiiClient.Response api = node.anonymous().get("/api/v1/agreements");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Location")).isEmpty();
    }

    @EachDatabase
    void pagesSpeakJapaneseToAJapaneseBrowserAndSwitchOnRequest(TestNode node) {
        ConsoleClient japanese = new ConsoleClient(node.base(), "ja,en;q=0.5");
        ConsoleClient.Page login = japanese.get("/login");
        assertThat(login.body()).contains("<html lang=\"ja\"").contains("サインイン").contains("パスワード");
        ConsoleClient.Page english = japanese.get("/login?lang=en");
        assertThat(english.body()).contains("<html lang=\"en\"").contains("Password");
        // the choice is kept over the browser's
        assertThat(japanese.get("/login").body()).contains("Password");

        ConsoleClient french = new ConsoleClient(node.base(), "fr-FR,fr;q=0.9");
        assertThat(french.get("/login").body()).contains("<html lang=\"en\"").contains("Password");
    }

    static java.util.List<String> events(TestNode node, String name) {
        return node.node().part(SignIns.class).latest(1000).stream()
                .filter(e -> e.name().equals(name))
                .sorted(java.util.Comparator.comparing(SignInEvent::at))
                .map(e -> e.outcome().name())
                .toList();
    }

    static Instant now(TestNode node) {
        return node.node().clock().instant();
    }
}
