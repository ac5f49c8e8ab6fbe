package org.entente.server.federation;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A partner's node: where its TAXII 2.1 server is, how we prove who we are to it, which server
 * certificate or CA we trust for it, and the partner organisation it belongs to.
 *
 * @param principalId the principal the peer acts as in this node (of its organisation, role
 *     partner): what we pull from it is written as this principal, what we push is read as it
 * @param url the server's base URL, e.g. {@code https://taxii.nisc.example:8443/}
 * @param apiRoot the API root, a path such as {@code /taxii2/api/} or a URL; empty: the default of
 *     the peer's discovery resource
 * @param trustPem the certificate (pinned) or CA certificates we trust for the peer, PEM; empty:
 *     the JDK's CAs
 * @param pull whether we pull what the peer opens to us
 * @param push whether we push what our agreements share with the partner
 */
public record Peer(
        String id,
        String name,
        String organisationId,
        Optional<String> agreementId,
        String principalId,
        URI url,
        Optional<String> apiRoot,
        Credentials credentials,
        Optional<String> trustPem,
        Optional<ClientCertificate> clientCertificate,
        boolean pull,
        boolean push,
        boolean enabled,
        long createdAt) {

    /** How we authenticate to the peer (beside a client certificate, if any). */
    public sealed interface Credentials {
        /** Nothing but the client certificate. */
        record None() implements Credentials {}

        record Token(String token) implements Credentials {
            public Token {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("the peer's token must not be blank");
                }
            }

            @Override
            public String toString() {
                return "Token[***]";
            }
        }

        record Basic(String user, String password) implements Credentials {
            public Basic {
                if (user == null || user.isBlank() || user.contains(":")) {
                    throw new IllegalArgumentException(
                            "a Basic user name must be non-blank and without ':'");
                }
                Objects.requireNonNull(password, "password");
            }

            @Override
            public String toString() {
                return "Basic[" + user + ", ***]";
            }
        }
    }

    /** Our client certificate for the peer: the chain and its private key, both PEM. */
    public record ClientCertificate(String certificatePem, String keyPem) {
        public ClientCertificate {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(keyPem, "keyPem");
        }

        @Override
        public String toString() {
            return "ClientCertificate[***]";
        }
    }

    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiRoot, "apiRoot");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(trustPem, "trustPem");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException(
                    "a peer's name is 1 to 64 lower-case letters, digits, '.', '_' or '-', not '"
                            + name
                            + "'");
        }
        url = checkUrl(url);
        if (apiRoot.isPresent()
                && !apiRoot.get().startsWith("/")
                && !apiRoot.get().startsWith("https://")) {
            throw new IllegalArgumentException(
                    "api_root must be a path such as /taxii2/api/ or an https URL, not '"
                            + apiRoot.get()
                            + "'");
        }
        if (credentials instanceof Credentials.None && clientCertificate.isEmpty()) {
            throw new IllegalArgumentException(
                    "a peer needs a token, a Basic user and password, or a client certificate");
        }
    }

    /**
     * TAXII requires HTTPS; plain HTTP is accepted only to a loopback address (development), as the
     * node itself serves it only there.
     */
    static URI checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(
                    "a peer's url is an https URL such as https://taxii.example.org:8443/, not '"
                            + url
                            + "'");
        }
        if (url.getQuery() != null || url.getFragment() != null || url.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "a peer's url has no query, fragment or credentials: '" + url + "'");
        }
        if (scheme.equals("http") && !loopback(url.getHost())) {
            throw new IllegalArgumentException(
                    "TAXII runs over HTTPS: plain http is accepted only on loopback, not '"
                            + url
                            + "'");
        }
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        return URI.create(
                scheme + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
