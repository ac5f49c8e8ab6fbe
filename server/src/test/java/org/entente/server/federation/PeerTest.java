package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a peer record accepts. */
class PeerTest {
    private static Peer peer(String name, String url, Peer.Credentials c, Optional<String> root) {
        return new Peer(
                "id",
                name,
                "org",
                Optional.empty(),
                "principal",
                URI.create(url),
                root,
                c,
                Optional.empty(),
                Optional.empty(),
                true,
                true,
                true,
                0);
    }

    @Test
    void httpsAnywhereHttpOnlyOnLoopbackAndTheUrlEndsWithASlash() {
        Peer.Credentials t = new Peer.Credentials.Token("ent_x");
        assertThat(peer("nisc", "https://taxii.nisc.example:8443", t, Optional.empty()).url())
                .isEqualTo(URI.create("https://taxii.nisc.example:8443/"));
        assertThat(peer("dev", "http://127.0.0.1:8080/", t, Optional.empty()).url().getScheme())
                .isEqualTo("http");
        assertThatThrownBy(() -> peer("nisc", "http://taxii.nisc.example/", t, Optional.empty()))
                .hasMessageContaining("plain http is accepted only on loopback");
        assertThatThrownBy(() -> peer("nisc", "ftp://x.example/", t, Optional.empty()))
                .hasMessageContaining("https URL");
        assertThatThrownBy(() -> peer("nisc", "https://u:p@x.example/", t, Optional.empty()))
                .hasMessageContaining("no query, fragment or credentials");
        assertThatThrownBy(() -> peer("nisc", "https://x.example/", t, Optional.of("api")))
                .hasMessageContaining("api_root must be a path");
    }

    @Test
    void namesAreShortAndPlainAndAPeerNeedsSomeWayToAuthenticate() {
        assertThatThrownBy(
                        () ->
                                peer(
                                        "NISC Japan",
                                        "https://x.example/",
                                        new Peer.Credentials.Token("t"),
                                        Optional.empty()))
                .hasMessageContaining("lower-case letters");
        assertThatThrownBy(
                        () ->
                                peer(
                                        "nisc",
                                        "https://x.example/",
                                        new Peer.Credentials.None(),
                                        Optional.empty()))
                .hasMessageContaining("needs a token");
        assertThat(new Peer.Credentials.Token("ent_secret").toString()).doesNotContain("secret");
        assertThat(new Peer.Credentials.Basic("u", "pw-secret").toString())
                .doesNotContain("pw-secret");
    }
}
