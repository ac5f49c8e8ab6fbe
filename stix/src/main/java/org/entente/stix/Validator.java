package org.entente.stix;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import tools.jackson.databind.JsonNode;

/**
 * Validates STIX 2.1 objects to the specification: common properties, the properties and reference
 * types of every type the specification defines, cross-property rules, custom content as the
 * specification allows it, granular marking selectors and deterministic SCO ids.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Validator {
    private final PatternChecker patterns;

    public Validator(PatternChecker patterns) {
        this.patterns = patterns;
    }

    /** A validator using the pattern checker found on the class path, if any (the engine's). */
    public static Validator withInstalledPatternChecker() {
        return new Validator(
                ServiceLoader.load(PatternChecker.class).findFirst().orElse(PatternChecker.NONE));
    }

    public ValidationResult validate(JsonNode object) {
        Check check = new Check(object, patterns);
        if (object == null || !object.isObject()) {
            check.error(
                    Path.ROOT,
                    "a STIX object must be a JSON object, not "
                            + (object == null ? "nothing" : Props.describe(object)));
            return result(check, null, null);
        }
        String type = JsonText.string(object, "type");
        String id = JsonText.string(object, "id");
        if (type == null) {
            check.error(
                    Path.ROOT.property("type"),
                    object.has("type") ? "must be a string" : "is required but missing");
            return result(check, id, null);
        }
        String typeProblem = StixIds.typeProblem(type);
        if (typeProblem != null) {
            check.error(Path.ROOT.property("type"), typeProblem);
            return result(check, id, type);
        }
        if (type.equals("bundle")) {
            check.error(
                    Path.ROOT.property("type"),
                    "a bundle is a container, not an object: send its objects instead");
            return result(check, id, type);
        }
        TypeSpec spec = TypeCatalog.get(type);
        if (spec == null) {
            spec = TypeCatalog.custom(type, object);
            check.warn(
                    Path.ROOT.property("type"),
                    "'"
                            + type
                            + "' is not a STIX 2.1 type; it was checked as a custom "
                            + spec.kind.label
                            + " (common properties only)");
        }
        checkId(object, type, check);
        spec.body.check(object, Path.ROOT, check);
        if (StixUpgrade.looksLikeStix20(object)) {
            sayItIsStix20(object, check);
        }
        JsonNode extensions = object.get("extensions");
        if (extensions != null && !extensions.isNull()) {
            Extensions.check(spec, extensions, Path.ROOT.property("extensions"), check);
        }
        if (spec.kind != TypeSpec.Kind.SCO) {
            Rules.order("created", "modified", false).check(object, Path.ROOT, check);
        }
        for (String reserved : Common.RESERVED) {
            if (object.has(reserved)) {
                check.error(
                        Path.ROOT.property(reserved),
                        "is a reserved property name in STIX 2.1 and must not be used");
            }
        }
        GranularMarkings.checkSelectors(object, check);
        if (spec.kind == TypeSpec.Kind.SCO && id != null && StixIds.isId(id)) {
            checkDeterministicId(spec, object, id, check);
        }
        return result(check, id, type);
    }

    private static void checkId(JsonNode object, String type, Check check) {
        JsonNode idNode = object.get("id");
        if (idNode == null || idNode.isNull()) {
            return; // reported as a missing required property
        }
        Path at = Path.ROOT.property("id");
        if (!idNode.isString()) {
            check.error(at, "must be an identifier string, not " + Props.describe(idNode));
            return;
        }
        String id = idNode.stringValue();
        String problem = StixIds.idProblem(id);
        if (problem != null) {
            check.error(at, problem);
        } else if (!StixIds.hasType(id, type)) {
            check.error(
                    at, "'" + id + "' must start with '" + type + "--' to match the object's type");
        }
    }

    /**
     * A STIX 2.0 object fails on spec_version (and more); the error there says what it is and what
     * can be done, instead of only "is required".
     */
    private static void sayItIsStix20(JsonNode object, Check check) {
        String at = Path.ROOT.property("spec_version").toString();
        String what =
                object.has("spec_version")
                        ? "this is a STIX 2.0 object (spec_version 2.0)"
                        : "is required but missing: this is a STIX 2.0 object (no spec_version)";
        Issue issue =
                new Issue(
                        at,
                        what
                                + ", and only STIX 2.1 is accepted here; offer: upgrade it to STIX"
                                + " 2.1 (spec_version, labels to *_types, pattern_type, is_family,"
                                + " millisecond timestamps)");
        check.errors.removeIf(existing -> existing.path().equals(at));
        check.errors.add(0, issue);
    }

    private static void checkDeterministicId(
            TypeSpec spec, JsonNode object, String id, Check check) {
        Optional<String> expected = ScoIds.deterministic(spec.type, object);
        if (expected.isPresent() && !expected.get().equals(id)) {
            check.warn(
                    Path.ROOT.property("id"),
                    "should be the deterministic id "
                            + expected.get()
                            + " computed from its id-contributing properties (section 2.9)");
        }
    }

    private static ValidationResult result(Check check, String id, String type) {
        return new ValidationResult(
                Optional.ofNullable(id), Optional.ofNullable(type), check.errors, check.warnings);
    }

    /** The types this validator knows, with their kind, for documentation and tests. */
    public static Map<String, String> knownTypes() {
        return TypeCatalog.kinds();
    }
}
