package org.entente.server.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Peer credentials at rest. */
class SecretsTest {
    @Test
    void aSealedSecretOpensOnlyWithTheSameKeyAndPurpose() throws Exception {
        Path dir = Files.createTempDirectory("entente-secrets-");
        Secrets s = Secrets.open("", dir);
        String sealed = s.seal("ent_partner-token", "peer-1:auth");
        assertThat(sealed).startsWith("sealed:v1:").doesNotContain("partner-token");
        assertThat(s.open(sealed, "peer-1:auth")).isEqualTo("ent_partner-token");
        // the same key file opens it in another process's view
        assertThat(Secrets.open("", dir).open(sealed, "peer-1:auth"))
                .isEqualTo("ent_partner-token");
        // bound to its row: moved to another peer it does not open
        assertThatThrownBy(() -> s.open(sealed, "peer-2:auth"))
                .hasMessageContaining("cannot be opened");
        Secrets other = Secrets.open(Base64.getEncoder().encodeToString(new byte[32]), dir);
        assertThatThrownBy(() -> other.open(sealed, "peer-1:auth"))
                .hasMessageContaining("not the one it was sealed with");
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void noKeyFileIsMadeUntilASecretIsSealedAndABadConfiguredKeyIsNamed() throws Exception {
        Path dir = Files.createTempDirectory("entente-secrets-");
        Secrets.open("", dir);
        assertThat(dir.resolve("secrets.key")).doesNotExist();
        assertThatThrownBy(() -> Secrets.open("c2hvcnQ=", dir).seal("x", "y"))
                .hasMessageContaining("32 bytes");
    }
}
