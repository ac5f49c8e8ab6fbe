package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.auth.Principals;
import org.entente.server.auth.Role;
import org.entente.server.auth.Tokens;
import org.entente.server.error.ApiException;
import org.entente.server.org.Organisation;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Administration (issue 11 item 8): people, their roles, tokens and second factor. Admins only, by
 * the REST API's rule ({@link AdminPages#admin}); every action is a POST with the session's CSRF
 * token. A new token's secret is on the answer to the POST that made it and nowhere else: not in a
 * URL, not on any later page, and the answer is not to be stored by the browser.
 */
@Controller
class AdminPageController {
    private static final String BASE = "/console/admin/people";

    /** The longest lifetime the form offers a token, in days (ten years). */
    static final int MAX_DAYS = 3650;

    private final AdminPages pages;

    AdminPageController(AdminPages pages) {
        this.pages = pages;
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    /** The longest text the list's name filter takes: a name is at most 200 characters. */
    static final int MAX_NAME = 200;

    @GetMapping(BASE)
    String list(
            @RequestParam(name = "q", defaultValue = "") String contains,
            @RequestParam(name = "after", defaultValue = "") String after,
            HttpServletRequest request,
            Model model) {
        String q = contains.strip();
        if (q.length() > MAX_NAME || after.length() > MAX_NAME) {
            throw ApiException.invalid(
                    "the name filter and the page's starting name take at most "
                            + MAX_NAME
                            + " characters, as a name does");
        }
        return people(person(request), model, Map.of(), "", List.of(), "", q, after);
    }

    @PostMapping(BASE)
    String record(
            @RequestParam MultiValueMap<String, String> posted,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        pages.admin(person);
        String name = strip(posted.getFirst("name"));
        String organisation = strip(posted.getFirst("organisation"));
        String password = Optional.ofNullable(posted.getFirst("password")).orElse("");
        List<String> typedRoles = Optional.ofNullable(posted.get("roles")).orElse(List.of());
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isEmpty()) {
            errors.put("name", "admin.err.required");
        } else if (name.length() > 200) {
            errors.put("name", "admin.err.nameLength");
        }
        if (!password.isEmpty() && password.length() < Principals.MIN_PASSWORD) {
            errors.put("password", "admin.err.password");
        }
        Optional<Set<Role>> roles = roles(typedRoles);
        if (roles.isEmpty() || roles.get().isEmpty()) {
            errors.put("roles", "admin.err.roles");
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return people(person, model, errors, name, typedRoles, organisation, "", "");
        }
        try {
            NodePrincipal p =
                    pages.record(
                            person,
                            new Principals.NewPrincipal(
                                    name,
                                    organisation.isEmpty()
                                            ? Optional.empty()
                                            : Optional.of(organisation),
                                    roles.get(),
                                    password.isEmpty() ? Optional.empty() : Optional.of(password),
                                    Optional.empty()));
            return "redirect:" + BASE + "/" + p.id() + "?done=recorded";
        } catch (ApiException e) {
            refusal(e, response, model);
            return people(person, model, errors, name, typedRoles, organisation, "", "");
        }
    }

    @GetMapping(BASE + "/{id}")
    String one(@PathVariable String id, HttpServletRequest request, Model model) {
        return page(person(request), id, model);
    }

    @PostMapping(BASE + "/{id}/roles")
    String roles(
            @PathVariable String id,
            @RequestParam(required = false) List<String> roles,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        pages.admin(person);
        Optional<Set<Role>> chosen = roles(roles == null ? List.of() : roles);
        try {
            if (chosen.isEmpty() || chosen.get().isEmpty()) {
                response.setStatus(400);
                model.addAttribute("rolesError", "admin.err.roles");
                return page(person, id, model);
            }
            NodePrincipal p = pages.setRoles(person, id, chosen.get());
            return "redirect:" + BASE + "/" + p.id() + "?done=roles";
        } catch (ApiException e) {
            refusal(e, response, model);
            return page(person, id, model);
        }
    }

    @PostMapping(BASE + "/{id}/disable")
    String disable(
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return act(request, response, model, id, "disabled", pages::disable);
    }

    @PostMapping(BASE + "/{id}/enable")
    String enable(
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return act(request, response, model, id, "enabled", pages::enable);
    }

    /**
     * One action on a principal: its notice on success, the person's page with the refusal if not.
     */
    private String act(
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            String id,
            String done,
            BiFunction<SignIns.Person, String, NodePrincipal> action) {
        SignIns.Person person = person(request);
        try {
            NodePrincipal p = action.apply(person, id);
            return "redirect:" + BASE + "/" + p.id() + "?done=" + done;
        } catch (ApiException e) {
            refusal(e, response, model);
            return page(person, id, model);
        }
    }

    /** Makes a token and shows its secret on this answer, the only time it is ever shown. */
    @PostMapping(BASE + "/{id}/tokens")
    String token(
            @PathVariable String id,
            @RequestParam(required = false) String label,
            @RequestParam(required = false) String days,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        pages.admin(person);
        String l = strip(label);
        String d = strip(days);
        Map<String, String> errors = new LinkedHashMap<>();
        if (l.isEmpty()) {
            errors.put("label", "admin.err.required");
        } else if (l.length() > 200) {
            errors.put("label", "admin.err.labelLength");
        }
        Optional<Duration> lifetime = Optional.empty();
        if (!d.isEmpty()) {
            int n = d.matches("\\d{1,5}") ? Integer.parseInt(d) : -1;
            if (n < 1 || n > MAX_DAYS) {
                errors.put("days", "admin.err.days");
            } else {
                lifetime = Optional.of(Duration.ofDays(n));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("tokenErrors", errors);
            model.addAttribute("typedLabel", l);
            model.addAttribute("typedDays", d);
            return page(person, id, model);
        }
        Tokens.Issued issued = pages.issue(person, id, l, lifetime);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        model.addAttribute("issued", issued);
        model.addAttribute("row", pages.one(person, issued.principal().id()));
        return "console/admin-token";
    }

    @PostMapping(BASE + "/{id}/tokens/{ref}/revoke")
    String revoke(@PathVariable String id, @PathVariable String ref, HttpServletRequest request) {
        SignIns.Person person = person(request);
        NodePrincipal p = pages.one(person, id).principal();
        if (!pages.revoke(person, p.id(), ref)) {
            throw ApiException.notFound("no active token of '" + p.name() + "' matches");
        }
        return "redirect:" + BASE + "/" + p.id() + "?done=revoked";
    }

    @PostMapping(BASE + "/{id}/second-factor/reset")
    String resetSecondFactor(
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        NodePrincipal p = pages.one(person, id).principal();
        try {
            boolean had = pages.resetSecondFactor(person, p.id(), request.getRemoteAddr());
            return "redirect:" + BASE + "/" + p.id() + "?done=" + (had ? "reset" : "noFactor");
        } catch (ApiException e) {
            refusal(e, response, model);
            return page(person, id, model);
        }
    }

    private String people(
            SignIns.Person person,
            Model model,
            Map<String, String> errors,
            String name,
            List<String> roles,
            String organisation,
            String contains,
            String after) {
        List<Organisation> organisations = pages.organisations(person);
        AdminPages.People people = pages.list(person, after, contains, organisations);
        model.addAttribute("rows", people.rows());
        model.addAttribute("contains", contains);
        model.addAttribute("listed", after.isEmpty() ? null : after);
        people.next()
                .ifPresent(
                        next -> {
                            UriComponentsBuilder link = UriComponentsBuilder.fromPath(BASE);
                            if (!contains.isEmpty()) {
                                link.queryParam("q", contains);
                            }
                            link.queryParam("after", next);
                            model.addAttribute("nextLink", link.encode().build().toUriString());
                        });
        model.addAttribute("organisations", organisations);
        model.addAttribute("roleKeys", roleKeys(EnumSet.allOf(Role.class)));
        model.addAttribute("errors", errors);
        model.addAttribute("typedName", name);
        model.addAttribute("typedRoles", roles);
        model.addAttribute("typedOrganisation", organisation);
        return "console/admin-people";
    }

    private String page(SignIns.Person person, String id, Model model) {
        AdminPages.Row row = pages.one(person, id);
        model.addAttribute("row", row);
        model.addAttribute("self", row.principal().id().equals(person.principalId()));
        model.addAttribute("roleKeys", roleKeys(pages.fitting(row.principal())));
        model.addAttribute("tokens", pages.tokens(person, row.principal().id()));
        if (!model.containsAttribute("tokenErrors")) {
            model.addAttribute("tokenErrors", Map.of());
        }
        return "console/admin-person";
    }

    /** A use case's refusal of bad input or a conflict: shown above the forms, with its status. */
    private static void refusal(ApiException e, HttpServletResponse response, Model model) {
        if (e.kind() != ApiException.Kind.INVALID_INPUT && e.kind() != ApiException.Kind.CONFLICT) {
            throw e;
        }
        response.setStatus(e.kind().status);
        model.addAttribute("formError", e.getMessage());
    }

    /** The roles named, or empty when one is not a role. */
    private static Optional<Set<Role>> roles(List<String> typed) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String t : typed) {
            try {
                out.add(Role.parse(t));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static List<String> roleKeys(Set<Role> roles) {
        return roles.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
