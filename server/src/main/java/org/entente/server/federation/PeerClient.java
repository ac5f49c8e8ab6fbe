package org.entente.server.federation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * A TAXII 2.1 client for one peer, distrustful by design: every answer is bounded in size and in
 * time (a slow trickle is cut off at the deadline), its media type is checked, and its JSON is read
 * with the same limits as what clients post to us. Failures come out as {@link PeerFailure} with a
 * reason.
 */
final class PeerClient {
    static final String TAXII = "application/taxii+json;version=2.1";

    /** Error bodies are read this far, no further. */
    private static final int ERROR_BYTES = 64 * 1024;

    private final Peer peer;
    private final HttpClient http;
    private final FederationSettings limits;
    private final Clock clock;
    private final Optional<String> authorization;
    private volatile URI root;
    private volatile Optional<SSLSession> lastSession = Optional.empty();

    PeerClient(Peer peer, HttpClient http, FederationSettings limits, Clock clock) {
        this.peer = peer;
        this.http = http;
        this.limits = limits;
        this.clock = clock;
        if (peer.credentials() instanceof Peer.Credentials.Token t) {
            authorization = Optional.of("Bearer " + t.token());
        } else if (peer.credentials() instanceof Peer.Credentials.Basic b) {
            authorization =
                    Optional.of(
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString(
                                                    (b.user() + ":" + b.password())
                                                            .getBytes(StandardCharsets.UTF_8)));
        } else {
            authorization = Optional.empty();
        }
    }

    /** A collection as the peer lists it (TAXII 5.2.1). */
    record RemoteCollection(
            String id,
            Optional<String> title,
            Optional<String> alias,
            Optional<String> description,
            boolean canRead,
            boolean canWrite) {}

    /** What the peer's API root says of itself (TAXII 4.2.1). */
    record RemoteRoot(String title, long maxContentLength) {}

    /**
     * A page of objects: the envelope as received (Ingest reads it) and what paging needs.
     *
     * @param dateAddedLast the {@code X-TAXII-Date-Added-Last} header, when the peer sent a valid
     *     one
     */
    record ObjectsPage(
            byte[] body,
            int count,
            boolean more,
            Optional<String> next,
            Optional<String> dateAddedLast) {}

    /** One line of a status resource. */
    record StatusLine(String id, String version, Optional<String> message) {}

    /** A status resource (TAXII 4.3.1). */
    record RemoteStatus(
            String id,
            boolean complete,
            int total,
            List<StatusLine> successes,
            List<StatusLine> failures,
            List<StatusLine> pendings) {}

    /** The peer's discovery resource's default API root, or the one configured. */
    URI root() {
        URI r = root;
        if (r == null) {
            String configured = peer.apiRoot().orElse(null);
            if (configured == null) {
                JsonNode discovery = json(get(peer.url().resolve("taxii2/")), "discovery");
                JsonNode def = discovery.get("default");
                if (def == null || !def.isString()) {
                    JsonNode roots = discovery.get("api_roots");
                    if (roots == null || !roots.isArray() || roots.isEmpty()) {
                        throw bad("its discovery resource names no API root");
                    }
                    def = roots.get(0);
                }
                configured = def.asString();
            }
            URI resolved = peer.url().resolve(configured);
            r = resolved.toString().endsWith("/") ? resolved : URI.create(resolved + "/");
            if (!r.getScheme().equals(peer.url().getScheme())) {
                throw bad("its API root " + r + " leaves " + peer.url().getScheme());
            }
            root = r;
        }
        return r;
    }

    /** The title of the peer's discovery resource (TAXII 4.1), asked with our credentials. */
    String discover() {
        JsonNode d = json(get(peer.url().resolve("taxii2/")), "discovery");
        return d.path("title").asString("");
    }

    /** The TLS session of the last answer, for {@code peer test}. */
    Optional<SSLSession> lastSession() {
        return lastSession;
    }

    RemoteRoot apiRoot() {
        JsonNode r = json(get(root()), "API root");
        JsonNode max = r.get("max_content_length");
        JsonNode title = r.get("title");
        return new RemoteRoot(
                title != null && title.isString() ? title.stringValue() : "",
                max != null && max.canConvertToLong() && max.longValue() > 0
                        ? max.longValue()
                        : Long.MAX_VALUE);
    }

    List<RemoteCollection> collections() {
        JsonNode r = json(get(root().resolve("collections/")), "collections");
        JsonNode list = r.get("collections");
        List<RemoteCollection> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw bad("its collections resource has no list of collections");
        }
        for (JsonNode c : list) {
            JsonNode id = c.get("id");
            if (id == null
                    || !id.isString()
                    || !id.stringValue().matches("[A-Za-z0-9._~-]{1,300}")) {
                throw bad("it lists a collection without a usable id: " + abbreviate(c.toString()));
            }
            out.add(
                    new RemoteCollection(
                            id.stringValue(),
                            text(c, "title"),
                            text(c, "alias"),
                            text(c, "description"),
                            c.path("can_read").asBoolean(false),
                            c.path("can_write").asBoolean(false)));
        }
        return out;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? Optional.of(v.stringValue()) : Optional.empty();
    }

    /**
     * A page of a collection's objects, every version, from where the cursor stands.
     *
     * @param limit objects asked for; the peer may send fewer
     */
    ObjectsPage objects(String collectionId, PeerCollection.PullCursor cursor, int limit) {
        StringBuilder query = new StringBuilder("?limit=").append(limit);
        query.append("&match%5Bversion%5D=all");
        cursor.after().ifPresent(a -> query.append("&added_after=").append(encode(a)));
        cursor.next().ifPresent(n -> query.append("&next=").append(encode(n)));
        HttpResponse<byte[]> r =
                get(root().resolve("collections/" + collectionId + "/objects/" + query));
        byte[] body = r.body();
        Envelope e = scan(body);
        Optional<String> last =
                r.headers()
                        .firstValue("X-TAXII-Date-Added-Last")
                        .filter(v -> Timestamps.problem(v) == null);
        return new ObjectsPage(body, e.count(), e.more(), e.next(), last);
    }

    /** Which of {@code ids}' versions the peer holds, as "id|version" (its manifest). */
    Set<String> held(String collectionId, List<String> ids) {
        Set<String> held = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 50) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + 50));
            String next = null;
            int pages = 0;
            do {
                String query =
                        "?match%5Bid%5D="
                                + encode(String.join(",", slice))
                                + "&match%5Bversion%5D=all"
                                + (next == null ? "" : "&next=" + encode(next));
                JsonNode m =
                        json(
                                get(
                                        root().resolve(
                                                        "collections/"
                                                                + collectionId
                                                                + "/manifest/"
                                                                + query)),
                                "manifest");
                for (JsonNode o : m.path("objects")) {
                    held.add(o.path("id").asString("") + "|" + o.path("version").asString(""));
                }
                JsonNode n = m.get("next");
                next =
                        m.path("more").asBoolean(false) && n != null && n.isString()
                                ? n.stringValue()
                                : null;
            } while (next != null && ++pages < limits.maxPagesPerRun());
        }
        return held;
    }

    RemoteStatus post(String collectionId, byte[] envelope) {
        HttpRequest request =
                builder(root().resolve("collections/" + collectionId + "/objects/"))
                        .header("Content-Type", TAXII)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                        .build();
        return status(json(send(request, limits.maxResponseBytes(), true), "status"));
    }

    RemoteStatus status(String statusId) {
        return status(json(get(root().resolve("status/" + encode(statusId) + "/")), "status"));
    }

    private RemoteStatus status(JsonNode s) {
        JsonNode id = s.get("id");
        JsonNode state = s.get("status");
        if (id == null || !id.isString() || state == null || !state.isString()) {
            throw bad("its status resource lacks id or status: " + abbreviate(s.toString()));
        }
        return new RemoteStatus(
                id.stringValue(),
                state.stringValue().equals("complete"),
                s.path("total_count").asInt(0),
                lines(s.get("successes")),
                lines(s.get("failures")),
                lines(s.get("pendings")));
    }

    private static List<StatusLine> lines(JsonNode list) {
        List<StatusLine> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode d : list) {
                out.add(
                        new StatusLine(
                                d.path("id").asString(""),
                                d.path("version").asString(""),
                                text(d, "message")));
            }
        }
        return out;
    }

    // ---- the exchange

    private HttpRequest.Builder builder(URI uri) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .timeout(limits.requestTimeout())
                        .header("Accept", TAXII)
                        .header("User-Agent", "Entente federation");
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private HttpResponse<byte[]> get(URI uri) {
        return send(builder(uri).GET().build(), limits.maxResponseBytes(), true);
    }

    /**
     * Sends and reads the answer within the size and time limits; a non-2xx answer becomes a
     * failure with the peer's own words (its TAXII error resource), a 2xx of another media type
     * too.
     */
    private HttpResponse<byte[]> send(HttpRequest request, long maxBytes, boolean taxiiOnly) {
        AtomicReference<Limited> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(
                        request,
                        info -> {
                            Limited l =
                                    new Limited(
                                            info.statusCode() >= 300
                                                    ? Math.min(maxBytes, ERROR_BYTES)
                                                    : maxBytes,
                                            info.statusCode() >= 300);
                            body.set(l);
                            return l;
                        });
        HttpResponse<byte[]> r;
        try {
            r = future.get(limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Limited l = body.get();
            if (l != null) {
                l.abort();
            }
            future.cancel(true);
            throw new PeerFailure(
                    PeerFailure.Kind.TIMEOUT,
                    "no complete answer to "
                            + describe(request)
                            + " within "
                            + limits.requestTimeout().toMillis()
                            + " ms"
                            + (l == null ? "" : " (" + l.received() + " bytes came, slowly)"));
        } catch (ExecutionException e) {
            throw failure(request, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PeerFailure(PeerFailure.Kind.UNREACHABLE, "interrupted");
        }
        r.sslSession().ifPresent(s -> lastSession = Optional.of(s));
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            if (taxiiOnly) {
                checkMediaType(request, r);
            }
            return r;
        }
        String said = errorText(r);
        String what = describe(request) + " answered " + status + said;
        switch (status) {
            case 401:
                throw new PeerFailure(PeerFailure.Kind.UNAUTHENTICATED, what);
            case 403:
                throw new PeerFailure(PeerFailure.Kind.FORBIDDEN, what);
            case 404:
                throw new PeerFailure(PeerFailure.Kind.NOT_FOUND, what);
            case 429:
                throw new PeerFailure(
                        PeerFailure.Kind.RATE_LIMITED,
                        what,
                        r.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, clock)),
                        null);
            default:
                throw new PeerFailure(
                        status >= 500
                                ? PeerFailure.Kind.SERVER_ERROR
                                : PeerFailure.Kind.BAD_RESPONSE,
                        what);
        }
    }

    private static String describe(HttpRequest request) {
        String path = request.uri().getRawPath();
        return request.method() + " " + path;
    }

    private static void checkMediaType(HttpRequest request, HttpResponse<byte[]> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        String lower = type.toLowerCase(Locale.ROOT).replace(" ", "");
        boolean taxii =
                lower.startsWith("application/taxii+json")
                        && (!lower.contains("version=") || lower.contains("version=2.1"));
        if (!taxii) {
            throw new PeerFailure(
                    PeerFailure.Kind.BAD_RESPONSE,
                    describe(request)
                            + " answered with Content-Type '"
                            + type
                            + "', not "
                            + TAXII
                            + ": the answer was not read");
        }
    }

    /** The description of a TAXII error resource, or the first bytes of whatever came. */
    private static String errorText(HttpResponse<byte[]> r) {
        byte[] b = r.body();
        if (b == null || b.length == 0) {
            return "";
        }
        try {
            JsonNode e = StixJson.parse(b);
            String title = e.path("title").asString("");
            String description = e.path("description").asString("");
            String text = (title + (description.isEmpty() ? "" : ": " + description)).trim();
            return text.isEmpty() ? "" : " (" + abbreviate(text) + ")";
        } catch (RuntimeException notJson) {
            return " ("
                    + abbreviate(new String(b, StandardCharsets.UTF_8).replaceAll("\\s+", " "))
                    + ")";
        }
    }

    private PeerFailure failure(HttpRequest request, Throwable cause) {
        String where = describe(request);
        if (cause instanceof PeerFailure f) {
            return f;
        }
        if (cause instanceof TooLarge t) {
            return new PeerFailure(
                    PeerFailure.Kind.TOO_LARGE,
                    where + " answered more than " + t.max + " bytes: cut off");
        }
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            Throwable tls = cause instanceof SSLException ? cause : cause.getCause();
            return new PeerFailure(
                    PeerFailure.Kind.TLS,
                    "TLS with "
                            + peer.url().getAuthority()
                            + " failed: "
                            + tls.getMessage()
                            + (peer.trustPem().isPresent()
                                    ? " (is it the pinned certificate, under this name?)"
                                    : ""),
                    Optional.empty(),
                    tls);
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return new PeerFailure(
                    PeerFailure.Kind.UNREACHABLE,
                    "cannot connect to " + peer.url().getAuthority() + ": " + message(cause),
                    Optional.empty(),
                    cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new PeerFailure(
                    PeerFailure.Kind.TIMEOUT,
                    where + " had no answer within " + limits.requestTimeout().toMillis() + " ms",
                    Optional.empty(),
                    cause);
        }
        if (cause instanceof IOException) {
            return new PeerFailure(
                    PeerFailure.Kind.UNREACHABLE,
                    where + " failed: " + message(cause),
                    Optional.empty(),
                    cause);
        }
        return new PeerFailure(
                PeerFailure.Kind.BAD_RESPONSE,
                where + " failed: " + message(cause),
                Optional.empty(),
                cause);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private JsonNode json(HttpResponse<byte[]> r, String what) {
        if (r.body() == null || r.body().length == 0) {
            throw bad("its " + what + " resource is empty");
        }
        try {
            JsonNode node = StixJson.parse(r.body());
            if (node == null || !node.isObject()) {
                throw bad("its " + what + " resource is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw bad("its " + what + " resource is not well-formed JSON: " + e.getMessage());
        }
    }

    private PeerFailure bad(String why) {
        return new PeerFailure(PeerFailure.Kind.BAD_RESPONSE, peer.name() + ": " + why);
    }

    /** What paging needs from an envelope, read token by token (Ingest then reads the objects). */
    record Envelope(boolean more, Optional<String> next, int count) {}

    Envelope scan(byte[] body) {
        try (JsonParser p = StixJson.mapper().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("its objects page is not a TAXII envelope ({\"objects\": [...]})");
            }
            boolean more = false;
            Optional<String> next = Optional.empty();
            int count = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "more" -> {
                        if (!value.isBoolean()) {
                            throw bad("its envelope's 'more' is not true or false");
                        }
                        more = value == JsonToken.VALUE_TRUE;
                    }
                    case "next" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw bad("its envelope's 'next' is not a string");
                        }
                        String n = p.getString();
                        if (n.length() > 1000) {
                            throw bad("its envelope's 'next' is longer than 1000 characters");
                        }
                        next = Optional.of(n);
                    }
                    case "objects" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw bad("its envelope's 'objects' is not a list");
                        }
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                            count++;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad("its envelope does not end where it should");
            }
            return new Envelope(more, next, count);
        } catch (JacksonException e) {
            var where = e.getLocation();
            throw bad(
                    "its objects page is not well-formed JSON: "
                            + e.getOriginalMessage()
                            + (where == null
                                    ? ""
                                    : " (line "
                                            + where.getLineNr()
                                            + ", column "
                                            + where.getColumnNr()
                                            + ")"));
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }

    /** Retry-After: seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** A response body read up to a limit; past it, or when aborted, the connection is dropped. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final boolean error;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private volatile Flow.Subscription subscription;
        private volatile long received;

        Limited(long max, boolean error) {
            this.max = max;
            this.error = error;
        }

        long received() {
            return received;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                int n = b.remaining();
                if (received + n > max) {
                    if (error) {
                        // an error body is only for its message: keep the start, drop the rest
                        byte[] part = new byte[(int) (max - received)];
                        b.get(part);
                        out.write(part, 0, part.length);
                        subscription.cancel();
                        result.complete(out.toByteArray());
                    } else {
                        subscription.cancel();
                        result.completeExceptionally(new TooLarge(max));
                    }
                    return;
                }
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
                received += n;
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new IOException("aborted at the deadline"));
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final long max;

        TooLarge(long max) {
            super("more than " + max + " bytes");
            this.max = max;
        }
    }
}
