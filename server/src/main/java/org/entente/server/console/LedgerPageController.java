package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.entente.server.error.ApiException;
import org.entente.server.ledger.LedgerExport;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ledger and reports (issue 11 item 6): each partner's chain with a "verify" that runs off the
 * request thread and a page that follows it (htmx polls its status), the export for a bilateral
 * review and the exchange report as downloads, the report as a table and a chart. Reads only;
 * starting a verification is a POST with the session's CSRF token.
 */
@Controller
class LedgerPageController {
    private static final String BASE = "/console/ledger";

    private final LedgerPages pages;
    private final LedgerChecks checks;
    private final LedgerReports reports;

    LedgerPageController(LedgerPages pages, LedgerChecks checks, LedgerReports reports) {
        this.pages = pages;
        this.checks = checks;
        this.reports = reports;
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    @GetMapping(BASE)
    String ledger(HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        model.addAttribute("chains", pages.chains(person));
        model.addAttribute("running", checks.running().orElse(null));
        return "console/ledger";
    }

    /** Starts a check of one organisation's chain, or of the whole ledger without one. */
    @PostMapping(BASE + "/checks")
    String verify(@RequestParam(required = false) String org, HttpServletRequest request) {
        SignIns.Person person = person(request);
        pages.reader(person);
        Optional<LedgerChecks.Check> running = checks.running();
        if (running.isPresent()) {
            return "redirect:" + BASE + "/checks/" + running.get().id() + "?busy";
        }
        // nothing of the ledger is read here: the check reads it, off this thread
        LedgerChecks.Check c =
                checks.start(
                        org == null || org.isBlank()
                                ? Optional.empty()
                                : Optional.of(pages.other(person, org).id()),
                        person.name());
        return "redirect:" + BASE + "/checks/" + c.id();
    }

    @GetMapping(BASE + "/checks/{id}")
    String check(@PathVariable String id, HttpServletRequest request, Model model) {
        check(person(request), id, model);
        return "console/ledger-check";
    }

    /** The status alone, which the check's page polls while the check runs. */
    @GetMapping(BASE + "/checks/{id}/status")
    String status(@PathVariable String id, HttpServletRequest request, Model model) {
        check(person(request), id, model);
        return "console/ledger-check :: status";
    }

    private void check(SignIns.Person person, String id, Model model) {
        pages.reader(person);
        LedgerChecks.Check c =
                checks.find(id)
                        .orElseThrow(
                                () -> ApiException.notFound("there is no such check on this node"));
        model.addAttribute("check", c);
        // read once: the check may end while the page is drawn, and the page shows one state
        model.addAttribute("running", c.running());
        model.addAttribute(
                "checkOrg", c.orgId().map(o -> pages.other(person, o).name()).orElse(null));
        model.addAttribute("seconds", c.seconds(checks.now()));
    }

    /** The export for a bilateral review: {@code entente ledger export}'s bytes. */
    @GetMapping(BASE + "/export")
    void export(
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        SignIns.Person person = person(request);
        LedgerExport.Plan plan = pages.planExport(person, org, LedgerPages.Period.parse(from, to));
        download(
                response,
                "application/x-ndjson",
                "ledger-" + plan.orgId() + period(LedgerPages.Period.parse(from, to)) + ".jsonl");
        try (OutputStream out = new BufferedOutputStream(response.getOutputStream(), 1 << 16)) {
            pages.export(plan, out);
        }
    }

    /**
     * The exchange report's page. It answers at once: with the report if one counted where the
     * ledger still stands is kept, otherwise with the count's progress, which htmx follows ({@link
     * LedgerReports}).
     */
    @GetMapping(BASE + "/report")
    String report(
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletRequest request,
            Model model) {
        SignIns.Person person = person(request);
        LedgerPages.Period period = LedgerPages.Period.parse(from, to);
        LedgerPages.Asking asking = pages.asking(person, Optional.ofNullable(org), period);
        LedgerReports.Count count = reports.count(asking.asked(), person.name());
        model.addAttribute("period", period);
        model.addAttribute("only", asking.only().orElse(null));
        model.addAttribute("organisations", asking.others());
        result(person, count, model);
        return "console/ledger-report";
    }

    /** A count's progress or, once it has ended, its report: what the report page polls. */
    @GetMapping(BASE + "/reports/{id}/result")
    String reportResult(@PathVariable String id, HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        pages.reader(person);
        result(person, counted(id), model);
        return "console/ledger-report :: result";
    }

    /** The report a count made, as CSV: the same figures as the table shown from it. */
    @GetMapping(BASE + "/reports/{id}/csv")
    void countedCsv(
            @PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SignIns.Person person = person(request);
        pages.reader(person);
        LedgerReports.Count count = counted(id);
        csv(response, pages.report(person, count), count.asked().period());
    }

    /**
     * The report as CSV from its organisation and dates, for a bookmark or a script: the kept one
     * if the ledger has not moved since it was counted; otherwise this request waits for its count.
     */
    @GetMapping(BASE + "/report.csv")
    void reportCsv(
            @RequestParam(required = false) String org,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        SignIns.Person person = person(request);
        LedgerPages.Period period = LedgerPages.Period.parse(from, to);
        LedgerReports.Asked asked = pages.asking(person, Optional.ofNullable(org), period).asked();
        csv(response, pages.report(person, reports.count(asked, person.name())), period);
    }

    private LedgerReports.Count counted(String id) {
        return reports.find(id)
                .orElseThrow(
                        () ->
                                ApiException.notFound(
                                        "there is no such report on this node: ask for it again"
                                                + " from the report page"));
    }

    /**
     * The count's state as one reading (it may end while the page is drawn): counting, failed or
     * counted, and its report once counted.
     */
    private void result(SignIns.Person person, LedgerReports.Count count, Model model) {
        model.addAttribute("count", count);
        model.addAttribute("seconds", count.seconds(reports.now()));
        if (count.running()) {
            model.addAttribute("state", "counting");
        } else if (count.failure().isPresent()) {
            model.addAttribute("state", "failed");
        } else {
            model.addAttribute("state", "counted");
            model.addAttribute("report", pages.report(person, count));
        }
    }

    private static void csv(
            HttpServletResponse response, LedgerPages.Report report, LedgerPages.Period period)
            throws IOException {
        byte[] csv = LedgerPages.csv(report);
        download(response, "text/csv;charset=UTF-8", "exchange-report" + period(period) + ".csv");
        response.setContentLength(csv.length);
        response.getOutputStream().write(csv);
    }

    /** A file the browser saves rather than shows, and keeps in no cache. */
    private static void download(HttpServletResponse response, String type, String filename) {
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader(
                "Content-Disposition",
                ContentDisposition.attachment().filename(filename).build().toString());
    }

    private static String period(LedgerPages.Period p) {
        return (p.from().isPresent() ? "-from-" + p.fromText() : "")
                + (p.to().isPresent() ? "-to-" + p.toText() : "");
    }
}
