package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.UriComponentsBuilder;

/** The intelligence pages: the list and search, and one object (issue 11 item 3). */
@Controller
class IntelligenceController {
    /** The list's filters, as the form names them. */
    static final List<String> FILTERS =
            List.of("q", "collection", "type", "tlp", "label", "origin", "from", "to");

    /** What an object's page says was just done to it ({@code ?done=}). */
    static final List<String> DONE = List.of("published", "versioned", "revoked");

    private final Intelligence intelligence;
    private final Publishing publishing;

    IntelligenceController(Intelligence intelligence, Publishing publishing) {
        this.intelligence = intelligence;
        this.publishing = publishing;
    }

    @GetMapping({"/intelligence", "/intelligence/"})
    String list(HttpServletRequest request, Model model) {
        SignIns.Person person = (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
        Intelligence.Request r =
                new Intelligence.Request(
                        param(request, "q"),
                        param(request, "collection"),
                        param(request, "type"),
                        param(request, "tlp"),
                        param(request, "label"),
                        param(request, "origin"),
                        param(request, "from"),
                        param(request, "to"),
                        param(request, "after"));
        TimeZone zone = LocaleContextHolder.getTimeZone();
        Intelligence.Listing listing =
                intelligence.list(person, r, zone == null ? ZoneOffset.UTC : zone.toZoneId());
        model.addAttribute("listing", listing);
        model.addAttribute("asked", r);
        listing.next()
                .ifPresent(
                        next -> {
                            UriComponentsBuilder link =
                                    UriComponentsBuilder.fromPath("/intelligence");
                            for (String f : FILTERS) {
                                param(request, f).ifPresent(v -> link.queryParam(f, v));
                            }
                            link.queryParam("after", next);
                            model.addAttribute("nextLink", link.encode().build().toUriString());
                        });
        return "console/intelligence";
    }

    @GetMapping({"/intelligence/{collection}/{id}", "/intelligence/{collection}/{id}/"})
    String object(
            @PathVariable String collection,
            @PathVariable String id,
            HttpServletRequest request,
            Model model) {
        SignIns.Person person = (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
        Intelligence.ObjectView shown = intelligence.object(person, collection, id);
        model.addAttribute("shown", shown);
        // the publish actions, only where the same use case would take them (issue 11 item 4)
        String c = shown.collection().id();
        Publishing.Actions actions = publishing.actions(person, c, shown.id());
        boolean publishes = actions.publishHere();
        model.addAttribute("publishHere", publishes);
        model.addAttribute("mayVersion", actions.mayVersion());
        // a sighting is of a domain object (STIX 2.1, sighting_of_ref)
        model.addAttribute(
                "sightable",
                publishes
                        && "SDO".equals(org.entente.stix.Validator.knownTypes().get(shown.type())));
        param(request, "done").filter(DONE::contains).ifPresent(d -> model.addAttribute("done", d));
        return "console/object";
    }

    /** A field of the form: absent when it was left empty (as a form sends it). */
    private static Optional<String> param(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
