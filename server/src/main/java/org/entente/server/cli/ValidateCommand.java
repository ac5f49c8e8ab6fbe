package org.entente.server.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.entente.pattern.IndicatorLint;
import org.entente.stix.Issue;
import org.entente.stix.ObjectStream;
import org.entente.stix.StixParseException;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check STIX 2.1 content against the specification without a node: a bundle, an"
                    + " envelope, a JSON array or JSON lines; '.gz' is gunzipped; '-' reads standard"
                    + " input.",
            "Prints each error and warning with the object and property it concerns, and each"
                    + " indicator that can never fire under the default event mapping, with why.",
            "Exit status: 0 valid, 1 errors found (or the input is not JSON)."
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the file to check, or -")
    String file;

    @Option(names = "--no-warnings", description = "print errors only")
    boolean noWarnings;

    @Option(
            names = {"-q", "--quiet"},
            description = "print the summary only")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Validator validator = Validator.withInstalledPatternChecker();
        IndicatorLint lint = IndicatorLint.defaults();
        PrintStream out = System.out;
        int objects = 0;
        int invalid = 0;
        int warned = 0;
        int indicators = 0;
        int dead = 0;
        int deadForEvents = 0;
        try (InputStream in = Inputs.open(file);
                ObjectStream stream = ObjectStream.open(in)) {
            while (stream.hasNext()) {
                JsonNode node = stream.next();
                ValidationResult result = validator.validate(node);
                String name =
                        "object " + objects + result.id().map(id -> " (" + id + ")").orElse("");
                objects++;
                if (!result.valid()) {
                    invalid++;
                }
                if (!result.warnings().isEmpty()) {
                    warned++;
                }
                if (!quiet) {
                    for (Issue e : result.errors()) {
                        out.println(name + ": error: " + e);
                    }
                    if (!noWarnings) {
                        for (Issue w : result.warnings()) {
                            out.println(name + ": warning: " + w);
                        }
                    }
                }
                if (result.valid() && isIndicator(node)) {
                    indicators++;
                    IndicatorLint.Result linted = lint.check(node);
                    if (!linted.canFire()) {
                        dead++;
                        if (linted.verdict() == IndicatorLint.Verdict.NEVER_FROM_EVENTS) {
                            deadForEvents++;
                        }
                    }
                    if (!quiet) {
                        print(out, name, linted);
                    }
                }
            }
        } catch (StixParseException e) {
            out.println(file + ": " + e.getMessage());
            out.printf(
                    "%d objects read before the input broke off; fix the JSON and run again.%n",
                    objects);
            return 1;
        }
        out.printf(
                "%d objects: %d valid, %d with errors, %d with warnings.%n",
                objects, objects - invalid, invalid, warned);
        if (indicators > 0) {
            out.printf(
                    "%d of %d indicators can never fire (%d only from observed-data).%n",
                    dead, indicators, deadForEvents);
        }
        return invalid == 0 ? 0 : 1;
    }

    private static boolean isIndicator(JsonNode node) {
        JsonNode type = node.get("type");
        return type != null && type.isString() && type.stringValue().equals("indicator");
    }

    /**
     * The lint's findings: why an indicator never fires, and (unless warnings are off) the
     * spellings the matcher had to fold for it to fire.
     */
    private void print(PrintStream out, String name, IndicatorLint.Result r) {
        String verdict =
                r.verdict() == IndicatorLint.Verdict.NEVER_FROM_EVENTS
                        ? "never fires from events"
                        : "never fires";
        for (IndicatorLint.Finding f : r.findings()) {
            String where = f.comparison().isEmpty() ? "" : f.comparison() + ": ";
            if (f.kind() == IndicatorLint.Kind.NORMALISED) {
                if (!noWarnings) {
                    out.println(name + ": note: " + where + f.reason());
                }
            } else if (!r.canFire()) {
                out.println(name + ": " + verdict + ": " + where + f.reason());
            } else if (!noWarnings) {
                out.println(name + ": warning: part never matches: " + where + f.reason());
            }
        }
    }
}
