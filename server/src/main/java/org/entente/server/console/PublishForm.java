package org.entente.server.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.entente.pattern.PatternException;
import org.entente.pattern.StixPattern;
import org.entente.stix.Issue;
import org.entente.stix.StixIds;
import org.entente.stix.StixJson;
import org.entente.stix.Timestamps;
import org.entente.stix.Tlp;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The publish form as typed (issue 11 item 4): one of the common objects, or any object as JSON.
 * What the page shows again, the mistakes found at each field (message keys of the console's
 * bundles with their arguments), the validator's errors at their property paths, and the refusal of
 * the ingest use case. Fields are named after the STIX properties they fill, so that an error the
 * validator finds at a property path lands beside the field that made it.
 *
 * <p>Only a form without mistakes becomes an object ({@link #build}); the validator and the ingest
 * use case then judge it as they judge a TAXII POST. Public, as what the pages call must be.
 */
public final class PublishForm {
    /** What the form publishes. */
    public enum Kind {
        INDICATOR("indicator"),
        REPORT("report"),
        /** A STIX report with {@code report_types ["advisory"]} (docs/console.md, "Publish"). */
        ADVISORY("advisory"),
        COURSE_OF_ACTION("course-of-action"),
        SIGHTING("sighting"),
        /** Any object, written as JSON. */
        JSON("json");

        public final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Optional<Kind> of(String key) {
            return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
        }
    }

    /** A mistake at one field: a message key and its arguments. */
    public record Mistake(String key, Object[] args) {}

    /** The longest name a form takes. */
    static final int NAME_MAX = 250;

    /** The longest description and pattern. */
    static final int TEXT_MAX = 10_000;

    /** The most labels, and the longest label. */
    static final int LABELS_MAX = 20;

    static final int LABEL_MAX = 100;

    /** The most ids a list of references takes (object_refs, where_sighted_refs). */
    static final int REFS_MAX = 100;

    /**
     * The longest JSON the editor takes, in characters. A form post is bounded by the servlet
     * container (Tomcat's 2 MB for form bodies); this keeps the longest text well inside it once
     * URL-encoded, so that an over-long object is told as such and never taken for a forged form.
     */
    static final int JSON_MAX = 200_000;

    /** The vocabulary of indicator_types (STIX 2.1, indicator-type-ov). */
    static final List<String> INDICATOR_TYPES =
            List.of(
                    "malicious-activity",
                    "anomalous-activity",
                    "attribution",
                    "anonymization",
                    "benign",
                    "compromised",
                    "unknown");

    /** The text fields each kind shows, in order. */
    static final Map<Kind, List<String>> FIELDS =
            Map.of(
                    Kind.INDICATOR,
                    List.of("name", "description", "pattern", "valid_from", "labels"),
                    Kind.REPORT,
                    List.of("name", "description", "published", "object_refs", "labels"),
                    Kind.ADVISORY,
                    List.of("name", "description", "published", "object_refs", "labels"),
                    Kind.COURSE_OF_ACTION,
                    List.of("name", "description", "labels"),
                    Kind.SIGHTING,
                    List.of(
                            "sighting_of_ref",
                            "description",
                            "count",
                            "first_seen",
                            "last_seen",
                            "where_sighted_refs",
                            "labels"),
                    Kind.JSON,
                    List.of("json"));

    Kind kind;
    String collection = "";
    String tlp = Tlp.AMBER_STRICT.name();

    /** The id of the object this form makes a new version of; empty for a new object. */
    String of = "";

    final Map<String, String> values = new LinkedHashMap<>();
    final Set<String> indicatorTypes = new LinkedHashSet<>();
    final Map<String, Mistake> mistakes = new LinkedHashMap<>();
    final List<Issue> issues = new ArrayList<>();
    String refusal;

    PublishForm(Kind kind) {
        this.kind = kind;
        for (String f : FIELDS.get(kind)) {
            values.put(f, "");
        }
        if (kind == Kind.JSON) {
            values.put(
                    "json",
                    "{\n  \"type\": \"\",\n  \"name\": \"\",\n  \"object_marking_refs\": [\""
                            + Tlp.AMBER_STRICT.markingId()
                            + "\"]\n}");
        }
    }

    // the page reads these
    public Kind kind() {
        return kind;
    }

    public String collection() {
        return collection;
    }

    public String tlp() {
        return tlp;
    }

    public String of() {
        return of;
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public Set<String> indicatorTypes() {
        return indicatorTypes;
    }

    public Map<String, Mistake> mistakes() {
        return mistakes;
    }

    public boolean has(String field) {
        return mistakes.containsKey(field);
    }

    /** The validator's errors no field shows (all of them, for the JSON editor). */
    public List<Issue> issues() {
        return issues;
    }

    public String refusal() {
        return refusal;
    }

    public boolean failed() {
        return !mistakes.isEmpty() || !issues.isEmpty() || refusal != null;
    }

    /** The form as posted. */
    static PublishForm read(MultiValueMap<String, String> posted) {
        Kind kind = Kind.of(one(posted, "kind")).orElse(Kind.INDICATOR);
        PublishForm f = new PublishForm(kind);
        f.collection = one(posted, "collection").strip();
        f.tlp = one(posted, "tlp").strip();
        f.of = one(posted, "of").strip();
        for (String field : FIELDS.get(kind)) {
            f.values.put(field, one(posted, field));
        }
        for (String t : posted.getOrDefault("indicator_types", List.of())) {
            f.indicatorTypes.add(t.strip());
        }
        return f;
    }

    void mistake(String field, String key, Object... args) {
        mistakes.putIfAbsent(field, new Mistake(key, args));
    }

    /**
     * The validator's errors: each beside the field its property path names where the form has one,
     * else in the list above the form (all of them in the JSON editor, with their paths).
     */
    void issues(List<Issue> found) {
        for (Issue i : found) {
            String field = fieldOf(i.path());
            if (kind != Kind.JSON && values.containsKey(field)) {
                mistake(field, "publish.error.stix", i.message());
            } else if (kind != Kind.JSON && field.equals("indicator_types")) {
                mistake("indicator_types", "publish.error.stix", i.message());
            } else {
                issues.add(i);
            }
        }
    }

    /** The top property of a path: {@code external_references[0].url} is in external_references. */
    static String fieldOf(String path) {
        int cut = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                cut = i;
                break;
            }
        }
        return path.substring(0, cut);
    }

    /** The TLP chosen, or a mistake at its field. */
    Optional<Tlp> chosenTlp() {
        try {
            return Optional.of(Tlp.valueOf(tlp));
        } catch (IllegalArgumentException e) {
            mistake("tlp", "publish.error.choice");
            return Optional.empty();
        }
    }

    /**
     * The object the form describes, made now by {@code identity}, or empty with its mistakes
     * recorded at their fields. Ids are new; created and modified are {@code now}.
     *
     * @param zone the person's time zone, in which a time without one is read
     */
    Optional<ObjectNode> build(Instant now, String identity, ZoneId zone) {
        if (kind == Kind.JSON) {
            throw new IllegalStateException("the JSON editor's object is read by json()");
        }
        Optional<Tlp> level = chosenTlp();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        String type =
                switch (kind) {
                    case ADVISORY -> "report";
                    default -> kind.key;
                };
        String stamp = Timestamps.formatMillis(now);
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", type + "--" + UUID.randomUUID());
        o.put("created", stamp);
        o.put("modified", stamp);
        o.put("created_by_ref", identity);
        switch (kind) {
            case INDICATOR -> {
                text(o, "name", NAME_MAX, true);
                text(o, "description", TEXT_MAX, false);
                indicatorTypes(o);
                pattern(o);
                o.put("pattern_type", "stix");
                o.put("valid_from", time("valid_from", zone).orElse(stamp));
            }
            case REPORT, ADVISORY -> {
                text(o, "name", NAME_MAX, true);
                text(o, "description", TEXT_MAX, false);
                if (kind == Kind.ADVISORY) {
                    o.putArray("report_types").add("advisory");
                }
                o.put("published", time("published", zone).orElse(stamp));
                refs(o, "object_refs", true);
            }
            case COURSE_OF_ACTION -> {
                text(o, "name", NAME_MAX, true);
                text(o, "description", TEXT_MAX, false);
            }
            case SIGHTING -> {
                String ref = value("sighting_of_ref").strip();
                if (ref.isEmpty()) {
                    mistake("sighting_of_ref", "publish.error.required");
                } else if (ref.length() > 300 || StixIds.idProblem(ref) != null) {
                    mistake("sighting_of_ref", "publish.error.id", shorten(ref));
                } else {
                    o.put("sighting_of_ref", ref);
                }
                text(o, "description", TEXT_MAX, false);
                count(o);
                time("first_seen", zone).ifPresent(t -> o.put("first_seen", t));
                time("last_seen", zone).ifPresent(t -> o.put("last_seen", t));
                refs(o, "where_sighted_refs", false);
            }
            default -> throw new IllegalStateException(kind.key);
        }
        labels(o);
        level.ifPresent(t -> o.putArray("object_marking_refs").add(t.markingId()));
        return mistakes.isEmpty() ? Optional.of(o) : Optional.empty();
    }

    /** The JSON editor's object as written, or empty with the reason at its field. */
    Optional<ObjectNode> json() {
        String text = value("json");
        if (text.isBlank()) {
            mistake("json", "publish.error.required");
            return Optional.empty();
        }
        if (text.length() > JSON_MAX) {
            mistake("json", "publish.error.tooLong", JSON_MAX, text.length());
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = StixJson.parse(text);
        } catch (RuntimeException e) {
            mistake("json", "publish.error.json", String.valueOf(e.getMessage()));
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode object)) {
            mistake("json", "publish.error.notObject");
            return Optional.empty();
        }
        return Optional.of(object);
    }

    /** The ids a reference field names, in order (checked by {@link #build}). */
    Set<String> ids(String field) {
        return list(value(field));
    }

    private void text(ObjectNode o, String field, int max, boolean required) {
        String t = value(field).strip();
        if (t.isEmpty()) {
            if (required) {
                mistake(field, "publish.error.required");
            }
            return;
        }
        if (t.length() > max) {
            mistake(field, "publish.error.tooLong", max, t.length());
            return;
        }
        o.put(field, t);
    }

    private void pattern(ObjectNode o) {
        String p = value("pattern").strip();
        if (p.isEmpty()) {
            mistake("pattern", "publish.error.required");
            return;
        }
        if (p.length() > TEXT_MAX) {
            mistake("pattern", "publish.error.tooLong", TEXT_MAX, p.length());
            return;
        }
        PatternCheck check = PatternCheck.of(p);
        if (!check.ok()) {
            mistake("pattern", check.messageKey(), check.args());
            return;
        }
        o.put("pattern", p);
    }

    private void indicatorTypes(ObjectNode o) {
        if (indicatorTypes.isEmpty()) {
            return;
        }
        ArrayNode types = o.putArray("indicator_types");
        for (String t : indicatorTypes) {
            if (!INDICATOR_TYPES.contains(t)) {
                mistake("indicator_types", "publish.error.choice");
                return;
            }
            types.add(t);
        }
    }

    private void labels(ObjectNode o) {
        Set<String> labels = new LinkedHashSet<>();
        Arrays.stream(value("labels").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(labels::add);
        if (labels.isEmpty()) {
            return;
        }
        if (labels.size() > LABELS_MAX) {
            mistake("labels", "publish.error.tooMany", LABELS_MAX, labels.size());
            return;
        }
        for (String l : labels) {
            if (l.length() > LABEL_MAX) {
                mistake("labels", "publish.error.labelTooLong", LABEL_MAX);
                return;
            }
        }
        ArrayNode a = o.putArray("labels");
        labels.forEach(a::add);
    }

    private void refs(ObjectNode o, String field, boolean required) {
        String text = value(field);
        if (text.length() > REFS_MAX * 310) {
            mistake(field, "publish.error.tooLong", REFS_MAX * 310, text.length());
            return;
        }
        Set<String> ids = list(text);
        if (ids.isEmpty()) {
            if (required) {
                mistake(field, "publish.error.required");
            }
            return;
        }
        if (ids.size() > REFS_MAX) {
            mistake(field, "publish.error.tooMany", REFS_MAX, ids.size());
            return;
        }
        for (String id : ids) {
            if (id.length() > 300 || StixIds.idProblem(id) != null) {
                mistake(field, "publish.error.id", shorten(id));
                return;
            }
        }
        ArrayNode a = o.putArray(field);
        ids.forEach(a::add);
    }

    private void count(ObjectNode o) {
        String t = value("count").strip();
        if (t.isEmpty()) {
            return;
        }
        try {
            int n = Integer.parseInt(t);
            if (n < 0 || n > 999_999_999) {
                mistake("count", "publish.error.count");
                return;
            }
            o.put("count", n);
        } catch (NumberFormatException e) {
            mistake("count", "publish.error.count");
        }
    }

    /**
     * A time typed in a field: a STIX timestamp as it is, or a date and time from the browser's
     * picker ({@code 2026-12-03T14:05}) read in the person's zone; empty when left blank.
     */
    private Optional<String> time(String field, ZoneId zone) {
        String t = value(field).strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.length() <= 40 && Timestamps.isValid(t)) {
            return Optional.of(t);
        }
        try {
            if (t.length() <= 40) {
                LocalDateTime local = LocalDateTime.parse(t);
                return Optional.of(Timestamps.formatMillis(local.atZone(zone).toInstant()));
            }
        } catch (DateTimeException e) {
            // said below
        }
        mistake(field, "publish.error.time");
        return Optional.empty();
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

    /** A value quoted back in a message: never more than a line. */
    static String shorten(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "…" : v;
    }

    static String one(MultiValueMap<String, String> posted, String name) {
        String v = posted.getFirst(name);
        return v == null ? "" : v;
    }

    /**
     * What the pattern check says of a pattern: nothing typed, valid, or the parser's reason and
     * the column it points at.
     */
    public record PatternCheck(boolean empty, boolean ok, String reason, int column) {
        /** The column of a pattern too long to check. */
        private static final int TOO_LONG = -1;

        static PatternCheck of(String text) {
            String p = text == null ? "" : text.strip();
            if (p.isEmpty()) {
                return new PatternCheck(true, false, "", 0);
            }
            if (p.length() > TEXT_MAX) {
                return new PatternCheck(false, false, "", TOO_LONG);
            }
            try {
                StixPattern.parse(p);
                return new PatternCheck(false, true, "", 0);
            } catch (PatternException e) {
                return new PatternCheck(false, false, e.reason(), e.column());
            }
        }

        /** The message key of a refusal: with the column where the parser gives one. */
        public String messageKey() {
            if (column == TOO_LONG) {
                return "publish.pattern.tooLong";
            }
            return column > 0 ? "publish.pattern.errorAt" : "publish.pattern.error";
        }

        public Object[] args() {
            if (column == TOO_LONG) {
                return new Object[] {TEXT_MAX};
            }
            return column > 0 ? new Object[] {column, reason} : new Object[] {reason};
        }

        public String state() {
            return empty ? "empty" : ok ? "ok" : "error";
        }
    }
}
