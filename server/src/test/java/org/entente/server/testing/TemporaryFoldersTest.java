package org.entente.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryFoldersTest {
    @Test
    void onlyAFolderNamedByBothPropertiesIsTheRunsToEmpty(@TempDir Path dir) {
        String root = dir.resolve("test-tmp").toString();
        assertThat(TemporaryFolders.owned(root, root)).contains(dir.resolve("test-tmp"));
        assertThat(TemporaryFolders.owned(root, dir.resolve("test-tmp/../test-tmp").toString()))
                .contains(dir.resolve("test-tmp"));
        // an IDE's run: the system's temporary folder, and no folder named
        assertThat(TemporaryFolders.owned("", "/tmp")).isEmpty();
        assertThat(TemporaryFolders.owned(root, "/tmp")).isEmpty();
        assertThat(TemporaryFolders.owned(root, "")).isEmpty();
    }

    @Test
    void emptyingRemovesWhatTestsLeftButTheEmbeddedPostgresData(@TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("test-tmp");
        Path left = Files.createDirectories(root.resolve("entente-test-123/spool"));
        Files.writeString(left.resolveSibling("entente.db"), "a database");
        Path key = Files.writeString(root.resolve("entente-secrets-9.key"), "a key");
        Path postgres = Files.createDirectories(root.resolve("entente-test-pg-abc/base"));

        Process rm = TemporaryFolders.empty(root).orElseThrow();
        assertThat(rm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(rm.exitValue()).isZero();

        assertThat(root.resolve("entente-test-123")).doesNotExist();
        assertThat(key).doesNotExist();
        assertThat(postgres).isDirectory();
        assertThat(dir.resolve("test-tmp")).isDirectory();
    }

    @Test
    void aMissingFolderIsMadeAndAnEmptyOneNeedsNoProcess(@TempDir Path dir) {
        Path root = dir.resolve("not/yet");
        assertThat(TemporaryFolders.empty(root)).isEmpty();
        assertThat(root).isDirectory();
        assertThat(TemporaryFolders.empty(root)).isEmpty();
    }

    @Test
    void theBuildRunsTheTestsInAFolderOfItsOwnUnderTarget() {
        assumeTrue(
                System.getProperty(TemporaryFolders.OWNED) != null,
                "run outside the build (no " + TemporaryFolders.OWNED + ")");
        Path root = TemporaryFolders.owned().orElseThrow();
        assertThat(root.toString()).contains("/target/");
        assertThat(root).isDirectory();
    }
}
