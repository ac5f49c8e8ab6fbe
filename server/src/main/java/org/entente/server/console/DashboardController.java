package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's first page: agreements in force, those expiring, partners. */
@Controller
class DashboardController {
    private final Dashboard dashboard;

    DashboardController(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping({"/", "/console", "/console/"})
    String dashboard(HttpServletRequest request, Model model) {
        SignIns.Person person = (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
        model.addAttribute("summary", dashboard.summary(person));
        model.addAttribute("expiringDays", Dashboard.EXPIRING.toDays());
        return "console/dashboard";
    }
}
