package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.entente.server.NodeSettings;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.ApiRoot;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Policy;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StatusDetail;
import org.entente.stix.Timestamps;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** TAXII sections 4 and 5.1–5.2: discovery, API roots, status, collections. */
@RestController
class ServerController {
    private final NodeSettings settings;
    private final Catalog catalog;
    private final Policy policy;
    private final Scope scope;

    ServerController(NodeSettings settings, Catalog catalog, Policy policy, Scope scope) {
        this.settings = settings;
        this.catalog = catalog;
        this.policy = policy;
        this.scope = scope;
    }

    static <T> ResponseEntity<T> taxii(T body) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(MediaTypes.TAXII))
                .body(body);
    }

    @GetMapping("/taxii2/")
    ResponseEntity<Resources.Discovery> discovery(HttpServletRequest request) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        List<String> roots =
                catalog.apiRoots().stream().map(r -> "/taxii2/" + r.name() + "/").toList();
        return taxii(
                new Resources.Discovery(
                        settings.title(),
                        settings.description(),
                        settings.contact(),
                        "/taxii2/" + settings.apiRoot() + "/",
                        roots));
    }

    @GetMapping("/taxii2/{root}/")
    ResponseEntity<Resources.ApiRootResource> apiRoot(
            @PathVariable String root, HttpServletRequest request, NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        ApiRoot r = scope.root(root);
        return taxii(
                new Resources.ApiRootResource(
                        r.title(),
                        r.description().orElse(null),
                        List.of(MediaTypes.TAXII),
                        r.maxContentLength(),
                        settings.limits().maxObjectBytes(),
                        settings.limits().maxObjectsPerRequest()));
    }

    /**
     * A status resource, one page of its lines at a time: {@code next} is the value a previous page
     * gave in {@code x_entente_next}; the counts are complete on every page.
     */
    @GetMapping("/taxii2/{root}/status/{statusId}/")
    ResponseEntity<Resources.StatusResource> status(
            @PathVariable String root,
            @PathVariable String statusId,
            HttpServletRequest request,
            NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        ApiRoot r = scope.root(root);
        int from = statusPage(Filters.single(request.getParameterMap(), "next"));
        PostStatus status =
                catalog.status(
                                r.name(),
                                statusId,
                                principal.id(),
                                principal.isAdmin(),
                                from,
                                settings.limits().statusDetailsPerPage())
                        .orElseThrow(
                                () ->
                                        ApiException.notFound(
                                                "there is no status '" + statusId + "' for you"));
        return taxii(statusResource(status));
    }

    /** The chunk a status page starts at: the {@code next} a previous page gave, or the first. */
    private static int statusPage(String next) {
        if (next == null) {
            return 0;
        }
        if (next.matches("[0-9]{1,9}")) {
            return Integer.parseInt(next);
        }
        throw ApiException.invalid(
                "next '"
                        + next
                        + "' is not a value this server gave out for a status; use the"
                        + " x_entente_next of the page before, or leave it out for the first page");
    }

    @GetMapping("/taxii2/{root}/collections/")
    ResponseEntity<Resources.Collections> collections(
            @PathVariable String root, HttpServletRequest request, NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        ApiRoot r = scope.root(root);
        List<Resources.CollectionResource> visible =
                catalog.list(r.name()).stream()
                        .map(c -> collectionResource(c, policy.rights(principal, c)))
                        .filter(c -> c.canRead() || c.canWrite())
                        .toList();
        return taxii(new Resources.Collections(visible));
    }

    @GetMapping("/taxii2/{root}/collections/{id}/")
    ResponseEntity<Resources.CollectionResource> collection(
            @PathVariable String root,
            @PathVariable String id,
            HttpServletRequest request,
            NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        Scope.Target t = scope.collection(root, id, principal);
        return taxii(collectionResource(t.collection(), t.grant()));
    }

    static Resources.CollectionResource collectionResource(Collection c, Grant grant) {
        return new Resources.CollectionResource(
                c.id(),
                c.title(),
                c.description().orElse(null),
                c.alias().orElse(null),
                grant.canRead(),
                grant.canWrite(),
                List.of(MediaTypes.STIX));
    }

    static Resources.StatusResource statusResource(PostStatus s) {
        return new Resources.StatusResource(
                s.id(),
                s.complete() ? "complete" : "pending",
                Timestamps.formatMicros(s.requestTimestamp()),
                s.totalCount(),
                s.successCount(),
                details(s.successes()),
                s.failureCount(),
                details(s.failures()),
                s.pendingCount(),
                List.of(),
                s.next().isPresent() ? Boolean.TRUE : null,
                s.next().isPresent() ? Integer.toString(s.next().getAsInt()) : null);
    }

    private static List<Resources.StatusDetailResource> details(List<StatusDetail> details) {
        return details.stream()
                .map(
                        d ->
                                new Resources.StatusDetailResource(
                                        d.id(), d.version(), d.message().orElse(null)))
                .toList();
    }
}
