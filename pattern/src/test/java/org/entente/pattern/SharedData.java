package org.entente.pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The public corpora beside the checkout ({@code ../shared/data}). Tests that read them skip with a
 * message where they are absent, as in a user's fresh clone.
 */
final class SharedData {
    private SharedData() {}

    static Path root() {
        String configured = System.getProperty("entente.shared.data");
        Path root =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of("..", "..", "shared", "data");
        return root.toAbsolutePath().normalize();
    }

    /** The path of {@code relative} under the shared data, skipping the test when it is absent. */
    static Path require(String relative) {
        Path path = root().resolve(relative);
        assumeTrue(
                Files.exists(path),
                "shared data not found at " + path + " (only present beside the team's checkout)");
        return path;
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
