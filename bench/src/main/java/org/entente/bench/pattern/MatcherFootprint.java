package org.entente.bench.pattern;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import org.entente.pattern.IndicatorMatcher;

/**
 * Retained heap of a matcher: heap used after full GCs with the matcher loaded, minus heap used
 * after full GCs before loading (the benchmark's input specs are dropped before measuring). Usage:
 * {@code java -cp entente-bench.jar org.entente.bench.pattern.MatcherFootprint [n...]}.
 */
public final class MatcherFootprint {
    private MatcherFootprint() {}

    public static void main(String[] args) throws InterruptedException {
        int[] counts = args.length == 0 ? new int[] {100_000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            counts[i] = Integer.parseInt(args[i]);
        }
        BenchData.iocs(); // read the corpus before the baseline, it is not part of the matcher
        for (int n : counts) {
            long before = usedAfterGc();
            List<BenchData.Spec> specs = BenchData.indicators(n, 42);
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long gc0 = gcMillis();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = processCpuNanos();
            long started = System.nanoTime();
            IndicatorMatcher m = Workload.matcher(specs);
            long millis = (System.nanoTime() - started) / 1_000_000;
            // on a shared machine wall time includes other processes' turns; this thread's CPU
            // time plus the collectors' time does not
            long cpuMillis = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
            // the collectors and the JIT's compilers work beside the loading thread: the
            // process's CPU time is all of it
            long processMillis = (processCpuNanos() - process0) / 1_000_000;
            long gc = gcMillis() - gc0;
            specs = null;
            long after = usedAfterGc();
            long retained = after - before;
            System.out.printf(
                    "indicators=%d leaves=%d retained=%.1f MB (%d bytes/indicator) load=%d ms"
                            + " (thread cpu %d ms, process cpu %d ms, gc %d ms) max-heap=%d MB%n",
                    m.size(),
                    m.leafCount(),
                    retained / 1e6,
                    retained / Math.max(1, m.size()),
                    millis,
                    cpuMillis,
                    processMillis,
                    gc,
                    Runtime.getRuntime().maxMemory() >> 20);
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(specs);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc :
                ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
