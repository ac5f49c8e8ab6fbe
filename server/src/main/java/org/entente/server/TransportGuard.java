package org.entente.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * TAXII requires HTTPS. Plain HTTP is allowed only on a loopback address, for development; a node
 * bound to anything else without TLS refuses to start and says how to fix it.
 */
@Component
class TransportGuard {
    TransportGuard(Environment env) {
        boolean tls = env.getProperty("server.ssl.enabled", Boolean.class, false);
        String address = env.getProperty("server.address", "");
        if (!tls && !isLoopback(address)) {
            throw new IllegalStateException(
                    "refusing to serve plain HTTP on '"
                            + (address.isEmpty() ? "all interfaces" : address)
                            + "': set ENTENTE_TLS_KEYSTORE (and ENTENTE_TLS_KEYSTORE_PASSWORD) to"
                            + " serve HTTPS, or bind to 127.0.0.1 for development");
        }
    }

    static boolean isLoopback(String address) {
        if (address.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
