package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.db.Dialect;
import org.entente.server.store.Visibility;
import org.entente.server.testing.ChildProcesses;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Fixtures;
import org.entente.server.testing.Slow;
import org.junit.jupiter.api.Test;

/**
 * A bundle four times larger than the importer's heap is imported whole: nothing holds the
 * document. (The 1 GB bundle with a 256 MB heap of the issue is in bench/import-bench.sh; this is
 * the same ratio at a size CI can afford.)
 */
@Slow
class LargeImportTest {
    private static final long BUNDLE_BYTES = 256L * 1024 * 1024;

    @Test
    void importsABundleFourTimesLargerThanItsHeap() throws Exception {
        Path dir = Files.createTempDirectory("entente-large-");
        Path bundle = dir.resolve("big.json");
        long objects = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bundle), 1 << 20)) {
            out.write(
                    "{\"type\":\"bundle\",\"id\":\"bundle--6b2b8b5e-9b1c-4b8e-9d4f-2a2b9c1d0e11\",\"objects\":["
                            .getBytes(StandardCharsets.US_ASCII));
            long written = 0;
            while (written < BUNDLE_BYTES) {
                byte[] o =
                        Fixtures.indicator(
                                        Fixtures.newId("indicator"),
                                        "2024-01-01T00:00:00.000Z",
                                        "10.1.2.3")
                                .getBytes(StandardCharsets.UTF_8);
                if (objects++ > 0) {
                    out.write(',');
                }
                out.write(o);
                written += o.length + 1;
            }
            out.write("]}".getBytes(StandardCharsets.US_ASCII));
        }
        String database = Databases.fresh(Dialect.SQLITE);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process importer =
                ChildProcesses.start(
                        new ProcessBuilder(
                                        javaBin,
                                        "-Xmx64m",
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "org.entente.server.cli.Main",
                                        "import",
                                        bundle.toString(),
                                        "--collection",
                                        "threat-intel",
                                        "--database",
                                        database)
                                .redirectErrorStream(true)
                                .redirectOutput(dir.resolve("import.log").toFile()));
        assertThat(importer.waitFor(15, TimeUnit.MINUTES)).as("the import ends").isTrue();
        String log = Files.readString(dir.resolve("import.log"));
        assertThat(importer.exitValue()).as(log).isZero();
        assertThat(log).contains(String.format(java.util.Locale.ROOT, "Read %,d objects", objects));
        NodeSettings settings = NodeSettings.forDatabase(dir, database, null, null);
        try (Node node = new Node(settings, Clock.systemUTC())) {
            var c = node.collections().find("api", "threat-intel").orElseThrow();
            assertThat(node.objects().count(c.id(), Visibility.all())).isEqualTo(objects);
        }
        Files.delete(bundle);
    }
}
