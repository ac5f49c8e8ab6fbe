package org.entente.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** No process a test started outlives it: not when the test fails, not when the JVM exits. */
class ChildProcessesTest {
    /** A shell that has started a child of its own: a process tree of two. */
    private static ProcessBuilder tree() {
        return new ProcessBuilder("/bin/sh", "-c", "sleep 600 & sleep 600");
    }

    @Test
    void endingAProcessEndsItsChildrenToo() throws Exception {
        Process shell = ChildProcesses.start(tree());
        List<ProcessHandle> children = awaitChildren(shell);
        ChildProcesses.end(shell);
        assertThat(shell.isAlive()).isFalse();
        for (ProcessHandle child : children) {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child %d", child.pid()).isFalse();
        }
    }

    @Test
    void aTestThatFailsLeavesNoProcessBehind() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(StartsANodeAndFails.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(StartsANodeAndFails.started).isNotNull();
        assertThat(StartsANodeAndFails.started.isAlive())
                .as("the process of the failed test")
                .isFalse();
    }

    @Test
    void aJvmThatExitsEndsTheProcessesItStarted() throws Exception {
        Path pidFile = java.nio.file.Files.createTempFile("entente-child-", ".pid");
        Process jvm =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                StartsAChildAndExits.class.getName(),
                                pidFile.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(jvm.getInputStream().readAllBytes());
        assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(jvm.exitValue()).as(out).isZero();
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        ProcessHandle child = ProcessHandle.of(pid).orElse(null);
        if (child != null) {
            child.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(child == null || !child.isAlive()).as("process %d", pid).isTrue();
    }

    private static List<ProcessHandle> awaitChildren(Process p) {
        Agency.await(
                java.time.Duration.ofSeconds(30),
                "the shell starts its child",
                () -> p.descendants().findAny().isPresent());
        return p.descendants().toList();
    }

    /** Run only through the test kit above (surefire does not run nested classes). */
    @Slow
    static class StartsANodeAndFails {
        static Process started;

        @Test
        void startsAProcessThenFails() throws Exception {
            started = ChildProcesses.start(tree());
            throw new AssertionError("this test fails on purpose");
        }
    }

    /** A test JVM in miniature: starts a process, writes its pid, and exits without ending it. */
    static final class StartsAChildAndExits {
        public static void main(String[] args) throws Exception {
            Process p = ChildProcesses.start(new ProcessBuilder("sleep", "600"));
            java.nio.file.Files.writeString(Path.of(args[0]), Long.toString(p.pid()));
        }
    }
}
