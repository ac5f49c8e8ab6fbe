package org.entente.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in pages: the password form (whose post Spring Security's form login takes), the second
 * factor, and the enrolment of one. Their rules are {@link SignIns}'; these only translate.
 */
@Controller
class SignInController {
    /** The session attribute holding a secret offered for enrolment and not yet confirmed. */
    static final String OFFERED = SignInController.class.getName() + ".offered";

    private final SignIns signIns;

    SignInController(SignIns signIns) {
        this.signIns = signIns;
    }

    @GetMapping("/login")
    String login() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignIns.Person) {
            return ConsoleSecurity.partial(auth) ? "redirect:/login/code" : "redirect:/";
        }
        return "console/login";
    }

    @GetMapping("/login/code")
    String code(Authentication auth) {
        if (!signIns.enrolled(ConsoleSecurity.person(auth))) {
            return "redirect:/login/enrol";
        }
        return "console/code";
    }

    @PostMapping("/login/code")
    String code(
            Authentication auth,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response) {
        SignIns.Person person = ConsoleSecurity.person(auth);
        return switch (signIns.code(person, code, request.getRemoteAddr())) {
            case ACCEPTED -> {
                ConsoleSecurity.signedIn(person, request, response);
                yield "redirect:/";
            }
            case REFUSED -> "redirect:/login/code?error";
            case LOCKED -> {
                ConsoleSecurity.end(request);
                yield "redirect:/login?locked";
            }
        };
    }

    @GetMapping("/login/enrol")
    String enrol(Authentication auth, HttpSession session, Model model) {
        SignIns.Person person = ConsoleSecurity.person(auth);
        if (signIns.enrolled(person)) {
            return "redirect:/login/code";
        }
        // the same secret until it is confirmed, so that a reload does not void what the person
        // has just entered in their app
        SignIns.Enrolment offered =
                session.getAttribute(OFFERED) instanceof SignIns.Enrolment kept
                        ? kept
                        : signIns.offer(person);
        session.setAttribute(OFFERED, offered);
        model.addAttribute("secret", grouped(offered.base32()));
        model.addAttribute("uri", offered.uri());
        return "console/enrol";
    }

    @PostMapping("/login/enrol")
    String enrol(
            Authentication auth,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpSession session) {
        SignIns.Person person = ConsoleSecurity.person(auth);
        if (!(session.getAttribute(OFFERED) instanceof SignIns.Enrolment offered)) {
            return "redirect:/login/enrol";
        }
        return switch (signIns.enrol(person, offered, code, request.getRemoteAddr())) {
            case ACCEPTED -> {
                session.removeAttribute(OFFERED);
                ConsoleSecurity.signedIn(person, request, response);
                yield "redirect:/";
            }
            case REFUSED -> "redirect:/login/enrol?error";
            case LOCKED -> {
                ConsoleSecurity.end(request);
                yield "redirect:/login?locked";
            }
        };
    }

    /** In groups of four, as authenticator apps show and take it. */
    static String grouped(String base32) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(base32, i, Math.min(base32.length(), i + 4));
        }
        return out.toString();
    }
}
