package org.entente.server.federation;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A peer's health as recorded: when it was last tried and last worked, how far the pull got, and
 * the objects that went each way. For the API, the CLI, the console and the metrics, which all read
 * a peer's state and lag from {@link #state} and {@link #lagMicros}.
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

    /** Where a peer stands, as the REST API, the peers page and the dashboard all word it. */
    public enum State {
        OK("ok"),
        FAILING("failing"),
        DISABLED("disabled"),
        NOT_YET("not yet run");

        private final String api;

        State(String api) {
            this.api = api;
        }

        /** The REST API's word for it ({@code not yet run} for a peer never tried). */
        public String api() {
            return api;
        }

        /** The end of its message key in the console ({@code ok}, {@code notYet}...). */
        public String key() {
            return this == NOT_YET ? "notYet" : name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The peer's state: disabled whatever happened before; never tried; failing since the last
     * success; else ok.
     */
    public State state(boolean enabled) {
        if (!enabled) {
            return State.DISABLED;
        }
        if (lastAttemptAt.isEmpty()) {
            return State.NOT_YET;
        }
        return failures > 0 ? State.FAILING : State.OK;
    }

    /**
     * How far behind the peer we are: from the peer's date_added of the newest object pulled from
     * it to {@code nowMicros}, never negative (the peer's clock may run ahead of ours); empty
     * before anything was pulled.
     */
    public OptionalLong lagMicros(long nowMicros) {
        return newestSeen.isPresent()
                ? OptionalLong.of(Math.max(0, nowMicros - newestSeen.getAsLong()))
                : OptionalLong.empty();
    }
}
