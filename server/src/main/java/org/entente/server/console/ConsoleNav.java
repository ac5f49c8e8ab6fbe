package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Which of the ledger, peers and detection pages (issue 11 items 6 and 7) the signed-in person's
 * roles open, and whether they may publish (item 4: a write grant somewhere, as a TAXII POST
 * needs), for the links at the top of every page: a link shows only where the page would not answer
 * 403. Each page checks again through its use case; these only spare people dead links.
 */
@ControllerAdvice(basePackageClasses = ConsoleNav.class)
class ConsoleNav {
    private final Publishing publishing;

    ConsoleNav(Publishing publishing) {
        this.publishing = publishing;
    }

    @ModelAttribute
    void nav(HttpServletRequest request, Model model) {
        if (request.getAttribute(ConsoleSecurity.PERSON) instanceof SignIns.Person p) {
            model.addAttribute("seesLedger", LedgerPages.mayRead(p));
            model.addAttribute("seesPeers", PeerPages.mayRead(p));
            // not for htmx's fragments (a check polled every second): they show no navigation
            if (request.getHeader("HX-Request") == null) {
                model.addAttribute("seesPublish", publishing.mayPublish(p));
            }
        }
    }
}
