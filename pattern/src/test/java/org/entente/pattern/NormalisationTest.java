package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Fixtures.json;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Spellings STIX treats as the same thing match each other, whichever side writes them: hash
 * algorithm names of the hash-algorithm vocabulary, the hex case of digests, the case and a
 * trailing dot of domain names. Both the compiled index and the full evaluation see it so.
 */
class NormalisationTest {
    private static final EventMapping DEFAULTS = EventMapping.defaults();
    private static final String SHA256 =
            "ca5fb5814ec62c8f04936740aabe2664b3c7d036203afbd8425cd67cf1f4b79d";
    private static final String SHA1 = "46aba99aa7158e4609aaa72b50990842fd22ae86";

    private static Observation event(String json) {
        return DEFAULTS.map(json(json), 1, Instant.parse("2024-03-01T10:00:00Z"));
    }

    private static boolean holds(String pattern, Observation o) {
        return Fixtures.matches(pattern, o);
    }

    @Test
    void hashAlgorithmNamesAreReadInTheVocabularysSpelling() {
        Observation file = event("{'sha256':'" + SHA256 + "','sha1':'" + SHA1 + "'}");
        for (String key : new String[] {"SHA256", "sha256", "'sha-256'", "SHA_256", "'SHA-256'"}) {
            assertThat(holds("[file:hashes." + key + " = '" + SHA256 + "']", file))
                    .as(key)
                    .isTrue();
        }
        assertThat(holds("[file:hashes.SHA1 = '" + SHA1 + "']", file)).isTrue();
        assertThat(holds("[file:hashes.sha1 = '" + SHA1 + "']", file)).isTrue();
        // the algorithm still matters
        assertThat(holds("[file:hashes.SHA512 = '" + SHA256 + "']", file)).isFalse();
        assertThat(holds("[file:hashes.MD5 = '" + SHA256 + "']", file)).isFalse();
    }

    @Test
    void upperCaseHexDigestsMatchOnBothSides() {
        Observation file = event("{'sha256':'" + SHA256 + "'}");
        assertThat(holds("[file:hashes.'SHA-256' = '" + SHA256.toUpperCase() + "']", file))
                .isTrue();
        assertThat(holds("[file:hashes.SHA256 IN ('00', '" + SHA256.toUpperCase() + "')]", file))
                .isTrue();
        // a partner's observed-data with its own spellings
        Observation partner =
                Fixtures.obs("{'type':'file','hashes':{'sha256':'" + SHA256.toUpperCase() + "'}}");
        assertThat(holds("[file:hashes.'SHA-256' = '" + SHA256 + "']", partner)).isTrue();
        assertThat(holds("[file:hashes.'SHA-256' != '" + SHA256 + "']", partner)).isFalse();
        assertThat(holds("[file:hashes.'SHA-256' LIKE 'CA5FB%']", partner)).isTrue();
        assertThat(holds("[file:hashes.'SHA-256' MATCHES '^CA5F']", partner)).isTrue();
    }

    @Test
    void ssdeepDigestsAreBase64AndStayCaseSensitive() {
        Observation partner =
                Fixtures.obs(
                        "{'type':'file','hashes':{'SSDEEP':'3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C'}}");
        assertThat(
                        holds(
                                "[file:hashes.ssdeep = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']",
                                partner))
                .isTrue();
        assertThat(
                        holds(
                                "[file:hashes.SSDEEP = '3:axgbicflgvnhbgcl6wcrfqev:axghsnhxlsr2c']",
                                partner))
                .isFalse();
    }

    @Test
    void domainNamesCompareWithoutCaseAndTrailingDot() {
        Observation query = event("{'query':'www.Evil.Example.','src_ip':'10.0.0.5'}");
        assertThat(holds("[domain-name:value = 'www.evil.example']", query)).isTrue();
        assertThat(holds("[domain-name:value = 'WWW.EVIL.EXAMPLE']", query)).isTrue();
        assertThat(holds("[domain-name:value = 'www.evil.example.']", query)).isTrue();
        assertThat(holds("[domain-name:value IN ('x.example', 'Www.Evil.Example')]", query))
                .isTrue();
        assertThat(holds("[domain-name:value != 'WWW.evil.example']", query)).isFalse();
        assertThat(holds("[domain-name:value LIKE '%.EVIL.example']", query)).isTrue();
        assertThat(holds("[domain-name:value MATCHES '^WWW\\\\.EVIL\\\\.']", query)).isTrue();
        Observation partner = Fixtures.obs("{'type':'domain-name','value':'Evil.Example.'}");
        assertThat(holds("[domain-name:value = 'evil.example']", partner)).isTrue();
        assertThat(holds("[domain-name:value = 'other.example']", partner)).isFalse();
    }

    @Test
    void caseSensitiveValuesStaySo() {
        Observation proxy = event("{'url':'http://bad.example/Payload.exe','host':'bad.example'}");
        assertThat(holds("[url:value = 'http://bad.example/Payload.exe']", proxy)).isTrue();
        assertThat(holds("[url:value = 'http://bad.example/payload.exe']", proxy)).isFalse();
        Observation file = event("{'sha256':'" + SHA256 + "','file_name':'Invoice.exe'}");
        assertThat(holds("[file:name = 'invoice.exe']", file)).isFalse();
    }
}
