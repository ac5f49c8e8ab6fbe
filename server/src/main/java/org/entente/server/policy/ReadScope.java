package org.entente.server.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entente.server.org.Organisation;
import org.entente.stix.Tlp;

/**
 * What a principal may read in one collection, now. Compiled once per request, then applied two
 * ways that must agree: as SQL, so that pages stay keyset queries, and in Java, to name for the
 * ledger the clause under which each object went out.
 */
public sealed interface ReadScope {
    /** The local agency's own readers: everything. */
    record Everything() implements ReadScope {}

    /** Nothing at all. */
    record Nothing() implements ReadScope {}

    /**
     * Another organisation, through the rules of its agreements in force.
     *
     * @param communityOrigins agreement areas in force whose onward rule is community
     * @param constituentOrigins agreement areas in force whose onward rule admits constituents
     */
    record Shared(
            Organisation recipient,
            Tlp collectionDefault,
            List<ReadRule> rules,
            Set<Origin> communityOrigins,
            Set<Origin> constituentOrigins)
            implements ReadScope {
        public Shared {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(collectionDefault, "collectionDefault");
            rules = List.copyOf(rules);
            communityOrigins = Set.copyOf(communityOrigins);
            constituentOrigins = Set.copyOf(constituentOrigins);
        }

        /** The first clause that lets the object go, if any. */
        public Optional<ReadRule> ruleFor(ObjectFacts o) {
            Tlp tlp = o.effectiveTlp(collectionDefault);
            for (ReadRule r : rules) {
                if (r.filtersAdmit(o) && tlpAdmits(r, o, tlp)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        /**
         * Why the object does not go to the recipient, in words for people (the demo, reports);
         * empty when it goes. The reason is the first clause's, or the TLP rule that holds it back
         * whatever the clause.
         */
        public Optional<String> whyWithheld(ObjectFacts o) {
            if (ruleFor(o).isPresent()) {
                return Optional.empty();
            }
            Tlp tlp = o.effectiveTlp(collectionDefault);
            String level = tlp.label() + (o.tlp().isEmpty() ? " (the collection's default)" : "");
            if (tlp == Tlp.RED) {
                return Optional.of(level + " is for named people only: it never leaves the node");
            }
            if (o.originOrg().isPresent()) {
                switch (tlp) {
                    case AMBER_STRICT:
                        return Optional.of(
                                "received at "
                                        + level
                                        + ": it goes to nobody outside our organisation");
                    case AMBER:
                        return Optional.of(
                                recipient.kind() == org.entente.server.org.OrgKind.CONSTITUENT
                                        ? "received at "
                                                + level
                                                + ": the agreement it came under does not let it"
                                                + " go on to constituents"
                                        : "received at "
                                                + level
                                                + ": it may go on to our constituents only, never"
                                                + " to another partner agency");
                    case GREEN:
                        if (!rules.isEmpty() && rules.get(0).receivedGreen()) {
                            return Optional.of(
                                    "received at "
                                            + level
                                            + ": the agreement it came under does not let it go on"
                                            + " to the community");
                        }
                        break;
                    default:
                        break;
                }
            }
            if (rules.isEmpty()) {
                return Optional.of(
                        "no agreement in force shares this area with " + recipient.name());
            }
            ReadRule r = rules.get(0);
            Optional<String> filtered = r.filterRefusal(o);
            if (filtered.isPresent()) {
                return filtered;
            }
            if (tlp == Tlp.AMBER_STRICT
                    && recipient.kind() == org.entente.server.org.OrgKind.CONSTITUENT
                    && r.area().admits(tlp)) {
                return Optional.of(
                        level
                                + " goes to a constituent only under its own subscription naming"
                                + " it");
            }
            return Optional.of(level + " is above the ceiling of " + r.describe());
        }

        private boolean tlpAdmits(ReadRule r, ObjectFacts o, Tlp tlp) {
            if (o.originOrg().isEmpty()) {
                return r.own().contains(tlp);
            }
            Optional<Origin> origin =
                    o.originAgreement().isPresent() && o.originArea().isPresent()
                            ? Optional.of(
                                    new Origin(o.originAgreement().get(), o.originArea().get()))
                            : Optional.empty();
            return switch (tlp) {
                case CLEAR -> r.receivedClear();
                case GREEN ->
                        r.receivedGreen() && origin.filter(communityOrigins::contains).isPresent();
                case AMBER ->
                        r.receivedAmber()
                                && origin.filter(constituentOrigins::contains).isPresent();
                case AMBER_STRICT, RED -> false;
            };
        }

        /** The same decision as {@link #ruleFor} as one SQL condition. */
        public SqlFilter sql() {
            Map<String, Object> params = new HashMap<>();
            params.put("p_default", collectionDefault.name());
            String tlp = "COALESCE(tlp, :p_default)";
            String community = origins(communityOrigins, "p_com", params);
            String constituents = origins(constituentOrigins, "p_con", params);
            List<String> clauses = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                ReadRule r = rules.get(i);
                String p = "p_" + i + "_";
                List<String> tlpBranches = new ArrayList<>();
                if (!r.own().isEmpty()) {
                    params.put(p + "own", r.own().stream().map(Enum::name).sorted().toList());
                    tlpBranches.add("(origin_org IS NULL AND " + tlp + " IN (:" + p + "own))");
                }
                if (r.receivedClear()) {
                    tlpBranches.add("(origin_org IS NOT NULL AND " + tlp + " = 'CLEAR')");
                }
                if (r.receivedGreen() && community != null) {
                    tlpBranches.add(
                            "(origin_org IS NOT NULL AND "
                                    + tlp
                                    + " = 'GREEN' AND "
                                    + community
                                    + ")");
                }
                if (r.receivedAmber() && constituents != null) {
                    tlpBranches.add(
                            "(origin_org IS NOT NULL AND "
                                    + tlp
                                    + " = 'AMBER' AND "
                                    + constituents
                                    + ")");
                }
                if (tlpBranches.isEmpty()) {
                    continue;
                }
                List<String> all = new ArrayList<>();
                if (!r.area().types().isEmpty()) {
                    params.put(p + "types", r.area().types().stream().sorted().toList());
                    all.add("stix_type IN (:" + p + "types)");
                }
                if (r.area().minConfidence() > 0) {
                    params.put(p + "conf", r.area().minConfidence());
                    all.add("confidence >= :" + p + "conf");
                }
                if (!r.area().labelsAny().isEmpty()) {
                    List<String> any = new ArrayList<>();
                    int k = 0;
                    for (String label : r.area().labelsAny().stream().sorted().toList()) {
                        params.put(p + "any" + k, "%|" + label + "|%");
                        any.add("labels LIKE :" + p + "any" + k++);
                    }
                    all.add("(" + String.join(" OR ", any) + ")");
                }
                if (!r.area().labelsNone().isEmpty()) {
                    List<String> none = new ArrayList<>();
                    int k = 0;
                    for (String label : r.area().labelsNone().stream().sorted().toList()) {
                        params.put(p + "none" + k, "%|" + label + "|%");
                        none.add("labels NOT LIKE :" + p + "none" + k++);
                    }
                    all.add("(labels IS NULL OR (" + String.join(" AND ", none) + "))");
                }
                all.add("(" + String.join(" OR ", tlpBranches) + ")");
                clauses.add("(" + String.join(" AND ", all) + ")");
            }
            if (clauses.isEmpty()) {
                return SqlFilter.NONE;
            }
            return new SqlFilter("(" + String.join(" OR ", clauses) + ")", params);
        }

        private static String origins(
                Set<Origin> origins, String prefix, Map<String, Object> params) {
            if (origins.isEmpty()) {
                return null;
            }
            List<String> pairs = new ArrayList<>();
            int k = 0;
            for (Origin o :
                    origins.stream()
                            .sorted(
                                    java.util.Comparator.comparing(Origin::agreementId)
                                            .thenComparing(Origin::area))
                            .toList()) {
                params.put(prefix + "a" + k, o.agreementId());
                params.put(prefix + "r" + k, o.area());
                pairs.add(
                        "(origin_agreement = :"
                                + prefix
                                + "a"
                                + k
                                + " AND origin_area = :"
                                + prefix
                                + "r"
                                + k
                                + ")");
                k++;
            }
            return "(" + String.join(" OR ", pairs) + ")";
        }
    }
}
