package org.entente.server.federation;

import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Makes the HTTP client that talks to one peer (each has its own TLS trust and client key). Passed
 * in, so that tests can count, slow down or break what goes out.
 */
@FunctionalInterface
public interface Transport {
    HttpClient client(SSLContext tls, Duration connectTimeout);

    /** The JDK's HTTP client: redirects are not followed (a peer is where we recorded it). */
    Transport JDK =
            (tls, connectTimeout) ->
                    HttpClient.newBuilder()
                            .sslContext(tls)
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
}
