package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.TimeZone;
import java.util.UUID;
import org.entente.server.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page has (the signed-in person, dates in their zone, the path the language
 * switcher links back to), and the console's errors as pages: ahead of the API's handler, which
 * answers everything else with the TAXII error resource.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAdvice.class);

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        Locale locale = LocaleContextHolder.getLocale();
        TimeZone zone = LocaleContextHolder.getTimeZone();
        model.addAttribute(
                "dates", new Dates(locale, zone == null ? ZoneOffset.UTC : zone.toZoneId()));
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("lockMinutes", SignIns.WINDOW.toMinutes());
        Object person = request.getAttribute(ConsoleSecurity.PERSON);
        if (person instanceof SignIns.Person p) {
            model.addAttribute("person", p);
        }
    }

    @ExceptionHandler(ApiException.class)
    String refused(
            ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        common(request, model);
        int status = e.kind().status;
        response.setStatus(status);
        model.addAttribute("status", status);
        // the use case's message is written for the API's callers, in English; the page says
        // what kind of refusal it was in the person's language and the detail as it is
        model.addAttribute("detail", e.getMessage());
        return "console/error";
    }

    @ExceptionHandler(Exception.class)
    String failed(
            Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        common(request, model);
        String id = UUID.randomUUID().toString();
        LOG.error("console error {}", id, e);
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        model.addAttribute("status", 500);
        model.addAttribute("errorId", id);
        return "console/error";
    }
}
