package org.entente.server.federation;

import java.time.Duration;

/**
 * How the node syncs with its peers ({@code entente.federation.*}, or the {@code
 * ENTENTE_FEDERATION_*} variables), bound with the rest of {@code NodeSettings}. Anything left out
 * takes the default written here.
 *
 * @param enabled whether the node syncs on its own schedule (the CLI and the API can always sync)
 * @param minInterval the pause after a run that moved objects: short, so that an object posted on a
 *     peer is here within about a second
 * @param idleInterval the longest pause between runs that found nothing (the pause doubles from
 *     {@code minInterval} up to this)
 * @param maxBackoff the longest pause after failures (exponential from one second, with jitter)
 * @param pageSize objects asked per page ({@code limit}); the peer may send fewer, and a page
 *     larger than {@code maxResponseBytes} is asked for again with half as many
 * @param maxPagesPerRun pages per collection and run, so that one busy or looping peer cannot hold
 *     a worker
 * @param maxResponseBytes the largest response accepted from a peer
 * @param maxObjectBytes the largest single object accepted from a peer; bigger ones are refused and
 *     the rest of the page goes on
 * @param maxObjectsPerSecond objects pulled per second from one peer, at most; above it the next
 *     page waits (0: no limit)
 * @param requestTimeout the most a response may take, headers and body (a slow trickle is cut off)
 * @param connectTimeout the most a connection may take
 * @param statusTimeout how long a pending status resource of a push is followed
 * @param listEvery how often a peer's collection list is read again
 * @param threads workers syncing peers in parallel
 * @param secretsKey base64 of 32 bytes sealing peer credentials; empty: a key file in the data
 *     folder, made on first use
 */
public record FederationSettings(
        Boolean enabled,
        Duration minInterval,
        Duration idleInterval,
        Duration maxBackoff,
        Integer pageSize,
        Integer maxPagesPerRun,
        Long maxResponseBytes,
        Integer maxObjectBytes,
        Integer maxObjectsPerSecond,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration statusTimeout,
        Duration listEvery,
        Integer threads,
        String secretsKey) {

    public static final FederationSettings DEFAULTS =
            new FederationSettings(
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null);

    public FederationSettings {
        enabled = enabled == null || enabled;
        minInterval = orElse(minInterval, Duration.ofMillis(200));
        idleInterval = orElse(idleInterval, Duration.ofSeconds(1));
        maxBackoff = orElse(maxBackoff, Duration.ofMinutes(5));
        pageSize = pageSize == null ? 5000 : pageSize;
        maxPagesPerRun = maxPagesPerRun == null ? 100 : maxPagesPerRun;
        maxResponseBytes = maxResponseBytes == null ? 32L * 1024 * 1024 : maxResponseBytes;
        maxObjectBytes = maxObjectBytes == null ? 2 * 1024 * 1024 : maxObjectBytes;
        maxObjectsPerSecond = maxObjectsPerSecond == null ? 0 : maxObjectsPerSecond;
        requestTimeout = orElse(requestTimeout, Duration.ofSeconds(30));
        connectTimeout = orElse(connectTimeout, Duration.ofSeconds(10));
        statusTimeout = orElse(statusTimeout, Duration.ofSeconds(60));
        listEvery = orElse(listEvery, Duration.ofSeconds(30));
        threads = threads == null ? 4 : threads;
        secretsKey = secretsKey == null ? "" : secretsKey.trim();
        positive("min-interval", minInterval);
        positive("request-timeout", requestTimeout);
        positive("connect-timeout", connectTimeout);
        positive("status-timeout", statusTimeout);
        positive("list-every", listEvery);
        if (idleInterval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException(
                    "entente.federation.idle-interval must be at least min-interval");
        }
        if (maxBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(
                    "entente.federation.max-backoff must be at least 1s, not " + maxBackoff);
        }
        if (pageSize < 1 || maxPagesPerRun < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "entente.federation.page-size, max-pages-per-run and threads must be positive");
        }
        if (maxResponseBytes < 64 * 1024 || maxObjectBytes < 1024) {
            throw new IllegalArgumentException(
                    "entente.federation.max-response-bytes must be at least 64 KiB and"
                            + " max-object-bytes at least 1 KiB");
        }
        if (maxObjectsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "entente.federation.max-objects-per-second must be 0 (no limit) or positive");
        }
    }

    private static Duration orElse(Duration d, Duration fallback) {
        return d == null ? fallback : d;
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(
                    "entente.federation." + name + " must be positive, not " + d);
        }
    }
}
