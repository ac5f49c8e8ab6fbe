package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.entente.server.error.ApiException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The constituent portal's pages (issue 11 item 9): the list, one object, the blocklists. Only a
 * constituent's people reach them (ConsoleSecurity), and {@link Portal} checks again.
 */
@Controller
class PortalController {
    /** The list's filters, as the form names them. */
    static final List<String> FILTERS = List.of("q", "collection", "type", "tlp", "from", "to");

    private final Portal portal;

    PortalController(Portal portal) {
        this.portal = portal;
    }

    @GetMapping({"/portal", "/portal/"})
    String list(HttpServletRequest request, Model model) {
        Intelligence.Request r =
                new Intelligence.Request(
                        param(request, "q"),
                        param(request, "collection"),
                        param(request, "type"),
                        param(request, "tlp"),
                        Optional.empty(),
                        Optional.empty(),
                        param(request, "from"),
                        param(request, "to"),
                        param(request, "after"));
        TimeZone zone = LocaleContextHolder.getTimeZone();
        Portal.Listing listing =
                portal.list(person(request), r, zone == null ? ZoneOffset.UTC : zone.toZoneId());
        model.addAttribute("listing", listing);
        model.addAttribute("asked", r);
        listing.next()
                .ifPresent(
                        next -> {
                            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/portal");
                            for (String f : FILTERS) {
                                param(request, f).ifPresent(v -> link.queryParam(f, v));
                            }
                            link.queryParam("after", next);
                            model.addAttribute("nextLink", link.encode().build().toUriString());
                        });
        return "console/portal";
    }

    @GetMapping({"/portal/objects/{collection}/{id}", "/portal/objects/{collection}/{id}/"})
    String object(
            @PathVariable String collection,
            @PathVariable String id,
            HttpServletRequest request,
            Model model) {
        model.addAttribute("shown", portal.object(person(request), collection, id));
        return "console/portal-object";
    }

    /**
     * One kind's plain list: {@code ip.txt}, {@code domain.txt}, {@code url.txt}, {@code hash.txt}.
     */
    @GetMapping("/portal/blocklist/{file}")
    ResponseEntity<byte[]> blocklist(@PathVariable String file, HttpServletRequest request) {
        if (file.equals("all.csv")) {
            return download(
                    portal.blocklist(person(request)).csv(),
                    "all.csv",
                    new MediaType("text", "csv", StandardCharsets.UTF_8));
        }
        BlockEntry.Kind kind =
                Optional.of(file)
                        .filter(f -> f.endsWith(".txt"))
                        .flatMap(f -> BlockEntry.Kind.ofKey(f.substring(0, f.length() - 4)))
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "there is no such list: ip.txt, domain.txt,"
                                                        + " url.txt, hash.txt or all.csv"));
        return download(
                portal.blocklist(person(request)).text(kind),
                kind.key() + ".txt",
                new MediaType("text", "plain", StandardCharsets.UTF_8));
    }

    private static ResponseEntity<byte[]> download(String body, String name, MediaType type) {
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.noStore())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    /** A field of the form: absent when it was left empty (as a form sends it). */
    private static Optional<String> param(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
