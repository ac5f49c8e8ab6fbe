package org.entente.server.localnode;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes this JVM started for local nodes (and other helpers), each ended with its
 * whole process tree: by its owner when done with it, else when this JVM exits (a shutdown hook
 * that asks each to stop, then kills what is left). Why a registry: a caller that fails between
 * starting a node and stopping it (a test's assertion, Ctrl-C in the demo) must not leave a JVM
 * behind holding a port and a database.
 */
public final class OwnedProcesses {
    /** How long the exit hook lets the processes still running stop on their own. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(30);

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OwnedProcesses::endAll, "end-children"));
    }

    private OwnedProcesses() {}

    /** Starts a process that is ended when this JVM exits, at the latest. */
    public static Process start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        LIVE.add(p);
        return p;
    }

    /** The processes started here that have not been ended yet. */
    public static Set<Process> live() {
        return Set.copyOf(LIVE);
    }

    /** SIGKILL to the process and everything it started; waits until it is gone. */
    public static void end(Process p) {
        // its descendants listed first, then killed with it: once it is dead they are orphans
        // that its handle no longer finds
        kill(p, p.descendants().toList());
    }

    /**
     * SIGTERM, as an operator stops a node, then SIGKILL to what is left of its tree once {@code
     * grace} has passed (at once if it stopped): a node shuts down cleanly when it can, and is gone
     * in any case.
     */
    public static void stop(Process p, Duration grace) {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        try {
            p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            kill(p, tree);
        }
    }

    /** All at once, so that one slow process does not use up the others' grace. */
    private static void endAll() {
        Map<Process, List<ProcessHandle>> trees = new HashMap<>();
        for (Process p : live()) {
            trees.put(p, p.descendants().toList());
        }
        trees.keySet().forEach(Process::destroy);
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        for (Map.Entry<Process, List<ProcessHandle>> e : trees.entrySet()) {
            try {
                e.getKey().waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            kill(e.getKey(), e.getValue());
        }
    }

    private static void kill(Process p, List<ProcessHandle> listedBefore) {
        List<ProcessHandle> now = p.descendants().toList();
        p.destroyForcibly();
        listedBefore.forEach(ProcessHandle::destroyForcibly);
        now.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }
}
