package org.entente.server.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.entente.server.collection.Collection;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.policy.Policy;
import org.entente.server.policy.Verdict;
import org.entente.server.store.ObjectFacts;

/**
 * Who may receive an object (issue 11 item 3): for each other organisation, whether {@link
 * Policy#verdict} would send it the object now, and why.
 */
final class Recipients {
    private final Policy policy;

    Recipients(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The verdict for each organisation but our own, by kind then name. */
    List<Intelligence.Reach> of(List<Organisation> all, Collection c, ObjectFacts facts) {
        List<Intelligence.Reach> reach = new ArrayList<>();
        for (Organisation o : all) {
            if (o.kind() == OrgKind.LOCAL) {
                continue;
            }
            Verdict v = policy.verdict(o, c, facts);
            String why = "";
            if (v instanceof Verdict.Shared s) {
                why = s.clause().describe();
            } else if (v instanceof Verdict.Withheld w) {
                why = w.why();
            }
            reach.add(
                    new Intelligence.Reach(
                            o.name(), o.kind(), v.goes(), v instanceof Verdict.Returned, why));
        }
        reach.sort(
                Comparator.comparing(Intelligence.Reach::kind)
                        .thenComparing(Intelligence.Reach::organisation));
        return reach;
    }
}
