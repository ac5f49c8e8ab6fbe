package org.entente.server.testing;

import java.io.IOException;
import java.util.Set;
import org.entente.server.localnode.OwnedProcesses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes tests start (nodes, importers), each ended with its whole process tree: by the test
 * when it is done with it, else after the test or class that started it (this extension, which
 * {@link Slow} brings), else when the test JVM exits ({@link OwnedProcesses}, where they are
 * registered). A test that fails, or a run that is interrupted, leaves no node JVM behind.
 */
public final class ChildProcesses
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(ChildProcesses.class);

    /** Starts a process that is ended when its test is done, at the latest. */
    public static Process start(ProcessBuilder builder) throws IOException {
        return OwnedProcesses.start(builder);
    }

    /** SIGKILL to the process and everything it started; waits until it is gone. */
    public static void end(Process p) {
        OwnedProcesses.end(p);
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
        context.getStore(NS).put("before", OwnedProcesses.live());
    }

    private static void endStartedSince(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Set<Process> before = context.getStore(NS).get("before", Set.class);
        for (Process p : OwnedProcesses.live()) {
            if (before == null || !before.contains(p)) {
                end(p);
            }
        }
    }
}
