package org.entente.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.entente.server.org.OrgKind;
import org.entente.server.store.Condition;
import org.entente.server.store.Labels;
import org.entente.server.store.ObjectFacts;
import org.entente.stix.Tlp;

/**
 * One rule of an area of cooperation, written once: {@link #refusal} says in words why an object
 * does not pass (reading, receiving and feedback all ask it), and {@link #sql} is the same decision
 * as a condition on the objects table (reading compiles it into the keyset query). {@code
 * RuleTwinsTest} checks on random objects and rules that both agree on both databases.
 */
sealed interface Rule
        permits Rule.SightingsOnly,
                Rule.Types,
                Rule.MinConfidence,
                Rule.LabelsAny,
                Rule.LabelsNone,
                Rule.Ceiling,
                Rule.Onward,
                Rule.Anonymous {

    /** Why the object does not pass; empty when it does. */
    Optional<String> refusal(ObjectFacts o);

    /**
     * Whether the object passes: {@code refusal(o).isEmpty()}, without wording the reason. Asked
     * for every row a partner reads, where most clauses refuse most objects, so it must not build
     * the message (RuleTwinsTest holds the two to the same answer).
     */
    default boolean admits(ObjectFacts o) {
        return refusal(o).isEmpty();
    }

    /** The same decision as SQL, its parameters bound in {@code params}. */
    String sql(Condition.Params params);

    /** Only sightings: what comes back under an area that shares and asks for feedback. */
    record SightingsOnly() implements Rule {
        @Override
        public Optional<String> refusal(ObjectFacts o) {
            return o.type().equals("sighting")
                    ? Optional.empty()
                    : Optional.of(
                            "only sightings come back under this area's feedback, not " + o.type());
        }

        @Override
        public boolean admits(ObjectFacts o) {
            return o.type().equals("sighting");
        }

        @Override
        public String sql(Condition.Params params) {
            return "stix_type = 'sighting'";
        }
    }

    /** Only these STIX types (the area's {@code types}). */
    record Types(Set<String> types) implements Rule {
        public Types {
            types = Set.copyOf(types);
        }

        @Override
        public Optional<String> refusal(ObjectFacts o) {
            return types.contains(o.type())
                    ? Optional.empty()
                    : Optional.of(
                            "type "
                                    + o.type()
                                    + " is not among this area's types "
                                    + new TreeSet<>(types));
        }

        @Override
        public boolean admits(ObjectFacts o) {
            return types.contains(o.type());
        }

        @Override
        public String sql(Condition.Params params) {
            return types.isEmpty()
                    ? "1 = 0"
                    : "stix_type IN (" + params.bind(List.copyOf(new TreeSet<>(types))) + ")";
        }
    }

    /** A confidence of at least {@code minimum}; an object without one does not pass. */
    record MinConfidence(int minimum) implements Rule {
        @Override
        public Optional<String> refusal(ObjectFacts o) {
            if (o.confidence().isPresent() && o.confidence().getAsInt() >= minimum) {
                return Optional.empty();
            }
            return Optional.of(
                    "confidence "
                            + (o.confidence().isEmpty()
                                    ? "(none)"
                                    : Integer.toString(o.confidence().getAsInt()))
                            + " is below the minimum "
                            + minimum);
        }

        @Override
        public boolean admits(ObjectFacts o) {
            return o.confidence().isPresent() && o.confidence().getAsInt() >= minimum;
        }

        @Override
        public String sql(Condition.Params params) {
            return "confidence >= " + params.bind(minimum);
        }
    }

    /** At least one of these labels ({@link Labels} says how labels compare). */
    record LabelsAny(Set<String> labels) implements Rule {
        public LabelsAny {
            labels = Labels.normalise(labels);
        }

        @Override
        public Optional<String> refusal(ObjectFacts o) {
            return labels.stream().anyMatch(o.labels()::contains)
                    ? Optional.empty()
                    : Optional.of("it carries none of the labels " + new TreeSet<>(labels));
        }

        @Override
        public boolean admits(ObjectFacts o) {
            for (String label : labels) {
                if (o.labels().contains(label)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String sql(Condition.Params params) {
            List<String> any = new ArrayList<>();
            for (String label : new TreeSet<>(labels)) {
                any.add(Labels.carriesSql(label, params));
            }
            return "(" + String.join(" OR ", any) + ")";
        }
    }

    /** None of these labels. */
    record LabelsNone(Set<String> labels) implements Rule {
        public LabelsNone {
            labels = Labels.normalise(labels);
        }

        @Override
        public Optional<String> refusal(ObjectFacts o) {
            for (String label : new TreeSet<>(labels)) {
                if (o.labels().contains(label)) {
                    return Optional.of("label '" + label + "' is excluded");
                }
            }
            return Optional.empty();
        }

        @Override
        public boolean admits(ObjectFacts o) {
            for (String label : labels) {
                if (o.labels().contains(label)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String sql(Condition.Params params) {
            List<String> none = new ArrayList<>();
            for (String label : new TreeSet<>(labels)) {
                none.add("NOT (" + Labels.carriesSql(label, params) + ")");
            }
            return "(labels IS NULL OR (" + String.join(" AND ", none) + "))";
        }
    }

    /**
     * The TLP levels that may pass: the area's ceiling read by meaning (AMBER admits CLEAR, GREEN
     * and AMBER, never AMBER+STRICT), without RED, and for a constituent without AMBER+STRICT
     * unless under its own subscription naming it ({@code constituentWithoutStrict}).
     */
    record Ceiling(Tlp ceiling, Set<Tlp> admitted, boolean constituentWithoutStrict)
            implements Rule {
        public Ceiling {
            admitted = Set.copyOf(admitted);
            if (admitted.contains(Tlp.RED)) {
                throw new IllegalArgumentException("TLP:RED never passes");
            }
        }

        @Override
        public Optional<String> refusal(ObjectFacts o) {
            Tlp tlp = o.tlp();
            if (admitted.contains(tlp)) {
                return Optional.empty();
            }
            String level =
                    tlp.label() + (o.ownTlp().isEmpty() ? " (the collection's default)" : "");
            if (tlp == Tlp.RED) {
                return Optional.of(level + " is for named people only: it never leaves the node");
            }
            if (tlp == Tlp.AMBER_STRICT && constituentWithoutStrict) {
                return Optional.of(
                        level + " goes to a constituent only under its own subscription naming it");
            }
            return Optional.of(level + " is above this area's ceiling " + ceiling.label());
        }

        @Override
        public boolean admits(ObjectFacts o) {
            return admitted.contains(o.tlp());
        }

        @Override
        public String sql(Condition.Params params) {
            List<String> names = admitted.stream().map(Enum::name).sorted().toList();
            return names.isEmpty() ? "1 = 0" : "effective_tlp IN (" + params.bind(names) + ")";
        }
    }

    /**
     * Under an area that anonymises what we share: nothing that cannot go without naming us (our
     * identity, a relationship to us); what names us in ways that can be stripped goes stripped.
     */
    record Anonymous() implements Rule {
        @Override
        public Optional<String> refusal(ObjectFacts o) {
            return o.namesUs() < 2
                    ? Optional.empty()
                    : Optional.of(
                            "it cannot go without naming us, and this area anonymises what we"
                                    + " share");
        }

        @Override
        public boolean admits(ObjectFacts o) {
            return o.namesUs() < 2;
        }

        @Override
        public String sql(Condition.Params params) {
            return "names_us < 2";
        }
    }

    /**
     * Where a received object may go on (the brief's table, right column): TLP:CLEAR anywhere;
     * GREEN to the community where its originating area's onward rule is community, and to our
     * constituents where it is constituents or community; AMBER to our constituents only, where its
     * onward rule is constituents or community; AMBER+STRICT and RED to nobody. Our own objects
     * pass. An object is "received" when an onward rule governs it: what another organisation sent,
     * and our sightings of such objects.
     *
     * @param recipient who would receive it
     * @param community areas in force whose onward rule is community
     * @param constituents areas in force whose onward rule admits constituents
     */
    record Onward(
            String recipientOrg,
            OrgKind recipient,
            Set<AreaRef> community,
            Set<AreaRef> constituents)
            implements Rule {
        public Onward {
            community = Set.copyOf(community);
            constituents = Set.copyOf(constituents);
        }

        private boolean toConstituent() {
            return recipient == OrgKind.CONSTITUENT;
        }

        @Override
        public Optional<String> refusal(ObjectFacts o) {
            if (o.onward().isEmpty() || o.onward().get().org().equals(recipientOrg)) {
                return Optional.empty();
            }
            AreaRef from = new AreaRef(o.onward().get().agreement(), o.onward().get().area());
            Tlp tlp = o.tlp();
            String level = "received at " + tlp.label();
            return switch (tlp) {
                case CLEAR -> Optional.empty();
                case GREEN ->
                        community.contains(from) || (toConstituent() && constituents.contains(from))
                                ? Optional.empty()
                                : Optional.of(
                                        level
                                                + ": the agreement it came under does not let it"
                                                + " go on to "
                                                + (toConstituent()
                                                        ? "constituents"
                                                        : "the community"));
                case AMBER ->
                        toConstituent() && constituents.contains(from)
                                ? Optional.empty()
                                : Optional.of(
                                        level
                                                + (toConstituent()
                                                        ? ": the agreement it came under does"
                                                                + " not let it go on to"
                                                                + " constituents"
                                                        : ": it may go on to our constituents"
                                                                + " only, never to another"
                                                                + " partner agency"));
                case AMBER_STRICT, RED ->
                        Optional.of(level + ": it goes to nobody outside our organisation");
            };
        }

        @Override
        public String sql(Condition.Params params) {
            List<String> any = new ArrayList<>();
            any.add("onward_org IS NULL");
            any.add("onward_org = " + params.bind(recipientOrg));
            any.add("effective_tlp = 'CLEAR'");
            Set<AreaRef> green = new java.util.HashSet<>(community);
            if (toConstituent()) {
                green.addAll(constituents);
            }
            if (!green.isEmpty()) {
                any.add("(effective_tlp = 'GREEN' AND " + from(green, params) + ")");
            }
            if (toConstituent() && !constituents.isEmpty()) {
                any.add("(effective_tlp = 'AMBER' AND " + from(constituents, params) + ")");
            }
            return "(" + String.join(" OR ", any) + ")";
        }

        private static String from(Set<AreaRef> areas, Condition.Params params) {
            List<String> pairs = new ArrayList<>();
            for (AreaRef a :
                    areas.stream()
                            .sorted(
                                    java.util.Comparator.comparing(AreaRef::agreementId)
                                            .thenComparing(AreaRef::area))
                            .toList()) {
                pairs.add(
                        "(onward_agreement = "
                                + params.bind(a.agreementId())
                                + " AND onward_area = "
                                + params.bind(a.area())
                                + ")");
            }
            return "(" + String.join(" OR ", pairs) + ")";
        }
    }
}
