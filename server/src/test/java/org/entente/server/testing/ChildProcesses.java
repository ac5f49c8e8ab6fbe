package org.entente.server.testing;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes tests start (nodes, importers), each ended with its whole process tree: by the test
 * when it is done with it, else after the test or class that started it (this extension, which
 * {@link Slow} brings), else when the test JVM exits (a shutdown hook). A test that fails, or a run
 * that is interrupted, leaves no node JVM behind.
 */
public final class ChildProcesses
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(ChildProcesses.class);

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> Set.copyOf(LIVE).forEach(ChildProcesses::end),
                                "end-children"));
    }

    /** Starts a process that is ended when its test is done, at the latest. */
    public static Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        LIVE.add(p);
        return p;
    }

    /** SIGKILL to the process and everything it started; waits until it is gone. */
    public static void end(Process p) {
        // its descendants first listed, then killed with it: once it is dead they are orphans
        // that its handle no longer finds
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        remember(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        remember(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        endStartedSince(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        endStartedSince(context);
    }

    private static void remember(ExtensionContext context) {
        context.getStore(NS).put("before", Set.copyOf(LIVE));
    }

    private static void endStartedSince(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Process> before = context.getStore(NS).get("before", Set.class);
        for (Process p : Set.copyOf(LIVE)) {
            if (before == null || !before.contains(p)) {
                end(p);
            }
        }
    }
}
