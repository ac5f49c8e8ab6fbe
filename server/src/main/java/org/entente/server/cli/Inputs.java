package org.entente.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.entente.server.store.Payload;

/** Files named on the command line: {@code -} is standard input, {@code .gz} is gunzipped. */
final class Inputs {
    private Inputs() {}

    static Path existing(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(
                    "no such file: " + path.toAbsolutePath() + " (use - for standard input)");
        }
        return path;
    }

    /** A payload that can be read twice; standard input is first copied to a temporary file. */
    static Payload payload(String file) throws IOException {
        if (file.equals("-")) {
            Path spool = Files.createTempFile("entente-import-", ".json");
            Files.copy(System.in, spool, StandardCopyOption.REPLACE_EXISTING);
            return new Payload.File(spool, true);
        }
        return new Payload.File(existing(file), false);
    }

    static InputStream open(String file) throws IOException {
        if (file.equals("-")) {
            return System.in;
        }
        return new Payload.File(existing(file), false).open();
    }
}
