package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The TOTP algorithm against the RFCs' own test vectors, and the window it accepts. */
class TotpTest {
    /** RFC 6238 appendix B's SHA-1 key: the ASCII of "12345678901234567890". */
    private static final byte[] RFC_KEY =
            "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void computesTheCodesOfRfc6238AppendixB() {
        // (time, 8-digit TOTP) for SHA-1, from the RFC's table
        long[][] vectors = {
            {59L, 94287082L},
            {1111111109L, 7081804L},
            {1111111111L, 14050471L},
            {1234567890L, 89005924L},
            {2000000000L, 69279037L},
            {20000000000L, 65353130L},
        };
        for (long[] v : vectors) {
            long step = Totp.step(Instant.ofEpochSecond(v[0]));
            assertThat(Totp.code(RFC_KEY, step, 8))
                    .as("T=%d", v[0])
                    .isEqualTo(String.format("%08d", v[1]));
            // six digits are the last six of eight (the same number modulo 10^6)
            assertThat(Totp.code(RFC_KEY, step, 6))
                    .isEqualTo(String.format("%06d", v[1] % 1_000_000));
        }
    }

    @Test
    void encodesBase32AsRfc4648Section10() {
        String[][] vectors = {
            {"", ""},
            {"f", "MY"},
            {"fo", "MZXQ"},
            {"foo", "MZXW6"},
            {"foob", "MZXW6YQ"},
            {"fooba", "MZXW6YTB"},
            {"foobar", "MZXW6YTBOI"},
        };
        for (String[] v : vectors) {
            byte[] bytes = v[0].getBytes(StandardCharsets.US_ASCII);
            assertThat(Totp.base32(bytes)).isEqualTo(v[1]);
            assertThat(Totp.fromBase32(v[1])).isEqualTo(bytes);
        }
        // as people type it from the page: grouped, lower case, padded
        assertThat(Totp.fromBase32("mzxw 6ytb oi======")).isEqualTo("foobar".getBytes());
        assertThatThrownBy(() -> Totp.fromBase32("MZ1W"))
                .hasMessageContaining("not base32: '1' at 2");
    }

    @Test
    void acceptsTheStepBeforeAndAfterNowAndNoOther() {
        byte[] secret = Totp.newSecret(new SecureRandom());
        Instant now = Instant.parse("2026-12-03T05:00:10Z");
        long step = Totp.step(now);
        for (long s = step - 1; s <= step + 1; s++) {
            assertThat(Totp.matchingStep(secret, Totp.code(secret, s, 6), now))
                    .isEqualTo(OptionalLong.of(s));
        }
        for (long s : new long[] {step - 2, step + 2}) {
            String code = Totp.code(secret, s, 6);
            boolean collides = false;
            for (long near = step - 1; near <= step + 1; near++) {
                collides |= Totp.code(secret, near, 6).equals(code);
            }
            if (!collides) {
                assertThat(Totp.matchingStep(secret, code, now)).isEmpty();
            }
        }
        assertThat(Totp.matchingStep(secret, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "abcdef", now)).isEmpty();
        assertThat(Totp.matchingStep(secret, "", now)).isEmpty();
        String spaced = Totp.code(secret, step, 6);
        assertThat(
                        Totp.matchingStep(
                                secret, spaced.substring(0, 3) + " " + spaced.substring(3), now))
                .isEqualTo(OptionalLong.of(step));
    }

    @Test
    void theLinkForAppsNamesTheIssuerAccountAndParameters() {
        byte[] secret = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.uri("Entente", "ana lyst", secret))
                .isEqualTo(
                        "otpauth://totp/Entente:ana%20lyst?secret=MZXW6YTBOI&issuer=Entente"
                                + "&algorithm=SHA1&digits=6&period=30");
    }
}
