package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.entente.server.localnode.TlsIdentity;
import org.entente.server.testing.Pki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TAXII client's distrust: pinned TLS, bounded answers, the peer's own words on errors. */
class PeerClientTest {
    /** What the fake peer answers every page request with: about 200 kB. */
    private static final String PAGE =
            "{\"more\":false,\"objects\":[],\"padding\":\""
                    + "0123456789abcdef".repeat(12_500)
                    + "\"}";

    private static Path dir;
    private static FakePeer fake;
    private static TlsIdentity stranger;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("entente-client-");
        fake =
                new FakePeer(
                        Pki.create(dir, "peer"), (q, n) -> FakePeer.Answer.page(PAGE, Map.of()));
        stranger = Pki.create(dir, "stranger");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static PeerClient client(Peer.Credentials c, String pinned, FederationSettings s) {
        Peer p =
                new Peer(
                        "id",
                        "fake",
                        "org",
                        Optional.empty(),
                        "principal",
                        fake.base(),
                        Optional.empty(),
                        c,
                        Optional.of(pinned),
                        Optional.empty(),
                        true,
                        true,
                        true,
                        0);
        return new PeerClient(
                p,
                Transport.JDK.client(
                        PeerTls.context(p.trustPem(), p.clientCertificate()),
                        Duration.ofSeconds(5)),
                s,
                Clock.systemUTC());
    }

    @Test
    void aServerWithAnotherCertificateThanThePinnedOneIsRefused() {
        PeerClient c =
                client(
                        new Peer.Credentials.Token(FakePeer.TOKEN),
                        stranger.certificatePem(),
                        FederationSettings.DEFAULTS);
        assertThatThrownBy(c::discover)
                .isInstanceOfSatisfying(
                        PeerFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(PeerFailure.Kind.TLS))
                .hasMessageContaining("pinned certificate");
        assertThat(
                        client(
                                        new Peer.Credentials.Token(FakePeer.TOKEN),
                                        fake.identity().certificatePem(),
                                        FederationSettings.DEFAULTS)
                                .discover())
                .isEqualTo("Fake peer");
    }

    @Test
    void refusedCredentialsComeBackWithThePeersOwnWords() {
        PeerClient c =
                client(
                        new Peer.Credentials.Token("ent_wrong"),
                        fake.identity().certificatePem(),
                        FederationSettings.DEFAULTS);
        assertThatThrownBy(c::discover)
                .isInstanceOfSatisfying(
                        PeerFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(PeerFailure.Kind.UNAUTHENTICATED))
                .hasMessageContaining("answered 401 (Authentication required: bad token)");
    }

    @Test
    void aLargePageComesBackByteForByte() {
        PeerClient c =
                client(
                        new Peer.Credentials.Token(FakePeer.TOKEN),
                        fake.identity().certificatePem(),
                        FederationSettings.DEFAULTS);
        PeerClient.ObjectsPage page =
                c.objects(FakePeer.COLLECTION, PeerCollection.PullCursor.START, 10);
        // several TLS records, gathered over more than one block
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        assertThat(page.body().length).isGreaterThan(BodyBytes.FIRST_BLOCK + 1);
    }

    @Test
    void anAnswerLargerThanTheLimitIsCutOff() {
        FederationSettings small =
                new FederationSettings(
                        null, null, null, null, null, null, 100_000L, null, null, null, null, null,
                        null, null, null);
        PeerClient c =
                client(
                        new Peer.Credentials.Token(FakePeer.TOKEN),
                        fake.identity().certificatePem(),
                        small);
        assertThatThrownBy(
                        () -> c.objects(FakePeer.COLLECTION, PeerCollection.PullCursor.START, 10))
                .isInstanceOfSatisfying(
                        PeerFailure.class,
                        f -> assertThat(f.kind()).isEqualTo(PeerFailure.Kind.TOO_LARGE))
                .hasMessageContaining("more than 100000 bytes: cut off");
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(BoundedHttp.retryAfter("120", clock)).contains(Duration.ofMinutes(2));
        assertThat(BoundedHttp.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", clock))
                .contains(Duration.ofSeconds(30));
        assertThat(BoundedHttp.retryAfter("soon", clock)).isEmpty();
        assertThat(BoundedHttp.retryAfter("-5", clock)).isEmpty();
    }
}
