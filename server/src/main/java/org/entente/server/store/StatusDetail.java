package org.entente.server.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one object of a POST: its id and version, whether it failed, and a message (why
 * it failed, or a note such as "already held").
 */
public record StatusDetail(String id, String version, Optional<String> message, boolean isFailure) {
    /**
     * The longest id or version kept; a STIX id is at most 288 characters, a timestamp about 30.
     */
    static final int MAX_ID = 300;

    /** The longest message kept: a status line must not grow with what a sender put in. */
    static final int MAX_MESSAGE = 1000;

    public StatusDetail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
        // NB: ids, versions and messages can quote what a sender wrote; cut, they keep every line
        // of a status small whatever the objects held
        id = cut(id, MAX_ID);
        version = cut(version, MAX_ID);
        message = message.map(m -> cut(m, MAX_MESSAGE));
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "... (" + (s.length() - end) + " more characters)";
    }

    /**
     * How every note of an object already held begins: such an object was not stored again. Any
     * other note on a success (an upgrade from STIX 2.0, say) is about an object stored anew.
     */
    public static final String HELD = "already held";

    /** The object was held already: nothing was stored. */
    public boolean held() {
        return !isFailure && message.isPresent() && message.get().startsWith(HELD);
    }

    public static StatusDetail success(String id, String version) {
        return new StatusDetail(id, version, Optional.empty(), false);
    }

    public static StatusDetail success(String id, String version, String note) {
        return new StatusDetail(id, version, Optional.of(note), false);
    }

    public static StatusDetail failure(String id, String version, String why) {
        return new StatusDetail(id, version, Optional.of(why), true);
    }
}
