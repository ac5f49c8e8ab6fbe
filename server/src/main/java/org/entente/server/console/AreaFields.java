package org.entente.server.console;

import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.entente.server.agreement.AreaRules;
import org.springframework.util.MultiValueMap;

/**
 * One area's fields of the {@link AgreementForm}, as typed (its fields are named {@code
 * area.<key>.<field>}). Public, as what the pages call must be.
 *
 * @param on whether the agreement covers the area
 */
public record AreaFields(
        String key,
        boolean on,
        String direction,
        String ceiling,
        String onward,
        String types,
        String labelsAny,
        String labelsNone,
        String minConfidence,
        boolean feedback,
        boolean anonymise) {
    public AreaFields {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ceiling, "ceiling");
        Objects.requireNonNull(onward, "onward");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(labelsAny, "labelsAny");
        Objects.requireNonNull(labelsNone, "labelsNone");
        Objects.requireNonNull(minConfidence, "minConfidence");
    }

    /** An area the agreement does not cover yet, with the choices a new one starts from. */
    static AreaFields blank(String key) {
        return new AreaFields(key, false, "both", "amber", "none", "", "", "", "0", false, false);
    }

    /** A stored area's rules, to amend them. */
    static AreaFields of(AreaRules r) {
        return new AreaFields(
                r.area().key,
                true,
                r.direction().name().toLowerCase(Locale.ROOT),
                r.tlpCeiling().name().toLowerCase(Locale.ROOT),
                r.onward().name().toLowerCase(Locale.ROOT),
                String.join(", ", new TreeSet<>(r.types())),
                String.join(", ", new TreeSet<>(r.labelsAny())),
                String.join(", ", new TreeSet<>(r.labelsNone())),
                Integer.toString(r.minConfidence()),
                r.feedback(),
                r.anonymise());
    }

    /** The area's fields as posted; a choice left out keeps the blank form's. */
    static AreaFields read(MultiValueMap<String, String> posted, String key) {
        AreaFields blank = blank(key);
        String at = "area." + key + ".";
        return new AreaFields(
                key,
                posted.containsKey(at + "on"),
                AgreementForm.orDefault(
                        AgreementForm.one(posted, at + "direction"), blank.direction),
                AgreementForm.orDefault(AgreementForm.one(posted, at + "ceiling"), blank.ceiling),
                AgreementForm.orDefault(AgreementForm.one(posted, at + "onward"), blank.onward),
                AgreementForm.one(posted, at + "types"),
                AgreementForm.one(posted, at + "labelsAny"),
                AgreementForm.one(posted, at + "labelsNone"),
                AgreementForm.orDefault(AgreementForm.one(posted, at + "minConfidence"), "0"),
                posted.containsKey(at + "feedback"),
                posted.containsKey(at + "anonymise"));
    }
}
