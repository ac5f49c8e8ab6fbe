package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterRegistration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.entente.server.auth.Role;
import org.entente.server.localnode.TaxiiClient;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;

/**
 * What belongs to the console stays on the console's paths: its session store and resource-URL
 * filters, and its language switch on every one of its pages.
 */
class ConsolePathsTest {
    @EachDatabase
    void theSessionAndResourceUrlFiltersWrapOnlyTheConsolesPaths(TestNode node) {
        Map<String, String> mapped = new TreeMap<>();
        for (Map.Entry<String, ? extends FilterRegistration> f :
                node.servletContext().getFilterRegistrations().entrySet()) {
            mapped.put(
                    f.getKey(),
                    String.join(" ", new TreeSet<>(f.getValue().getUrlPatternMappings())));
        }
        String console = String.join(" ", new TreeSet<>(ConsoleFilters.URL_PATTERNS));
        assertThat(mapped)
                .containsEntry(ConsoleFilters.SESSION_FILTER, console)
                .containsEntry("resourceUrlEncodingFilter", console);
        assertThat(ConsoleFilters.URL_PATTERNS)
                .contains("/", "/login", "/console/*", "/intelligence", "/intelligence/*")
                .noneMatch(p -> p.startsWith("/taxii2") || p.startsWith("/api") || p.equals("/*"));
        // the security filters still see every request: the API's chain answers what is not the
        // console's
        assertThat(mapped).containsEntry("springSecurityFilterChain", "/*");
    }

    @EachDatabase
    void theApiNeitherReadsNorMakesASessionEvenWhenTheBrowserSendsOne(TestNode node) {
        ConsoleClient browser = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        String session = browser.cookie("ENTENTE_SESSION").orElseThrow().getValue();
        TaxiiClient.Response withCookie =
                node.client(null)
                        .send(
                                node.client(null)
                                        .request("/taxii2/")
                                        .header("Cookie", "ENTENTE_SESSION=" + session)
                                        .build());
        assertThat(withCookie.status()).isEqualTo(200);
        assertThat(withCookie.header("Set-Cookie")).isEmpty();
        // a signed-in browser's session opens nothing on the API: it needs its own credentials
        TaxiiClient.Response collections =
                node.client(null)
                        .send(
                                node.client(null)
                                        .request("/api/v1/principals")
                                        .header("Cookie", "ENTENTE_SESSION=" + session)
                                        .build());
        assertThat(collections.status()).isEqualTo(401);
        assertThat(collections.header("Set-Cookie")).isEmpty();
        // and the console still knows the person on its next page
        assertThat(browser.get("/").status()).isEqualTo(200);
    }

    @EachDatabase
    void everyConsolePageSwitchesLanguage(TestNode node) {
        ConsoleClient browser = SignInTest.signedIn(node, SignInTest.person(node, Role.ANALYST));
        // the choice is kept in a cookie, so each page is asked for both languages in turn
        for (String path : new String[] {"/intelligence", "/"}) {
            assertThat(browser.get(path + "?lang=ja").body())
                    .as(path)
                    .contains("<html lang=\"ja\"");
            assertThat(browser.get(path + "?lang=en").body())
                    .as(path)
                    .contains("<html lang=\"en\"");
        }
    }
}
