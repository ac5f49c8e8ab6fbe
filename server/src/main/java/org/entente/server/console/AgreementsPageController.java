package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.collection.Area;
import org.entente.server.error.ApiException;
import org.entente.server.org.OrgKind;
import org.entente.server.org.Organisations;
import org.entente.server.policy.DryRun;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Partners and agreements (issue 11 item 5): lists, an agreement's page with its areas, history,
 * lifecycle actions and dry run, and the forms that record and amend. Every action is a POST with
 * the session's CSRF token (the console's filter chain refuses any other) and goes through {@link
 * AgreementPages} to the use cases the REST API calls.
 */
@Controller
class AgreementsPageController {
    private static final String BASE = "/console/agreements";

    private final AgreementPages pages;

    AgreementsPageController(AgreementPages pages) {
        this.pages = pages;
    }

    private static SignIns.Person person(HttpServletRequest request) {
        return (SignIns.Person) request.getAttribute(ConsoleSecurity.PERSON);
    }

    @GetMapping(BASE)
    String list(HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        model.addAttribute("rows", pages.list(person));
        model.addAttribute("mayChange", AgreementPages.mayChange(person));
        return "console/agreements";
    }

    @GetMapping(BASE + "/new")
    String newForm(HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        pages.changer(person);
        return form(person, model, new AgreementForm(), Optional.empty(), Optional.empty());
    }

    @PostMapping(BASE)
    String record(
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestParam MultiValueMap<String, String> posted,
            Model model) {
        SignIns.Person person = person(request);
        pages.changer(person);
        AgreementForm form = AgreementForm.read(posted);
        Optional<Agreements.Draft> draft = form.draft(pages.candidates(person));
        if (draft.isEmpty()) {
            response.setStatus(400);
            return form(person, model, form, Optional.empty(), Optional.empty());
        }
        try {
            Agreement a = pages.record(person, draft.get());
            return "redirect:" + BASE + "/" + a.id() + "?done=recorded";
        } catch (ApiException e) {
            return refused(e, response, model, person, form, Optional.empty());
        }
    }

    @GetMapping(BASE + "/{id}")
    String one(@PathVariable String id, HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        Agreement a = pages.one(person, id);
        model.addAttribute("row", pages.row(a));
        model.addAttribute("a", a);
        model.addAttribute("areas", areas(a));
        model.addAttribute("parties", pages.parties(a));
        model.addAttribute("history", pages.history(a));
        model.addAttribute("mayChange", AgreementPages.mayChange(person));
        model.addAttribute("actions", AgreementPages.actions(a));
        pages.dryRun(person, a).ifPresent(r -> model.addAttribute("dryRun", r));
        model.addAttribute("sample", DryRun.SAMPLE);
        return "console/agreement";
    }

    @GetMapping(BASE + "/{id}/amend")
    String amendForm(@PathVariable String id, HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        pages.changer(person);
        Agreement a = pages.one(person, id);
        return form(person, model, AgreementForm.of(a), Optional.of(a), Optional.empty());
    }

    /** {@code intent=preview} shows the dry run of the terms and stores nothing. */
    @PostMapping(BASE + "/{id}/amend")
    String amend(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> posted,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        pages.changer(person);
        Agreement stored = pages.one(person, id);
        AgreementForm form = AgreementForm.read(posted);
        Optional<Agreements.Draft> draft = form.draft(pages.candidates(person));
        if (draft.isEmpty()) {
            response.setStatus(400);
            return form(person, model, form, Optional.of(stored), Optional.empty());
        }
        try {
            if ("preview".equals(posted.getFirst("intent"))) {
                DryRun.Report report = pages.preview(person, stored.id(), draft.get());
                return form(person, model, form, Optional.of(stored), Optional.of(report));
            }
            pages.amend(person, stored.id(), draft.get());
            return "redirect:" + BASE + "/" + stored.id() + "?done=amended";
        } catch (ApiException e) {
            return refused(e, response, model, person, form, Optional.of(stored));
        }
    }

    @PostMapping(BASE + "/{id}/{action}")
    String lifecycle(
            @PathVariable String id,
            @PathVariable String action,
            @RequestParam(required = false) String note,
            HttpServletRequest request) {
        SignIns.Person person = person(request);
        Optional<String> why =
                Optional.ofNullable(note).map(String::strip).filter(n -> !n.isEmpty());
        if (why.isPresent() && why.get().length() > 1000) {
            throw ApiException.invalid("a note is at most 1000 characters");
        }
        Agreement after = pages.lifecycle(person, id, action, why);
        return "redirect:"
                + BASE
                + "/"
                + after.id()
                + "?done="
                + URLEncoder.encode(action, StandardCharsets.UTF_8);
    }

    @GetMapping("/console/partners")
    String partners(HttpServletRequest request, Model model) {
        SignIns.Person person = person(request);
        model.addAttribute("partners", pages.partners(person));
        model.addAttribute("mayChange", AgreementPages.mayChange(person));
        return "console/partners";
    }

    @PostMapping("/console/partners")
    String recordPartner(
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String country,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignIns.Person person = person(request);
        pages.changer(person);
        String k = kind == null ? "" : kind.strip();
        String n = name == null ? "" : name.strip();
        String c = country == null ? "" : country.strip();
        try {
            if (!k.equals("partner") && !k.equals("constituent")) {
                throw ApiException.invalid("choose partner or constituent");
            }
            pages.recordOrganisation(
                    person,
                    OrgKind.parse(k),
                    new Organisations.Details(
                            n,
                            c.isEmpty() ? Optional.empty() : Optional.of(c),
                            List.of(),
                            Optional.empty()));
            return "redirect:/console/partners?done=recorded";
        } catch (ApiException e) {
            response.setStatus(e.kind().status);
            model.addAttribute("partners", pages.partners(person));
            model.addAttribute("mayChange", true);
            model.addAttribute("formError", e.getMessage());
            model.addAttribute("typedKind", k);
            model.addAttribute("typedName", n);
            model.addAttribute("typedCountry", c);
            return "console/partners";
        }
    }

    /** Bad input or a conflict from the use case: the form again, its message above it. */
    private String refused(
            ApiException e,
            HttpServletResponse response,
            Model model,
            SignIns.Person person,
            AgreementForm form,
            Optional<Agreement> stored) {
        if (e.kind() != ApiException.Kind.INVALID_INPUT && e.kind() != ApiException.Kind.CONFLICT) {
            throw e;
        }
        response.setStatus(e.kind().status);
        model.addAttribute("formError", e.getMessage());
        return form(person, model, form, stored, Optional.empty());
    }

    private String form(
            SignIns.Person person,
            Model model,
            AgreementForm form,
            Optional<Agreement> stored,
            Optional<DryRun.Report> preview) {
        model.addAttribute("form", form);
        model.addAttribute("organisations", pages.candidates(person));
        model.addAttribute("stored", stored.orElse(null));
        model.addAttribute("areaKeys", List.of(Area.values()).stream().map(a -> a.key).toList());
        preview.ifPresent(r -> model.addAttribute("dryRun", r));
        model.addAttribute("sample", DryRun.SAMPLE);
        return "console/agreement-form";
    }

    /** The agreement's areas in the order of {@link Area}. */
    private static List<org.entente.server.agreement.AreaRules> areas(Agreement a) {
        return List.of(Area.values()).stream()
                .map(x -> a.areas().get(x))
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
