package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entente.server.org.Organisation;
import org.entente.server.store.Condition;
import org.entente.server.store.ObjectFacts;
import org.entente.server.store.Visibility;

/**
 * Where our sightings of a partner's objects go back to it: the areas of agreements in force with
 * the partner under which we receive and that ask for feedback. Made by {@link Policy#feedback}
 * only. A sighting goes back when it is ours, sights what the partner sent under one of these areas
 * (the sighting's onward rule is that object's origin), its TLP is within that area's ceiling, and
 * our agreements do not share it with the partner anyway (then it goes the usual way).
 */
public final class FeedbackScope {
    private final Organisation recipient;
    private final List<Clause> clauses;
    private final Optional<ReadScope.Shared> shared;
    private final Visibility visibility;

    FeedbackScope(Organisation recipient, List<Clause> clauses, Optional<ReadScope.Shared> shared) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.clauses = List.copyOf(clauses);
        this.shared = Objects.requireNonNull(shared, "shared");
        this.visibility = Visibility.where(condition());
    }

    public Organisation recipient() {
        return recipient;
    }

    /** The clauses under which our sightings go back, in the order they are tried. */
    public List<Clause> clauses() {
        return clauses;
    }

    /** Our sightings that go back as feedback, for the store. */
    public Visibility visibility() {
        return visibility;
    }

    private Condition condition() {
        Condition.Params params = new Condition.Params("f_");
        List<String> any = new ArrayList<>(clauses.size());
        for (Clause c : clauses) {
            any.add(
                    "(onward_agreement = "
                            + params.bind(c.agreement().id())
                            + " AND onward_area = "
                            + params.bind(c.area().area().key)
                            + " AND "
                            + c.sql(params)
                            + ")");
        }
        String sql =
                "stix_type = 'sighting' AND origin_org IS NULL AND shadowed = 0 AND onward_org = "
                        + params.bind(recipient.id())
                        + " AND ("
                        + (any.isEmpty() ? "1 = 0" : String.join(" OR ", any))
                        + ")";
        if (shared.isPresent()) {
            // NB: as CASE, not NOT(...): a NULL inside the shared condition (a missing
            // confidence) must count as "not shared", where NOT would drop the row
            sql +=
                    " AND CASE WHEN ("
                            + shared.get().condition(params).sql()
                            + ") THEN 1 ELSE 0 END = 0";
        }
        return params.condition(sql);
    }

    /** The clause under which our sighting goes back, if any: the Java twin of the visibility. */
    public Optional<Clause> clauseFor(ObjectFacts sighting) {
        if (!sighting.type().equals("sighting")
                || sighting.origin().isPresent()
                || sighting.shadowed()
                || sighting.onward().isEmpty()
                || !sighting.onward().get().org().equals(recipient.id())) {
            return Optional.empty();
        }
        if (shared.isPresent() && shared.get().sees(sighting)) {
            return Optional.empty(); // our agreements share it anyway: it goes the usual way
        }
        ObjectFacts.Source from = sighting.onward().get();
        for (Clause c : clauses) {
            if (c.agreement().id().equals(from.agreement())
                    && c.area().area().key.equals(from.area())
                    && c.admits(sighting)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
