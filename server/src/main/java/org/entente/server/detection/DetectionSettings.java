package org.entente.server.detection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 */
@ConfigurationProperties("entente.detection")
public record DetectionSettings(
        Boolean enabled, Boolean eager, Integer maxIndicators, Duration window) {
    public static final DetectionSettings DEFAULTS = new DetectionSettings(null, null, null, null);

    public DetectionSettings {
        enabled = enabled == null || enabled;
        eager = eager != null && eager;
        maxIndicators = maxIndicators == null ? 1_000_000 : maxIndicators;
        window = window == null ? Duration.ofMinutes(1) : window;
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
