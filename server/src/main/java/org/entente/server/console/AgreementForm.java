package org.entente.server.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AgreementKind;
import org.entente.server.agreement.Agreements;
import org.entente.server.agreement.AreaRules;
import org.entente.server.agreement.Direction;
import org.entente.server.agreement.Onward;
import org.entente.server.collection.Area;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;
import org.springframework.util.MultiValueMap;

/**
 * The form that records or amends an agreement, as typed: what the page shows again, and the
 * mistakes found at each field (message keys of the console's bundles, with their arguments). Only
 * a form without mistakes becomes an {@link Agreements.Draft}; the use case then checks it again,
 * as it checks the REST API's, and its own refusals are shown above the form.
 *
 * <p>Dates are days, taken as midnight UTC, as the REST API takes a bare date. Public, as what the
 * pages call must be.
 */
public final class AgreementForm {
    /** A mistake at one field: a message key and its arguments. */
    public record Mistake(String key, Object[] args) {}

    String kind = "moc";
    String title = "";
    String signedOn = "";
    String effectiveFrom = "";
    String expiresAt = "";
    String textRef = "";
    Set<String> parties = new LinkedHashSet<>();
    final List<AreaFields> areas = new ArrayList<>();
    final Map<String, Mistake> mistakes = new LinkedHashMap<>();

    AgreementForm() {
        for (Area a : Area.values()) {
            areas.add(AreaFields.blank(a.key));
        }
    }

    // the page reads these
    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public String signedOn() {
        return signedOn;
    }

    public String effectiveFrom() {
        return effectiveFrom;
    }

    public String expiresAt() {
        return expiresAt;
    }

    public String textRef() {
        return textRef;
    }

    public Set<String> parties() {
        return parties;
    }

    public List<AreaFields> areas() {
        return areas;
    }

    public Map<String, Mistake> mistakes() {
        return mistakes;
    }

    public boolean has(String field) {
        return mistakes.containsKey(field);
    }

    /** The form filled with a stored agreement's terms, to amend them. */
    static AgreementForm of(Agreement a) {
        AgreementForm f = new AgreementForm();
        f.kind = a.kind().name().toLowerCase(Locale.ROOT);
        f.title = a.title();
        f.signedOn = a.signedOn().map(LocalDate::toString).orElse("");
        f.effectiveFrom = day(a.effectiveFrom());
        f.expiresAt = a.expiresAt().map(AgreementForm::day).orElse("");
        f.textRef = a.textRef().orElse("");
        f.parties = new LinkedHashSet<>(a.parties());
        f.areas.clear();
        for (Area area : Area.values()) {
            AreaRules r = a.areas().get(area);
            f.areas.add(r == null ? AreaFields.blank(area.key) : AreaFields.of(r));
        }
        return f;
    }

    private static String day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** The form as posted; {@link #draft} says whether it holds an agreement. */
    static AgreementForm read(MultiValueMap<String, String> posted) {
        AgreementForm f = new AgreementForm();
        f.kind = one(posted, "kind");
        f.title = one(posted, "title");
        f.signedOn = one(posted, "signedOn");
        f.effectiveFrom = one(posted, "effectiveFrom");
        f.expiresAt = one(posted, "expiresAt");
        f.textRef = one(posted, "textRef");
        List<String> named = posted.getOrDefault("parties", List.of());
        for (String p : named) {
            if (!p.isBlank()) {
                f.parties.add(p.trim());
            }
        }
        f.areas.clear();
        for (Area area : Area.values()) {
            f.areas.add(AreaFields.read(posted, area.key));
        }
        return f;
    }

    /**
     * The agreement the form holds, or empty with its mistakes recorded at their fields.
     *
     * @param organisations the organisations a party may be (partners and constituents)
     */
    Optional<Agreements.Draft> draft(List<Organisation> organisations) {
        mistakes.clear();
        AgreementKind k = null;
        try {
            k = AgreementKind.parse(kind);
        } catch (IllegalArgumentException e) {
            mistake("kind", "agr.error.kind");
        }
        String t = title.strip();
        if (t.isEmpty()) {
            mistake("title", "agr.error.required");
        } else if (t.length() > Agreement.MAX_TITLE) {
            mistake("title", "agr.error.tooLong", Agreement.MAX_TITLE, t.length());
        }
        Optional<LocalDate> signed = date("signedOn", signedOn, false);
        Optional<LocalDate> from = date("effectiveFrom", effectiveFrom, true);
        Optional<LocalDate> until = date("expiresAt", expiresAt, false);
        if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
            mistake("expiresAt", "agr.error.expiryBeforeEffective");
        }
        if (from.isPresent() && signed.isPresent() && signed.get().isAfter(from.get())) {
            mistake("signedOn", "agr.error.signedAfterEffective");
        }
        String ref = textRef.strip();
        if (ref.length() > Agreement.MAX_TEXT_REF) {
            mistake("textRef", "agr.error.tooLong", Agreement.MAX_TEXT_REF, ref.length());
        }
        if (parties.isEmpty()) {
            mistake("parties", "agr.error.noParty");
        }
        for (String p : parties) {
            boolean known =
                    organisations.stream()
                            .anyMatch(o -> o.id().equals(p) && o.kind() != OrgKind.LOCAL);
            if (!known) {
                mistake("parties", "agr.error.unknownParty", p);
                break;
            }
        }
        List<AreaRules> rules = new ArrayList<>();
        for (AreaFields a : areas) {
            if (a.on()) {
                area(a).ifPresent(rules::add);
            }
        }
        if (!mistakes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Agreements.Draft(
                        k,
                        t,
                        signed,
                        midnight(from.get()),
                        until.map(AgreementForm::midnight),
                        ref.isEmpty() ? Optional.empty() : Optional.of(ref),
                        List.copyOf(parties),
                        rules));
    }

    private Optional<AreaRules> area(AreaFields a) {
        String at = "area." + a.key() + ".";
        Direction direction = null;
        Tlp ceiling = null;
        Onward onward = null;
        try {
            direction = Direction.parse(a.direction());
        } catch (IllegalArgumentException e) {
            mistake(at + "direction", "agr.error.choice");
        }
        try {
            ceiling = Tlp.parse(a.ceiling());
            if (ceiling == Tlp.RED) {
                mistake(at + "ceiling", "agr.error.red");
            }
        } catch (IllegalArgumentException e) {
            mistake(at + "ceiling", "agr.error.choice");
        }
        try {
            onward = Onward.parse(a.onward());
        } catch (IllegalArgumentException e) {
            mistake(at + "onward", "agr.error.choice");
        }
        int confidence = 0;
        try {
            confidence = Integer.parseInt(a.minConfidence().strip());
            if (confidence < 0 || confidence > 100) {
                mistake(at + "minConfidence", "agr.error.confidence");
            }
        } catch (NumberFormatException e) {
            mistake(at + "minConfidence", "agr.error.confidence");
        }
        Set<String> types = list(a.types());
        for (String type : types) {
            if (!type.matches("[a-z0-9][a-z0-9-]{2,249}")) {
                mistake(at + "types", "agr.error.type", type);
                break;
            }
        }
        Set<String> any = labels(a.labelsAny());
        Set<String> none = labels(a.labelsNone());
        if (any.stream().anyMatch(l -> l.contains("|"))) {
            mistake(at + "labelsAny", "agr.error.label");
        }
        if (none.stream().anyMatch(l -> l.contains("|"))) {
            mistake(at + "labelsNone", "agr.error.label");
        }
        if (direction == null || ceiling == null || onward == null || mistakesAt(at)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new AreaRules(
                            Area.of(a.key()),
                            direction,
                            ceiling,
                            types,
                            any,
                            none,
                            confidence,
                            onward,
                            a.feedback(),
                            a.anonymise()));
        } catch (IllegalArgumentException e) {
            // the rules' own checks (a list too long to store): said at the types field
            mistake(at + "types", "agr.error.rules", e.getMessage());
            return Optional.empty();
        }
    }

    private boolean mistakesAt(String prefix) {
        return mistakes.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private Optional<LocalDate> date(String field, String text, boolean required) {
        String t = text.strip();
        if (t.isEmpty()) {
            if (required) {
                mistake(field, "agr.error.required");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(t));
        } catch (DateTimeParseException e) {
            mistake(field, "agr.error.date");
            return Optional.empty();
        }
    }

    private void mistake(String field, String key, Object... args) {
        mistakes.putIfAbsent(field, new Mistake(key, args));
    }

    /** Comma- or space-separated values, without blanks or repeats. */
    private static Set<String> list(String text) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(text.split("[,\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }

    /** Comma-separated labels (a label may hold a space), without blanks or repeats. */
    private static Set<String> labels(String text) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(out::add);
        return out;
    }

    private static Instant midnight(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static String one(MultiValueMap<String, String> posted, String name) {
        String v = posted.getFirst(name);
        return v == null ? "" : v;
    }

    static String orDefault(String v, String otherwise) {
        return v.isBlank() ? otherwise : v;
    }
}
