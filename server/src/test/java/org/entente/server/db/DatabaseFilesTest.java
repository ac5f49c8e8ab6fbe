package org.entente.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite database holds everything the node knows, TLP:RED included: on a machine with other
 * accounts, none of them may read it. A node that makes its database makes it, its write-ahead log
 * and its shared-memory index readable by its own user only, in a folder only that user can open.
 */
class DatabaseFilesTest {
    @TempDir Path dir;

    @Test
    void aNewDatabaseAndItsFolderAreTheNodesUsersAlone() throws IOException {
        Path folder = dir.resolve("data").resolve("node");
        Path file = folder.resolve("entente.db");
        try (Database db =
                Database.open(new DatabaseSettings("jdbc:sqlite:" + file, null, null, 2))) {
            db.inTransaction(
                    () -> {
                        db.jdbc()
                                .sql("INSERT INTO ledger_spans_from (id, seq) VALUES (2, 1)")
                                .update();
                    });
            assertThat(permissions(folder)).isEqualTo("rwx------");
            assertThat(permissions(folder.getParent())).isEqualTo("rwx------");
            assertThat(permissions(file)).isEqualTo("rw-------");
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path side = folder.resolve("entente.db" + suffix);
                assertThat(side).as(suffix).exists();
                assertThat(permissions(side)).as(suffix).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingDatabaseKeepsItsModeAndStillOpens() throws IOException {
        Path file = dir.resolve("entente.db");
        Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        try (Database db =
                Database.open(new DatabaseSettings("jdbc:sqlite:" + file, null, null, 2))) {
            assertThat(
                            db.jdbc()
                                    .sql("SELECT count(*) FROM ledger_spans_from")
                                    .query(Long.class)
                                    .single())
                    .isEqualTo(1);
        }
        assertThat(permissions(file)).isEqualTo("rw-r-----");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
