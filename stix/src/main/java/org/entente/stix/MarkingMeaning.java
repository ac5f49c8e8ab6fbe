package org.entente.stix;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a marking definition means for TLP, read from its content rather than its id: a TLP level
 * (TLP 1.0 {@code definition_type: "tlp"} or the OASIS TLP 2.0 extension), a marking that is not
 * about TLP (a statement such as a copyright), or a meaning that cannot be established, which
 * counts as RED wherever a decision depends on it.
 */
public sealed interface MarkingMeaning {

    /** A TLP marking of this level; TLP 1.0 WHITE reads as CLEAR. */
    record Level(Tlp tlp) implements MarkingMeaning {
        public Level {
            Objects.requireNonNull(tlp, "tlp");
        }
    }

    /** A marking that says nothing about TLP, such as a statement: it leaves the TLP alone. */
    record NotTlp(String kind) implements MarkingMeaning {
        public NotTlp {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A marking whose meaning cannot be established; the reason says why, for people. */
    record Unknown(String reason) implements MarkingMeaning {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The level this marking imposes on an object it marks: its own level, nothing for a marking
     * that is not about TLP, and RED when its meaning is unknown.
     */
    default Optional<Tlp> restriction() {
        if (this instanceof Level level) {
            return Optional.of(level.tlp());
        }
        if (this instanceof NotTlp) {
            return Optional.empty();
        }
        return Optional.of(Tlp.RED);
    }

    /**
     * Reads a marking-definition object. The ten standard TLP ids keep their standard level, and
     * content under such an id that names another level (or is not TLP) makes the whole definition
     * unknown; TLP 1.0 and TLP 2.0 content that disagree do the same. Anything else unknown here
     * (another {@code definition_type}, an extension this library does not define, a level spelled
     * otherwise than the specifications spell it) is unknown, not ignored.
     */
    static MarkingMeaning of(JsonNode markingDefinition) {
        return MarkingContent.read(markingDefinition);
    }

    /**
     * One meaning out of two readings of the same id (say, the copy in an envelope and the one in
     * the store): equal readings stand, different ones are unknown, so that nobody can lower a
     * marking by sending a second definition under its id.
     */
    static MarkingMeaning agreed(MarkingMeaning a, MarkingMeaning b) {
        if (a.equals(b)) {
            return a;
        }
        return new Unknown(
                "two marking definitions under one id disagree: "
                        + describe(a)
                        + " / "
                        + describe(b));
    }

    private static String describe(MarkingMeaning meaning) {
        if (meaning instanceof Level level) {
            return level.tlp().label();
        }
        if (meaning instanceof NotTlp notTlp) {
            return "a " + notTlp.kind() + " marking";
        }
        return "unknown (" + ((Unknown) meaning).reason() + ")";
    }
}
