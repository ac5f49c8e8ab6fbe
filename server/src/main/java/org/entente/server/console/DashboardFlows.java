package org.entente.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;

/**
 * The dashboard's flows: per partner agency or constituent and area of cooperation, the object
 * versions sent and received in the last 30 and 90 days, from the ledger's exchange report (the
 * same figures as {@code entente ledger report} over those days). Shown to the ledger's readers
 * only ({@link Intelligence#LEDGER_READERS}), as the ledger's pages are.
 */
final class DashboardFlows {
    static final Duration SHORT = Duration.ofDays(30);
    static final Duration LONG = Duration.ofDays(90);

    /** One organisation and area: what went each way in the two windows. */
    record Flow(
            String organisation,
            String area,
            ExchangeRow.Flow lastShort,
            ExchangeRow.Flow lastLong) {
        Flow {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(area, "area");
            Objects.requireNonNull(lastShort, "lastShort");
            Objects.requireNonNull(lastLong, "lastLong");
        }
    }

    /** The rows, busiest first, and a chart of the long window per organisation. */
    record Flows(List<Flow> rows, ReportChart chart) {
        Flows {
            rows = List.copyOf(rows);
            Objects.requireNonNull(chart, "chart");
        }
    }

    private final Ledger ledger;
    private final Organisations organisations;
    private final Principals principals;
    private final Clock clock;

    DashboardFlows(Ledger ledger, Organisations organisations, Principals principals, Clock clock) {
        this.ledger = ledger;
        this.organisations = organisations;
        this.principals = principals;
        this.clock = clock;
    }

    /** Empty for a person who may not read the ledger: the section is not shown at all. */
    Optional<Flows> of(SignIns.Person person) {
        NodePrincipal viewer = principals.require(person.principalId());
        if (Collections.disjoint(viewer.roles(), Intelligence.LEDGER_READERS)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Map<String, String> names = new HashMap<>();
        for (Organisation o : organisations.list()) {
            names.put(o.id(), o.name());
        }
        Map<List<String>, ExchangeRow.Flow> lastShort = window(now, SHORT, names);
        Map<List<String>, ExchangeRow.Flow> lastLong = window(now, LONG, names);
        List<Flow> rows = new ArrayList<>();
        Map<String, ExchangeRow.Flow> perOrganisation = new TreeMap<>();
        for (Map.Entry<List<String>, ExchangeRow.Flow> e : lastLong.entrySet()) {
            String organisation = e.getKey().get(0);
            rows.add(
                    new Flow(
                            organisation,
                            e.getKey().get(1),
                            lastShort.getOrDefault(e.getKey(), ExchangeRow.Flow.NONE),
                            e.getValue()));
            perOrganisation.merge(organisation, e.getValue(), LedgerPages::plus);
        }
        rows.sort(
                (a, b) ->
                        Long.compare(
                                b.lastLong().sentObjects() + b.lastLong().receivedObjects(),
                                a.lastLong().sentObjects() + a.lastLong().receivedObjects()));
        return Optional.of(new Flows(rows, ReportChart.of(perOrganisation)));
    }

    /** The report over the last {@code span}, summed over its quarters per (name, area). */
    private Map<List<String>, ExchangeRow.Flow> window(
            Instant now, Duration span, Map<String, String> names) {
        List<ExchangeRow> report =
                ledger.report(
                        Optional.empty(),
                        OptionalLong.of(micros(now.minus(span))),
                        OptionalLong.of(micros(now)));
        Map<List<String>, ExchangeRow.Flow> out = new LinkedHashMap<>();
        for (ExchangeRow r : report) {
            List<String> key =
                    List.of(names.getOrDefault(r.orgId(), r.orgId()), r.area().orElse(""));
            out.merge(key, r.total(), LedgerPages::plus);
        }
        return out;
    }

    private static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
