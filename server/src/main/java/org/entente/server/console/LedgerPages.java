package org.entente.server.console;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.ExchangeRow;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerExport;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisation;
import org.entente.server.org.Organisations;
import org.entente.server.policy.Administration;

/**
 * The ledger and reports pages' reads (issue 11 item 6): each partner organisation's chain, its
 * export for a bilateral review and the exchange report, through {@link Ledger}, the same calls
 * {@code entente ledger export} and {@code entente ledger report} make. Who may: the people who see
 * the ledger on an object's page ({@link Intelligence#LEDGER_READERS}: admins, liaison officers,
 * auditors); the command line has no roles (whoever holds the database holds the ledger) and the
 * REST API has no ledger endpoint, so this is the console's rule, the one it already applies.
 */
final class LedgerPages {
    /** The longest organisation id or date a form may carry; anything longer is no such thing. */
    static final int MAX_FIELD = 64;

    private final Ledger ledger;
    private final Organisations organisations;
    private final Principals principals;
    private final Administration admin;

    LedgerPages(
            Ledger ledger,
            Organisations organisations,
            Principals principals,
            Administration admin) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.organisations = Objects.requireNonNull(organisations, "organisations");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /** One organisation's chain as its head records it. */
    record Chain(Organisation organisation, long entries, String hash, Optional<Instant> last) {
        Chain {
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(last, "last");
        }
    }

    /**
     * A period of the ledger as the command line reads one: days in UTC, the first from its
     * midnight, the last up to the next midnight. Empty ends are open.
     */
    record Period(Optional<LocalDate> from, Optional<LocalDate> to) {
        Period {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
                throw ApiException.invalid("from: the first day is after the last (to)");
            }
        }

        static Period parse(String from, String to) {
            return new Period(day(from, "from"), day(to, "to"));
        }

        OptionalLong fromMicros() {
            return from.map(d -> OptionalLong.of(micros(d))).orElse(OptionalLong.empty());
        }

        OptionalLong toMicros() {
            return to.map(d -> OptionalLong.of(micros(d.plusDays(1)))).orElse(OptionalLong.empty());
        }

        public String fromText() {
            return from.map(LocalDate::toString).orElse("");
        }

        public String toText() {
            return to.map(LocalDate::toString).orElse("");
        }

        private static long micros(LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        }

        private static Optional<LocalDate> day(String text, String field) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            String t = text.strip();
            try {
                if (t.length() != 10) {
                    throw new DateTimeParseException("not yyyy-mm-dd", t, 0);
                }
                return Optional.of(LocalDate.parse(t));
            } catch (DateTimeParseException e) {
                throw ApiException.invalid(
                        field
                                + ": '"
                                + (t.length() > MAX_FIELD ? t.substring(0, MAX_FIELD) + "…" : t)
                                + "' is not a date of the form 2026-01-31");
            }
        }
    }

    /** A report as the page shows it: its rows with organisation names, and its chart. */
    record Report(
            Period period,
            Optional<Organisation> only,
            List<Line> lines,
            ReportChart chart,
            Map<String, String> names) {
        Report {
            lines = List.copyOf(lines);
            names = Map.copyOf(names);
        }
    }

    /** One line of the report: a row's total or one of its breakdowns, as the CLI prints them. */
    record Line(
            String orgId,
            String organisation,
            String area,
            String quarter,
            String breakdown,
            String value,
            ExchangeRow.Flow flow) {}

    /** The person's principal if they may read the ledger; 403 otherwise. */
    NodePrincipal reader(SignIns.Person person) {
        NodePrincipal p = principals.require(person.principalId());
        admin.require(p, Intelligence.LEDGER_READERS.toArray(Role[]::new));
        return p;
    }

    static boolean mayRead(SignIns.Person person) {
        return person.roles().stream().anyMatch(Intelligence.LEDGER_READERS::contains);
    }

    /** Every other organisation with its chain, partner agencies first, then by name. */
    List<Chain> chains(SignIns.Person person) {
        reader(person);
        Map<String, Ledger.OrgHead> heads = ledger.orgHeads();
        List<Chain> out = new ArrayList<>();
        for (Organisation o : others()) {
            Ledger.OrgHead h = heads.get(o.id());
            out.add(
                    h == null
                            ? new Chain(o, 0, "", Optional.empty())
                            : new Chain(
                                    o,
                                    h.entries(),
                                    h.hash(),
                                    h.lastAtMicros().isPresent()
                                            ? Optional.of(
                                                    Intelligence.instant(
                                                            h.lastAtMicros().getAsLong()))
                                            : Optional.empty()));
        }
        return out;
    }

    /** The organisations other than ours, partner agencies first, then by name. */
    List<Organisation> others() {
        return organisations.list().stream()
                .filter(o -> o.kind() != OrgKind.LOCAL)
                .sorted(
                        Comparator.comparing((Organisation o) -> o.kind().ordinal())
                                .thenComparing(Organisation::name))
                .toList();
    }

    /** Another organisation by id; 404 for ours, an unknown one and anything that is no id. */
    Organisation other(SignIns.Person person, String orgId) {
        reader(person);
        return other(others(), orgId);
    }

    private static Organisation other(List<Organisation> others, String orgId) {
        if (orgId == null || orgId.isBlank() || orgId.length() > MAX_FIELD) {
            throw ApiException.notFound("there is no such organisation");
        }
        return others.stream()
                .filter(o -> o.id().equals(orgId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("there is no such organisation"));
    }

    /** Plans an export of {@code orgId}'s chain, as {@code entente ledger export} does. */
    LedgerExport.Plan planExport(SignIns.Person person, String orgId, Period period) {
        Organisation o = other(person, orgId);
        return ledger.planExport(o.id(), period.fromMicros(), period.toMicros());
    }

    void export(LedgerExport.Plan plan, OutputStream out) {
        ledger.export(plan, out);
    }

    /**
     * What a person asks the report of, checked: they may read the ledger, and the organisation, if
     * one is named, is another one of this node's (404 otherwise); with the organisations the page
     * offers.
     */
    record Asking(
            LedgerReports.Asked asked, Optional<Organisation> only, List<Organisation> others) {
        Asking {
            Objects.requireNonNull(asked, "asked");
            Objects.requireNonNull(only, "only");
            others = List.copyOf(others);
        }
    }

    Asking asking(SignIns.Person person, Optional<String> orgId, Period period) {
        reader(person);
        List<Organisation> others = others();
        Optional<Organisation> only = orgId.filter(s -> !s.isBlank()).map(id -> other(others, id));
        return new Asking(
                new LedgerReports.Asked(only.map(Organisation::id), period), only, others);
    }

    /**
     * A counted report as the page shows it, as {@code entente ledger report} makes it; waits for
     * the count if it still runs.
     */
    Report report(SignIns.Person person, LedgerReports.Count count) {
        reader(person);
        LedgerReports.Asked asked = count.asked();
        Optional<Organisation> only = asked.orgId().map(id -> other(others(), id));
        List<ExchangeRow> rows = count.awaitRows();
        Map<String, String> names = new HashMap<>();
        for (Organisation o : organisations.list()) {
            names.put(o.id(), o.name());
        }
        List<Line> lines = new ArrayList<>();
        Map<String, ExchangeRow.Flow> quarters = new TreeMap<>();
        for (ExchangeRow r : rows) {
            String name = names.getOrDefault(r.orgId(), r.orgId());
            String area = r.area().orElse("");
            lines.add(line(r, name, area, "total", "", r.total()));
            r.byTlp().forEach((k, v) -> lines.add(line(r, name, area, "tlp", k, v)));
            r.byType().forEach((k, v) -> lines.add(line(r, name, area, "type", k, v)));
            quarters.merge(r.quarter(), r.total(), LedgerPages::plus);
        }
        return new Report(asked.period(), only, lines, ReportChart.of(quarters), names);
    }

    private static Line line(
            ExchangeRow r,
            String name,
            String area,
            String breakdown,
            String value,
            ExchangeRow.Flow flow) {
        return new Line(r.orgId(), name, area, r.quarter(), breakdown, value, flow);
    }

    /** Two flows added: the report's figures over several quarters or areas. */
    static ExchangeRow.Flow plus(ExchangeRow.Flow a, ExchangeRow.Flow b) {
        return new ExchangeRow.Flow(
                a.sentObjects() + b.sentObjects(),
                a.sentDisclosures() + b.sentDisclosures(),
                a.receivedObjects() + b.receivedObjects(),
                a.receivedEntries() + b.receivedEntries());
    }

    /**
     * The report as CSV: the command line's columns with the organisation's name first. Every text
     * cell that a spreadsheet would take for a formula is defused ({@link #cell}).
     */
    static byte[] csv(Report report) {
        StringBuilder b =
                new StringBuilder(
                        "organisation,org_id,area,quarter,breakdown,value,sent_objects,"
                                + "sent_disclosures,received_objects,received_entries\r\n");
        for (Line l : report.lines()) {
            b.append(cell(l.organisation()))
                    .append(',')
                    .append(cell(l.orgId()))
                    .append(',')
                    .append(cell(l.area()))
                    .append(',')
                    .append(cell(l.quarter()))
                    .append(',')
                    .append(cell(l.breakdown()))
                    .append(',')
                    .append(cell(l.value()))
                    .append(',')
                    .append(l.flow().sentObjects())
                    .append(',')
                    .append(l.flow().sentDisclosures())
                    .append(',')
                    .append(l.flow().receivedObjects())
                    .append(',')
                    .append(l.flow().receivedEntries())
                    .append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One CSV text cell (RFC 4180), safe to open in a spreadsheet: a cell that starts with {@code =
     * + - @}, a tab or a carriage return is taken for a formula by Excel, LibreOffice and Google
     * Sheets, so it gets a leading apostrophe (OWASP's advice); then quoted if it holds a comma, a
     * quote or a line break. Organisation names and areas come from people and partners.
     */
    static String cell(String s) {
        String t = s;
        if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t;
        }
        if (t.indexOf(',') >= 0
                || t.indexOf('"') >= 0
                || t.indexOf('\n') >= 0
                || t.indexOf('\r') >= 0) {
            return '"' + t.replace("\"", "\"\"") + '"';
        }
        return t;
    }
}
