package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.entente.server.error.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Detection (issue 11 item 7): upload a log file and see what it matched, and the sightings our
 * partners sent back of our indicators. The upload is a multipart form whose CSRF token is in its
 * action's query string ({@link FormUpload}), so each upload spends it and the page answered
 * carries a new one ({@link ConsoleSecurity#renewCsrfToken}); a file over {@link
 * DetectionPages#MAX_BYTES} or one that cannot be read comes back on the page with its reason, and
 * nothing of it is matched.
 */
@Controller
class DetectionPageController {
    private static final String BASE = "/console/detection";

    private final DetectionPages pages;

    DetectionPageController(DetectionPages pages) {
        this.pages = pages;
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    @GetMapping(BASE)
    String page(HttpServletRequest request, Model model) {
        return page(person(request), model);
    }

    @PostMapping(BASE)
    String upload(HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        // the token of this form came in the URL: it is spent now, the page answered carries a
        // new one
        ConsoleSecurity.renewCsrfToken(request, response);
        SignIns.Person person = person(request);
        if (!DetectionPages.mayUpload(person)) {
            throw ApiException.forbidden("only admins and analysts match events");
        }
        try {
            Optional<FormUpload.File> file =
                    FormUpload.read(request, "events", DetectionPages.MAX_BYTES);
            if (file.isEmpty() || file.get().content().length == 0) {
                throw ApiException.invalid("choose a log file to upload");
            }
            model.addAttribute("outcome", pages.match(person, file.get()));
        } catch (ApiException e) {
            if (e.kind() != ApiException.Kind.INVALID_INPUT
                    && e.kind() != ApiException.Kind.TOO_LARGE) {
                throw e;
            }
            response.setStatus(e.kind().status);
            model.addAttribute("uploadError", e.getMessage());
        }
        return page(person, model);
    }

    private String page(SignIns.Person person, Model model) {
        model.addAttribute("sightings", pages.sightings(person));
        model.addAttribute("mayUpload", DetectionPages.mayUpload(person) && pages.enabled());
        model.addAttribute("maxMegabytes", DetectionPages.MAX_BYTES / (1024 * 1024));
        return "console/detection";
    }
}
