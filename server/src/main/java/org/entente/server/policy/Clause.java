package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.AreaRules;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;

/**
 * One area of an agreement in force, applied to one organisation: the rules an object must pass to
 * go to it (reading) or to be accepted from it (receiving), in the order their reasons are told.
 */
public record Clause(Agreement agreement, AreaRules area, List<Rule> rules) {
    public Clause {
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(area, "area");
        rules = List.copyOf(rules);
    }

    /** The clause as the ledger records it. */
    public String describe() {
        return agreement.title() + " / " + area.describe();
    }

    /** The area by agreement id and key. */
    public AreaRef ref() {
        return new AreaRef(agreement.id(), area.area().key);
    }

    /** Why the object does not pass this clause, naming the clause; empty when it passes. */
    public Optional<String> refusal(ObjectFacts o) {
        for (Rule r : rules) {
            Optional<String> why = r.refusal(o);
            if (why.isPresent()) {
                return Optional.of(why.get() + " (" + describe() + ")");
            }
        }
        return Optional.empty();
    }

    public boolean admits(ObjectFacts o) {
        for (Rule r : rules) {
            if (!r.admits(o)) {
                return false;
            }
        }
        return true;
    }

    /** The same decision as {@link #admits}, as SQL. */
    public String sql(Condition.Params params) {
        List<String> all = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            all.add(r.sql(params));
        }
        return all.isEmpty() ? "1 = 1" : "(" + String.join(" AND ", all) + ")";
    }

    /** The area's own rules on objects (type, confidence, labels), in the order they are told. */
    static List<Rule> filters(AreaRules area) {
        List<Rule> rules = new ArrayList<>(4);
        if (!area.types().isEmpty()) {
            rules.add(new Rule.Types(area.types()));
        }
        if (area.minConfidence() > 0) {
            rules.add(new Rule.MinConfidence(area.minConfidence()));
        }
        if (!area.labelsAny().isEmpty()) {
            rules.add(new Rule.LabelsAny(area.labelsAny()));
        }
        if (!area.labelsNone().isEmpty()) {
            rules.add(new Rule.LabelsNone(area.labelsNone()));
        }
        return rules;
    }
}
