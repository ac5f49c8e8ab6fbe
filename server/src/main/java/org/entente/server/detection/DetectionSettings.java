package org.entente.server.detection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the node looks for its indicators in posted events ({@code entente.detection.*}, or {@code
 * ENTENTE_DETECTION_*}). Anything left out takes the default written here.
 *
 * @param enabled whether the node accepts events at all
 * @param eager compile the indicators at start rather than on the first batch of events; a node
 *     that never receives events then never spends memory on a matcher
 * @param maxIndicators the most indicators compiled; the ones beyond are left out (and counted), so
 *     that a node holding millions of indicators on a small heap keeps running
 * @param window the sighting window: matches of one indicator within it make one sighting
 * @param memoryBudget the heap the compiled indicators may take (estimated, about 1.5 KB each); the
 *     ones beyond are left out and counted. Default: a quarter of the JVM's maximum heap
 * @param firstBatchWait how long the first batch of events waits for the compile to end; after it,
 *     and for every later batch, events are matched against what is compiled so far
 */
@ConfigurationProperties("entente.detection")
public record DetectionSettings(
        Boolean enabled,
        Boolean eager,
        Integer maxIndicators,
        Duration window,
        DataSize memoryBudget,
        Duration firstBatchWait) {
    public static final DetectionSettings DEFAULTS =
            new DetectionSettings(null, null, null, null, null, null);

    public DetectionSettings {
        enabled = enabled == null || enabled;
        eager = eager != null && eager;
        maxIndicators = maxIndicators == null ? 1_000_000 : maxIndicators;
        window = window == null ? Duration.ofMinutes(1) : window;
        memoryBudget =
                memoryBudget == null
                        ? DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 4)
                        : memoryBudget;
        firstBatchWait = firstBatchWait == null ? Duration.ofSeconds(2) : firstBatchWait;
        if (memoryBudget.toBytes() < 0) {
            throw new IllegalArgumentException(
                    "entente.detection.memory-budget must not be negative, not " + memoryBudget);
        }
        if (firstBatchWait.isNegative()) {
            throw new IllegalArgumentException(
                    "entente.detection.first-batch-wait must not be negative, not "
                            + firstBatchWait);
        }
        if (maxIndicators < 1) {
            throw new IllegalArgumentException(
                    "entente.detection.max-indicators must be positive, not " + maxIndicators);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(
                    "entente.detection.window must be positive, not " + window);
        }
    }
}
