package org.entente.bench.console;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.entente.bench.taxii.Indicators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's intelligence pages under load (issue 11): signs a person in as a browser would
 * (password, then the second factor enrolled from the key on the page), waits until the search
 * index has reached the last object {@code LoadGenerator ingest} stored, then times one request
 * after another of each kind and prints p50, p95 and p99. The times are the client's, over
 * loopback: the server's time plus the HTTP round trip, an upper bound on it.
 *
 * <pre>
 * ConsoleBench URL ADMIN_TOKEN COLLECTION_ALIAS OBJECTS REQUESTS
 * </pre>
 */
public final class ConsoleBench {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<");

    /** A row of an object page's ledger mentions for a disclosure (messages.properties). */
    private static final String DISCLOSED = "<td>Disclosed</td>";

    private static final String PASSWORD = "bench passphrase, long enough";

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    ConsoleBench(URI base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: ConsoleBench URL ADMIN_TOKEN COLLECTION_ALIAS OBJECTS REQUESTS");
            System.exit(2);
        }
        ConsoleBench b = new ConsoleBench(URI.create(args[0]));
        String token = args[1];
        long objects = Long.parseLong(args[3]);
        int requests = Integer.parseInt(args[4]);
        String collection = b.collectionId(token, args[2]);
        b.signIn(token);
        long last = objects - 1;
        long waited = System.nanoTime();
        while (!b.get("/intelligence?q=" + hex(last)).contains(Indicators.id(last))) {
            Thread.sleep(500);
        }
        System.out.printf(
                Locale.ROOT,
                "search index reached the last of %,d objects %.1f s after the ingest ended%n",
                objects,
                (System.nanoTime() - waited) / 1e9);
        // the dashboard's flows (ADR 0028) and what is withheld (ADR 0018) are counted off the
        // request: how long the first counts take; the pages are timed once both have ended
        long firstView = System.nanoTime();
        b.awaitCount("flows", firstView);
        b.awaitCount("withheld", firstView);
        Random random = new Random(42);
        b.time("dashboard", requests, n -> "/");
        b.time("list, newest first", requests, n -> "/intelligence");
        b.time("list, tlp=GREEN", requests, n -> "/intelligence?tlp=GREEN");
        b.time("list, type and label", requests, n -> "/intelligence?type=indicator&label=apt");
        b.time("search, a word every object holds", requests, n -> "/intelligence?q=ministries");
        b.time(
                "search, one object's name",
                requests,
                n -> "/intelligence?q=" + hex(Math.floorMod(random.nextLong(), objects)));
        b.time(
                "search, two words and a TLP",
                requests,
                n ->
                        "/intelligence?tlp=AMBER&q="
                                + URLEncoder.encode(
                                        "phishing "
                                                + hex(Math.floorMod(random.nextLong(), objects)),
                                        StandardCharsets.UTF_8));
        b.time("search, a word nobody holds", requests, n -> "/intelligence?q=zzqxnothere" + n);
        int disclosed =
                b.time(
                        "object page",
                        requests,
                        n ->
                                "/intelligence/"
                                        + collection
                                        + "/"
                                        + Indicators.id(Math.floorMod(random.nextLong(), objects)));
        System.out.printf(
                Locale.ROOT,
                "object pages listing a disclosure in the ledger: %d of %d%n",
                disclosed,
                requests);
        String people = System.getenv().getOrDefault("PEOPLE", "2000");
        if (Integer.parseInt(people) > 0) {
            b.people(token, Integer.parseInt(people), requests, random);
        }
    }

    /**
     * The administration's people list once {@code people} machines are recorded, as an agency that
     * gives each constituent one would have: its first page, and one found by name.
     */
    private void people(String token, int people, int requests, Random random) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < people; i++) {
            HttpResponse<String> made =
                    post(
                            "/api/v1/principals",
                            String.format(
                                    Locale.ROOT,
                                    "{\"name\":\"constituent-%06d\",\"roles\":[\"analyst\"]}",
                                    i),
                            token);
            if (made.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "recording a machine answered " + made.statusCode() + ": " + made.body());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%,d machines recorded in %.1f s%n",
                people,
                (System.nanoTime() - start) / 1e9);
        time("people, the first page", requests, n -> "/console/admin/people");
        time(
                "people, one by name",
                requests,
                n ->
                        String.format(
                                Locale.ROOT,
                                "/console/admin/people?q=constituent-%06d",
                                random.nextInt(people)));
    }

    /**
     * Views the dashboard until the section's first count has ended; prints how long after the
     * first view {@code since} that was, and whether the count failed.
     */
    private void awaitCount(String section, long since) throws Exception {
        String page = get("/");
        while (!page.contains("id=\"" + section + "-age\"")
                || page.contains("id=\"" + section + "-counting\"")) {
            Thread.sleep(100);
            page = get("/");
        }
        System.out.printf(
                Locale.ROOT,
                "dashboard's %s counted %.1f s after the first view%s%n",
                section,
                (System.nanoTime() - since) / 1e9,
                page.contains("id=\"" + section + "-failed\"") ? ": THE COUNT FAILED" : "");
    }

    private static String hex(long n) {
        return String.format(Locale.ROOT, "%012x", n);
    }

    /**
     * Times REQUESTS requests after 50 unmeasured ones and prints the percentiles; answers how many
     * of the timed pages list a disclosure (the ledger's mentions on an object page).
     */
    private int time(String what, int requests, LongFunction<String> path) throws Exception {
        for (int i = 0; i < Math.min(50, requests); i++) {
            get(path.apply(i));
        }
        long[] took = new long[requests];
        int disclosed = 0;
        for (int i = 0; i < requests; i++) {
            String p = path.apply(i);
            long start = System.nanoTime();
            String body = get(p);
            took[i] = System.nanoTime() - start;
            if (body.contains(DISCLOSED)) {
                disclosed++;
            }
        }
        Arrays.sort(took);
        System.out.printf(
                Locale.ROOT,
                "%-36s %5d requests: p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                what,
                requests,
                pct(took, 0.50),
                pct(took, 0.95),
                pct(took, 0.99),
                took[took.length - 1] / 1e6);
        return disclosed;
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    String get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Accept", "text/html")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> post(String path, String form, String bearer) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(form));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json");
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String collectionId(String token, String alias) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(base.resolve("/taxii2/api/collections/"))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/taxii+json;version=2.1")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (JsonNode c : JsonMapper.builder().build().readTree(r.body()).path("collections")) {
            if (alias.equals(c.path("alias").asString(""))) {
                return c.get("id").stringValue();
            }
        }
        throw new IllegalStateException("no collection " + alias + ": " + r.body());
    }

    /** A new admin person, signed in with a second factor enrolled now. */
    void signIn(String token) throws Exception {
        String name = "bench-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> made =
                post(
                        "/api/v1/principals",
                        "{\"name\":\""
                                + name
                                + "\",\"roles\":[\"admin\"],\"password\":\""
                                + PASSWORD
                                + "\"}",
                        token);
        if (made.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "creating the person answered " + made.statusCode() + ": " + made.body());
        }
        String login = getAny("/login");
        HttpResponse<String> pw =
                post(
                        "/login",
                        "username="
                                + enc(name)
                                + "&password="
                                + enc(PASSWORD)
                                + "&_csrf="
                                + enc(csrf(login)),
                        null);
        if (pw.statusCode() != 302) {
            throw new IllegalStateException("sign-in answered " + pw.statusCode());
        }
        String enrol = getAny("/login/enrol");
        Matcher m = SECRET.matcher(enrol);
        if (!m.find()) {
            throw new IllegalStateException("no key on the enrolment page");
        }
        byte[] secret = base32(m.group(1).replace(" ", ""));
        String code = totp(secret, System.currentTimeMillis() / 30_000);
        HttpResponse<String> done =
                post("/login/enrol", "code=" + code + "&_csrf=" + enc(csrf(enrol)), null);
        if (done.statusCode() != 302) {
            throw new IllegalStateException("enrolment answered " + done.statusCode());
        }
    }

    private String getAny(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Accept", "text/html")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** RFC 6238 with HMAC-SHA1 and six digits, as the console's second factor. */
    private static String totp(byte[] secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret, "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0xf;
        int bin =
                ((h[o] & 0x7f) << 24)
                        | ((h[o + 1] & 0xff) << 16)
                        | ((h[o + 2] & 0xff) << 8)
                        | (h[o + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        byte[] out = new byte[s.length() * 5 / 8];
        long buffer = 0;
        int bits = 0;
        int at = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return Arrays.copyOf(out, at);
    }
}
