package org.entente.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The test run's temporary folder: the server's tests make their SQLite databases, spools, keys and
 * nodes' data folders under {@code java.io.tmpdir}, and nothing removed them, so every run left
 * about a gigabyte behind (4,878 folders, 26 GB, after a few weeks on the team's machine). The
 * build points {@code java.io.tmpdir} at a folder of {@code target/} and names the same folder in
 * {@value #OWNED} (server/pom.xml); this empties that folder when a run opens (what a killed run
 * left) and when it closes.
 *
 * <p>Only a folder named by both properties is touched: a test started from an IDE, with the
 * system's temporary folder, is left alone. The embedded PostgreSQL's data folder is left to {@link
 * Databases}, which stops the server first.
 */
public final class TemporaryFolders implements LauncherSessionListener {
    /** The system property that names the folder the run may empty. */
    static final String OWNED = "entente.test.tmp";

    /** The prefix of the embedded PostgreSQL's data folder (see {@link Databases}). */
    static final String EMBEDDED_POSTGRES = "entente-test-pg-";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        owned().ifPresent(TemporaryFolders::empty);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        owned().ifPresent(TemporaryFolders::empty);
    }

    /**
     * Makes {@code root} if it is missing and removes what lies in it (but the embedded
     * PostgreSQL's data folder), in the background; returns the removing process, if any.
     */
    static Optional<Process> empty(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the tests' temporary folder " + root, e);
        }
        return removeInBackground(leftIn(root));
    }

    /**
     * The folder this run may empty: {@code java.io.tmpdir} when {@value #OWNED} names the same
     * folder, else none.
     */
    static Optional<Path> owned() {
        return owned(System.getProperty(OWNED, ""), System.getProperty("java.io.tmpdir", ""));
    }

    static Optional<Path> owned(String named, String tmpdir) {
        if (named.isBlank() || tmpdir.isBlank()) {
            return Optional.empty();
        }
        Path root = Path.of(named).toAbsolutePath().normalize();
        return root.equals(Path.of(tmpdir).toAbsolutePath().normalize())
                ? Optional.of(root)
                : Optional.empty();
    }

    /** What lies in {@code root}, but the embedded PostgreSQL's data folder. */
    static List<Path> leftIn(Path root) {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(p -> !p.getFileName().toString().startsWith(EMBEDDED_POSTGRES))
                    .forEach(left::add);
        } catch (IOException e) {
            // nothing to list: nothing to remove
        }
        return left;
    }

    /**
     * Removes {@code paths} in a process of their own that the JVM does not wait for: surefire
     * gives a closing JVM 30 s, and a loaded machine can take longer over a run's folders.
     */
    static Optional<Process> removeInBackground(List<Path> paths) {
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("rm", "-rf", "--"));
        paths.forEach(p -> command.add(p.toString()));
        try {
            return Optional.of(
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start());
        } catch (IOException e) {
            return Optional.empty(); // left for the next run to remove
        }
    }
}
