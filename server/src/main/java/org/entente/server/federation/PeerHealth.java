package org.entente.server.federation;

import java.util.OptionalLong;

/**
 * A peer's health as recorded: when it was last tried and last worked, how far the pull got, and
 * the objects that went each way. For the API, the CLI and the metrics.
 *
 * @param caughtUpAt when a run last pulled every collection to its end
 * @param newestSeen the peer's date_added of the newest object pulled from it
 * @param failures runs failed since the last success
 */
public record PeerHealth(
        OptionalLong lastAttemptAt,
        OptionalLong lastSuccessAt,
        OptionalLong caughtUpAt,
        OptionalLong newestSeen,
        int failures,
        long received,
        long refused,
        long sent,
        long rejected) {
    static final PeerHealth NEW =
            new PeerHealth(
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    OptionalLong.empty(),
                    0,
                    0,
                    0,
                    0,
                    0);
}
