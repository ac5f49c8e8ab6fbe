package org.entente.server.localnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.entente.server.testing.Slow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local node that does not come up is not left behind: the kit ends its process before it says
 * why, whether the JVM hangs (the patience runs out) or exits at once (said at once, not after the
 * patience). The "nodes" here are tiny programs that never listen.
 */
@Slow
class LocalNodeTest {
    private static final String PID_FILE = "entente.test.pid-file";

    @TempDir static Path dir;
    private static TlsIdentity identity;

    @BeforeAll
    static void certificate() {
        identity = LocalPki.issue(dir.resolve("pki").resolve("node.p12"), "CN=localhost", "secret");
    }

    private static LocalNodeOptions options(Path home, Class<?> main) {
        return new LocalNodeOptions(
                "mute",
                home,
                identity,
                "ent_test-admin-token-0123456789abcdefghijklmnop",
                LocalNodeOptions.javaArguments(
                        main.getName(), Map.of(PID_FILE, home.resolve("pid").toString())),
                Map.of());
    }

    @Test
    void aNodeThatNeverAnswersIsEndedWhenItsPatienceRunsOut() throws Exception {
        Path home = dir.resolve("hangs");
        assertThatThrownBy(
                        () -> LocalNode.start(options(home, Hangs.class), Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mute's node did not answer within 20 s")
                .hasMessageContaining(home.resolve("node.log").toString());
        Path pidFile = home.resolve("pid");
        assertThat(pidFile)
                .as("the hung program wrote its pid within 20 s (a machine too loaded to?)")
                .exists();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> jvm = ProcessHandle.of(pid);
        if (jvm.isPresent()) {
            jvm.get().onExit().completeOnTimeout(jvm.get(), 30, TimeUnit.SECONDS).join();
        }
        assertThat(jvm.map(ProcessHandle::isAlive).orElse(false)).as("the node's JVM").isFalse();
        assertThat(OwnedProcesses.live()).noneMatch(p -> p.pid() == pid);
    }

    @Test
    void aNodeThatExitsAtStartIsReportedAtOnceWithItsLog() {
        Path home = dir.resolve("exits");
        long started = System.nanoTime();
        assertThatThrownBy(() -> LocalNode.start(options(home, Exits.class), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "mute's node stopped at start; see " + home.resolve("node.log"));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no wait for the patience")
                .isLessThan(Duration.ofMinutes(2));
    }

    /**
     * A port free when chosen and taken before the node bound it (another test's node, on a shared
     * machine) is chosen again; any other failure at start is not retried.
     */
    @Test
    void aPortTakenBeforeTheNodeBoundItIsChosenAgainOnce() throws Exception {
        Path home = dir.resolve("port-taken");
        assertThatThrownBy(
                        () ->
                                LocalNode.start(
                                        options(home, PortTakenOnce.class), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mute's node stopped at start");
        List<String> ports = Files.readAllLines(home.resolve("pid"));
        assertThat(ports).as("the ports each start was given").hasSize(2);
        assertThat(ports.get(1)).isNotEqualTo(ports.get(0));
    }

    /**
     * A node whose first start finds its port taken, as Spring Boot says it, and whose second fails
     * for another reason; each start appends its port to the file named by {@link #PID_FILE}.
     */
    static final class PortTakenOnce {
        public static void main(String[] args) throws Exception {
            String port = args[List.of(args).indexOf("--port") + 1];
            Path ports = Path.of(System.getProperty(PID_FILE));
            boolean first = !Files.exists(ports);
            Files.writeString(
                    ports, port + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println(
                    first
                            ? "Web server failed to start. Port " + port + " was already in use."
                            : "bad setting");
            System.exit(1);
        }
    }

    /** A node that starts and never listens. */
    static final class Hangs {
        public static void main(String[] args) throws Exception {
            Files.writeString(
                    Path.of(System.getProperty(PID_FILE)),
                    Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // a hung node, not a test's wait
        }
    }

    /** A node that fails at once, as one with a bad setting does. */
    static final class Exits {
        public static void main(String[] args) {
            System.out.println("bad setting");
            System.exit(1);
        }
    }
}
