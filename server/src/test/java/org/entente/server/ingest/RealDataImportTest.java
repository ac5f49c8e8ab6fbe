package org.entente.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.entente.server.Node;
import org.entente.server.NodeSettings;
import org.entente.server.NodeSetup;
import org.entente.server.collection.Collection;
import org.entente.server.db.Dialect;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.server.testing.Databases;
import org.entente.server.testing.Slow;
import org.entente.stix.StixJson;
import org.entente.stix.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real feeds imported as {@code entente import} reads them (JSON lines streamed from disk): every
 * object the validator accepts on its own is stored, whatever order its marking definitions come in
 * (issue 9, item 2). Reads {@code ../shared/data}; skips where it is absent.
 */
@Slow
class RealDataImportTest {
    private static Path shared(String relative) {
        String configured = System.getProperty("entente.shared.data");
        Path root =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of("..", "..", "shared", "data");
        Path path = root.resolve(relative).toAbsolutePath().normalize();
        assumeTrue(Files.exists(path), "shared data not found at " + path);
        return path;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stix21/attack-enterprise.jsonl.gz", "stix21/capec.jsonl.gz"})
    void everyValidObjectOfARealFeedIsStored(String feed) throws Exception {
        Path gz = shared(feed);
        Path lines = Files.createTempFile("entente-real-", ".jsonl");
        Validator validator = Validator.withInstalledPatternChecker();
        int objects = 0;
        int invalid = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                OutputStream out = Files.newOutputStream(lines)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                objects++;
                if (!validator.validate(StixJson.parse(line)).valid()) {
                    invalid++;
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        Path dir = Files.createTempDirectory("entente-real-data-");
        try (Node n =
                new Node(
                        NodeSettings.forDatabase(
                                dir,
                                Databases.fresh(Dialect.SQLITE),
                                Databases.user(Dialect.SQLITE),
                                Databases.password(Dialect.SQLITE)),
                        Clock.systemUTC())) {
            NodeSetup.ensure(n);
            Collection c = n.collections().find("api", "threat-intel").orElseThrow();
            PostStatus s =
                    n.ingest()
                            .add(
                                    c,
                                    "test",
                                    n.policy().operatorWrite(),
                                    new Payload.File(lines, false),
                                    Ingest.Shape.ANY,
                                    Ingest.Listener.NONE);
            assertThat(s.totalCount()).isEqualTo(objects);
            List<String> refusals = new ArrayList<>();
            s.failures().stream()
                    .map(StatusDetail::message)
                    .forEach(m -> m.ifPresent(refusals::add));
            assertThat(refusals)
                    .as("no object refused for where its marking definition stands")
                    .noneMatch(m -> m.contains("marking-definition"));
            assertThat(s.failureCount())
                    .as("refused: exactly the objects the validator refuses on their own")
                    .isEqualTo(invalid);
            assertThat(s.successCount()).isEqualTo(objects - invalid);
        } finally {
            Files.deleteIfExists(lines);
        }
    }
}
