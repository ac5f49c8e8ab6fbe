package org.entente.server.federation;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import tools.jackson.databind.JsonNode;

/**
 * The HTTP exchanges with one peer, each bounded in size and in time: a body larger than the limit
 * is cut off, a slow trickle is cut off at the deadline, an error body is read only so far as its
 * message, and a 2xx answer of another media type than TAXII's is not read. Every failure comes out
 * as a {@link PeerFailure} with its kind and the peer's own words where it gave any.
 */
final class BoundedHttp {
    /** Error bodies are read this far, no further. */
    private static final int ERROR_BYTES = 64 * 1024;

    private final Peer peer;
    private final HttpClient http;
    private final FederationSettings limits;
    private final Clock clock;
    private final Optional<String> authorization;
    private volatile Optional<SSLSession> lastSession = Optional.empty();

    BoundedHttp(Peer peer, HttpClient http, FederationSettings limits, Clock clock) {
        this.peer = peer;
        this.http = http;
        this.limits = limits;
        this.clock = clock;
        this.authorization = authorization(peer.credentials());
    }

    private static Optional<String> authorization(Peer.Credentials credentials) {
        if (credentials instanceof Peer.Credentials.Token t) {
            return Optional.of("Bearer " + t.token());
        }
        if (credentials instanceof Peer.Credentials.Basic b) {
            return Optional.of(
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (b.user() + ":" + b.password())
                                                    .getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** The TLS session of the last answer, for {@code peer test}. */
    Optional<SSLSession> lastSession() {
        return lastSession;
    }

    /** A request with our credentials, asking for TAXII, within the request timeout. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .timeout(limits.requestTimeout())
                        .header("Accept", PeerClient.TAXII)
                        .header("User-Agent", "Entente federation");
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    HttpResponse<byte[]> get(URI uri) {
        return send(request(uri).GET().build());
    }

    /**
     * Sends and reads the answer within the size and time limits; a non-2xx answer becomes a
     * failure with the peer's own words (its TAXII error resource), a 2xx of another media type
     * too.
     */
    HttpResponse<byte[]> send(HttpRequest request) {
        long maxBytes = limits.maxResponseBytes();
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
            checkMediaType(request, r);
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
                throw new PeerFailure(PeerFailure.Kind.RATE_LIMITED, what, retryAfter(r), null);
            case 503:
                // unavailable for now, and may say for how long (a busy Entente node does)
                throw new PeerFailure(PeerFailure.Kind.SERVER_ERROR, what, retryAfter(r), null);
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
                            + PeerClient.TAXII
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
            return text.isEmpty() ? "" : " (" + PeerClient.abbreviate(text) + ")";
        } catch (RuntimeException notJson) {
            return " ("
                    + PeerClient.abbreviate(
                            new String(b, StandardCharsets.UTF_8).replaceAll("\\s+", " "))
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

    private Optional<Duration> retryAfter(HttpResponse<byte[]> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, clock));
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
        private final BodyBytes out = new BodyBytes();
        private volatile Flow.Subscription subscription;

        Limited(long max, boolean error) {
            this.max = max;
            this.error = error;
        }

        long received() {
            return out.size();
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
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    if (error) {
                        // an error body is only for its message: keep the start, drop the rest
                        out.add(b.limit(b.position() + (int) (max - out.size())));
                        result.complete(out.bytes());
                    } else {
                        result.completeExceptionally(new TooLarge(max));
                    }
                    return;
                }
                out.add(b);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.bytes());
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
