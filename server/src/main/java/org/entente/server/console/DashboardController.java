package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.entente.server.auth.Principals;
import org.entente.server.federation.Federation;
import org.entente.server.federation.Scheduler;
import org.entente.server.ledger.Ledger;
import org.entente.server.policy.Administration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: agreements in force, those expiring, partners; for the ledger's readers
 * what flowed each way in the last 30 and 90 days and the ledger's state; for the peers' readers
 * their health and lag, what was refused each way with them and what other organisations sent to
 * our TAXII server that we refused; for those who may ask a dry run what the policy withholds from
 * each partner now. Each section is in the model only for those who may see it, so the template
 * cannot show it to anyone else.
 */
@Controller
class DashboardController {
    private final Dashboard dashboard;
    private final DashboardFlows flows;
    private final DashboardHealth health;
    private final DashboardWithheld withheld;

    /**
     * The peers' rows are the peers page's ({@link PeerPages}), made here as that page's controller
     * makes them: the scheduler whose next runs they show belongs to the web application.
     */
    DashboardController(
            Dashboard dashboard,
            DashboardFlows flows,
            DashboardWithheld withheld,
            Federation federation,
            Scheduler scheduler,
            Ledger ledger,
            LedgerChecks checks,
            Principals principals,
            Administration admin,
            Clock clock) {
        this.dashboard = dashboard;
        this.flows = flows;
        this.withheld = withheld;
        this.health =
                new DashboardHealth(
                        new PeerPages(federation, scheduler, principals, admin, clock),
                        federation,
                        ledger,
                        checks,
                        principals,
                        clock);
    }

    @GetMapping({"/", "/console", "/console/"})
    String dashboard(HttpServletRequest request, Model model) {
        SignIns.Person person = (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
        model.addAttribute("summary", dashboard.summary(person));
        model.addAttribute("expiringDays", Dashboard.EXPIRING.toDays());
        model.addAttribute("flows", flows.of(person).orElse(null));
        model.addAttribute("shortDays", DashboardFlows.SHORT.toDays());
        model.addAttribute("longDays", DashboardFlows.LONG.toDays());
        model.addAttribute("flowsMaxMinutes", DashboardFlows.MAX_AGE.toMinutes());
        model.addAttribute("peers", health.peers(person).orElse(null));
        model.addAttribute("refusalDays", DashboardHealth.REFUSALS.toDays());
        model.addAttribute("ledger", health.ledger(person).orElse(null));
        model.addAttribute("withheld", withheld.of(person).orElse(null));
        model.addAttribute("withheldMaxMinutes", DashboardWithheld.MAX_AGE.toMinutes());
        return "console/dashboard";
    }
}
