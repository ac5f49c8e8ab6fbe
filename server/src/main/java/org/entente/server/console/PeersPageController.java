package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.entente.server.auth.Principals;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Scheduler;
import org.entente.server.policy.Administration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Peers (issue 11 item 7): each peer's health, lag and latest problems, and for admins "test" and
 * "sync now", as {@code POST /api/v1/peers/{id}/test} and {@code /sync}: POSTs with the session's
 * CSRF token whose answer is the page with what the test or the run found (it is not stored, so it
 * is not a redirect).
 */
@Controller
class PeersPageController {
    private static final String BASE = "/console/peers";

    private final PeerPages pages;

    /**
     * The page model is made here, not in {@link ConsoleParts}: the scheduler it asks for "sync
     * now" belongs to the web application, beside the REST API that calls it too.
     */
    PeersPageController(
            Federation federation,
            Scheduler scheduler,
            Principals principals,
            Administration admin,
            Clock clock) {
        this.pages = new PeerPages(federation, scheduler, principals, admin, clock);
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    @GetMapping(BASE)
    String peers(HttpServletRequest request, Model model) {
        return page(person(request), model);
    }

    @PostMapping(BASE + "/{id}/test")
    String test(@PathVariable String id, HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        model.addAttribute("tested", pages.test(person, id));
        model.addAttribute("actedOn", pages.one(person, id).peer());
        return page(person, model);
    }

    @PostMapping(BASE + "/{id}/sync")
    String sync(@PathVariable String id, HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        model.addAttribute("synced", pages.sync(person, id));
        model.addAttribute("actedOn", pages.one(person, id).peer());
        return page(person, model);
    }

    private String page(SignIns.Person person, Model model) {
        model.addAttribute("rows", pages.list(person));
        model.addAttribute("mayAct", person.admin());
        return "console/peers";
    }
}
