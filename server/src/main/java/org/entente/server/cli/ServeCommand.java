package org.entente.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.entente.server.EntenteApplication;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the node: TAXII 2.1 under /taxii2/, metrics under /actuator/.",
            "Plain HTTP on 127.0.0.1:8080 unless ENTENTE_TLS_KEYSTORE names a PKCS#12 keystore,"
                    + " in which case HTTPS on port 8443 and any address may be used.",
            "Configuration: ENTENTE_DATA_DIR (default ./data), ENTENTE_DATABASE_URL (default SQLite"
                    + " in the data folder), ENTENTE_ADMIN_TOKEN, and the other entente.* settings."
        })
final class ServeCommand implements Callable<Integer> {
    private static volatile boolean serving;

    @Option(names = "--port", description = "TCP port (default 8080, or 8443 with TLS)")
    Integer port;

    @Option(names = "--bind", description = "address to listen on (default 127.0.0.1)")
    String bind;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() {
        String keystore = System.getenv("ENTENTE_TLS_KEYSTORE");
        boolean tls = keystore != null && !keystore.isBlank();
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + (port != null ? port : tls ? 8443 : 8080));
        if (bind != null) {
            args.add("--server.address=" + bind);
        }
        if (tls) {
            args.add("--server.ssl.enabled=true");
            args.add("--server.ssl.key-store=" + keystore);
            args.add("--server.ssl.key-store-type=PKCS12");
            String password = System.getenv("ENTENTE_TLS_KEYSTORE_PASSWORD");
            if (password != null) {
                args.add("--server.ssl.key-store-password=" + password);
            }
            args.add("--server.ssl.enabled-protocols=TLSv1.3,TLSv1.2");
            String truststore = System.getenv("ENTENTE_TLS_TRUSTSTORE");
            if (truststore != null && !truststore.isBlank()) {
                // client certificates are asked for, not required: tokens and Basic still work
                args.add("--server.ssl.client-auth=want");
                args.add("--server.ssl.trust-store=" + truststore);
                args.add("--server.ssl.trust-store-type=PKCS12");
                String trustPassword = System.getenv("ENTENTE_TLS_TRUSTSTORE_PASSWORD");
                if (trustPassword != null) {
                    args.add("--server.ssl.trust-store-password=" + trustPassword);
                }
            }
        }
        serving = true;
        try {
            SpringApplication.run(EntenteApplication.class, args.toArray(String[]::new));
        } catch (RuntimeException e) {
            serving = false;
            throw e;
        }
        return 0;
    }
}
