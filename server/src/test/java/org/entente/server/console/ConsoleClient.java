package org.entente.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.entente.server.testing.TestNode;

/**
 * A browser without a browser, for tests: real HTTP to a node's console with a cookie jar, no
 * redirect followed (tests look at each), the form's CSRF token taken from the page as a browser
 * would send it back.
 */
final class ConsoleClient {
    /**
     * How long a page may take on a loaded 2-core machine; a page that waits on a lock fails the
     * test instead of holding the run.
     */
    private static final Duration ANSWER = Duration.ofSeconds(120);

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final String language;

    ConsoleClient(URI base, String language) {
        this.base = base;
        this.language = language;
        this.http =
                HttpClient.newBuilder()
                        .cookieHandler(cookies)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
    }

    ConsoleClient(TestNode node) {
        this(node.base(), "en");
    }

    record Page(int status, String body, HttpResponse<String> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** Where a redirect points, as a path with its query. */
        String location() {
            String l = header("Location").orElseThrow(() -> new AssertionError("no redirect"));
            URI u = URI.create(l);
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }

        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF token on the page:\n" + body);
            }
            return m.group(1);
        }
    }

    Page get(String path) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(ANSWER)
                        .header("Accept", "text/html")
                        .header("Accept-Language", language)
                        .GET()
                        .build());
    }

    /** Posts a form as it is (the test adds the CSRF token, or leaves it out on purpose). */
    Page post(String path, Map<String, String> form) {
        String body =
                form.entrySet().stream()
                        .map(
                                e ->
                                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(ANSWER)
                        .header("Accept", "text/html")
                        .header("Accept-Language", language)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** Opens a form page and posts it with that page's CSRF token. */
    Page submit(String formPage, String action, Map<String, String> fields) {
        Page page = get(formPage);
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("_csrf", page.csrf());
        return post(action, form);
    }

    Page password(String name, String password) {
        return submit("/login", "/login", Map.of("username", name, "password", password));
    }

    /**
     * Enrols the second factor of a person who just passed the password: reads the key off the page
     * as a person would, and confirms it with its code now. Returns the key.
     */
    byte[] enrol(Instant now) {
        Page page = get("/login/enrol");
        Matcher m = SECRET.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no key on the enrolment page:\n" + page.body());
        }
        byte[] secret = Totp.fromBase32(m.group(1));
        Page done =
                post(
                        "/login/enrol",
                        Map.of(
                                "_csrf",
                                page.csrf(),
                                "code",
                                Totp.code(secret, Totp.step(now), Totp.DIGITS)));
        if (done.status() != 302 || !done.location().equals("/")) {
            throw new AssertionError("enrolment refused: " + done.status() + " " + done.raw());
        }
        return secret;
    }

    Page code(String code) {
        return submit("/login/code", "/login/code", Map.of("code", code));
    }

    Page signOut() {
        return submit("/", "/logout", Map.of());
    }

    Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }

    /** Sets a cookie as the page's script would. */
    void addCookie(HttpCookie cookie) {
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(base, cookie);
    }

    /** Another client that carries this one's cookies (the same browser against another node). */
    ConsoleClient sameCookiesAt(URI otherBase) {
        ConsoleClient other = new ConsoleClient(otherBase, language);
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            HttpCookie copy = new HttpCookie(c.getName(), c.getValue());
            copy.setPath("/");
            copy.setVersion(0);
            other.cookies.getCookieStore().add(otherBase, copy);
        }
        return other;
    }

    /**
     * Sends a request of the test's own making (a download, a file upload) with this browser's
     * cookies and language; the body as the handler reads it.
     */
    <T> HttpResponse<T> exchange(
            String path, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(
                    request.uri(base.resolve(path)).header("Accept-Language", language).build(),
                    body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Page send(HttpRequest request) {
        try {
            HttpResponse<String> r =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Page(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
