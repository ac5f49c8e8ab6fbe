package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page: agreements in force, those expiring, partners, and for the ledger's
 * readers what flowed each way in the last 30 and 90 days.
 */
@Controller
class DashboardController {
    private final Dashboard dashboard;
    private final DashboardFlows flows;

    DashboardController(Dashboard dashboard, DashboardFlows flows) {
        this.dashboard = dashboard;
        this.flows = flows;
    }

    @GetMapping({"/", "/console", "/console/"})
    String dashboard(HttpServletRequest request, Model model) {
        SignIns.Person person = (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
        model.addAttribute("summary", dashboard.summary(person));
        model.addAttribute("expiringDays", Dashboard.EXPIRING.toDays());
        model.addAttribute("flows", flows.of(person).orElse(null));
        model.addAttribute("shortDays", DashboardFlows.SHORT.toDays());
        model.addAttribute("longDays", DashboardFlows.LONG.toDays());
        return "console/dashboard";
    }
}
