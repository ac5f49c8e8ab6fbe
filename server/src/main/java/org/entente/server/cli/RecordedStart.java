package org.entente.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start that {@code ./entente} records into its class-data archive (README, "What ./entente
 * gives the JVM"): the node starts as it always does, then asks itself what a node is asked first
 * (TAXII discovery without and with a token, the console's sign-in page, the health probe), so that
 * the classes that listen and answer are in the archive too, not only those that wire the
 * application; then it stops. The launcher runs it on a data folder of its own, on a random port of
 * the loopback address, with an admin token it made for it.
 */
final class RecordedStart {
    /** The system property that makes a {@code serve} a recorded start. */
    static final String PROPERTY = "entente.launcher.record";

    private RecordedStart() {}

    /** Whether this JVM was started to be recorded ({@code -Dentente.launcher.record=true}). */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Asks the running node its first questions and gives the status of each answer, 0 for one that
     * did not come. An answer of any status will do; one that does not come (the node speaks TLS
     * here, say) is reported and skipped: the archive then lacks only the classes behind it.
     */
    static List<Integer> ask(
            ConfigurableApplicationContext application, Optional<String> adminToken) {
        String port = application.getEnvironment().getProperty("local.server.port");
        String address = application.getEnvironment().getProperty("server.address", "127.0.0.1");
        List<Integer> statuses = new ArrayList<>();
        if (port == null) {
            return statuses;
        }
        URI base = URI.create("http://" + hostOf(address) + ":" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<HttpRequest> requests = new ArrayList<>();
        requests.add(get(base, "/taxii2/").build());
        adminToken.ifPresent(
                token ->
                        requests.add(
                                get(base, "/taxii2/")
                                        .header("Authorization", "Bearer " + token)
                                        .build()));
        requests.add(get(base, "/login").header("Accept", "text/html").build());
        requests.add(get(base, "/actuator/health").build());
        for (HttpRequest request : requests) {
            try {
                statuses.add(
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                System.err.println("entente: recorded start: " + request.uri() + ": " + e);
                statuses.add(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return statuses;
    }

    private static HttpRequest.Builder get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
    }

    /** The address to reach a node bound to {@code address} (any address: the loopback one). */
    private static String hostOf(String address) {
        if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::")) {
            return "127.0.0.1";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
