package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import org.entente.stix.Tlp;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Publish (issue 11 item 4): the forms of the common objects and the JSON editor, the pattern
 * checked as it is typed (an htmx fragment), and an object's new version and revocation. Every
 * action is a POST with the session's CSRF token; a person who may write to no collection is
 * refused (403) before anything of a form is read. Everything is stored through {@link Publishing},
 * which posts as TAXII does.
 */
@Controller
class PublishPageController {
    static final String BASE = "/intelligence/publish";

    private final Publishing publishing;

    PublishPageController(Publishing publishing) {
        this.publishing = publishing;
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    private static ZoneId zone() {
        TimeZone zone = LocaleContextHolder.getTimeZone();
        return zone == null ? ZoneOffset.UTC : zone.toZoneId();
    }

    /**
     * A blank form of one kind; {@code collection}, {@code object_refs} and {@code sighting_of_ref}
     * may come filled from an object's page ("write a report about this", "record a sighting").
     */
    @GetMapping({BASE, BASE + "/"})
    String form(
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String collection,
            @RequestParam(name = "object_refs", required = false) String refs,
            @RequestParam(name = "sighting_of_ref", required = false) String sighted,
            HttpServletRequest request,
            Model model) {
        Publishing.Writer w = publishing.writer(person(request));
        PublishForm form =
                new PublishForm(
                        kind == null
                                ? PublishForm.Kind.INDICATOR
                                : PublishForm.Kind.of(kind)
                                        .orElseThrow(
                                                () ->
                                                        org.entente.server.error.ApiException
                                                                .notFound(
                                                                        "there is no such form")));
        if (collection != null && w.find(collection).isPresent()) {
            form.collection = collection;
        }
        if (refs != null && refs.length() <= 300 && form.values.containsKey("object_refs")) {
            form.values.put("object_refs", refs);
        }
        if (sighted != null
                && sighted.length() <= 300
                && form.values.containsKey("sighting_of_ref")) {
            form.values.put("sighting_of_ref", sighted);
        }
        return page(w, form, model);
    }

    @PostMapping({BASE, BASE + "/"})
    String publish(
            @RequestParam MultiValueMap<String, String> posted,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Publishing.Writer w = publishing.writer(person(request));
        PublishForm form = PublishForm.read(posted);
        Publishing.Outcome outcome = publishing.publish(w, form, zone());
        if (outcome instanceof Publishing.Outcome.Published done) {
            return "redirect:/intelligence/"
                    + done.collectionId()
                    + "/"
                    + done.id()
                    + "?done="
                    + (done.newVersion() ? "versioned" : "published");
        }
        response.setStatus(((Publishing.Outcome.Refused) outcome).status());
        return page(w, form, model);
    }

    /**
     * The pattern as typed, checked by the pattern engine: a fragment htmx puts under the field.
     */
    @PostMapping(BASE + "/pattern")
    String pattern(
            @RequestParam(required = false) String pattern,
            HttpServletRequest request,
            Model model) {
        publishing.writer(person(request));
        model.addAttribute("check", PublishForm.PatternCheck.of(pattern));
        return "console/publish :: check";
    }

    /** The JSON editor filled with the latest version; modified is set when it is sent. */
    @GetMapping("/intelligence/{collection}/{id}/new-version")
    String newVersion(
            @PathVariable String collection,
            @PathVariable String id,
            HttpServletRequest request,
            Model model) {
        Publishing.Writer w = publishing.writer(person(request));
        Publishing.Head h = publishing.head(w, collection, id);
        PublishForm form = new PublishForm(PublishForm.Kind.JSON);
        form.collection = h.collection().id();
        form.of = h.object().id();
        form.values.put("json", Publishing.pretty(h.body()));
        model.addAttribute("head", h);
        return page(w, form, model);
    }

    /** The confirmation before a revocation. */
    @GetMapping("/intelligence/{collection}/{id}/revoke")
    String confirmRevoke(
            @PathVariable String collection,
            @PathVariable String id,
            HttpServletRequest request,
            Model model) {
        Publishing.Writer w = publishing.writer(person(request));
        model.addAttribute("head", publishing.head(w, collection, id));
        return "console/revoke";
    }

    @PostMapping("/intelligence/{collection}/{id}/revoke")
    String revoke(
            @PathVariable String collection, @PathVariable String id, HttpServletRequest request) {
        Publishing.Writer w = publishing.writer(person(request));
        // both were checked by the revocation: a collection's id and a STIX id, nothing to escape
        publishing.revoke(w, collection, id);
        return "redirect:/intelligence/" + collection + "/" + id + "?done=revoked";
    }

    private String page(Publishing.Writer w, PublishForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("collections", w.collections());
        model.addAttribute("kinds", List.of(PublishForm.Kind.values()));
        model.addAttribute("tlps", List.of(Tlp.values()));
        model.addAttribute("indicatorTypes", PublishForm.INDICATOR_TYPES);
        model.addAttribute("jsonMax", PublishForm.JSON_MAX);
        return "console/publish";
    }
}
