package org.entente.server.taxii;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.entente.server.NodeSettings;
import org.entente.server.auth.Caller;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.error.ApiException;
import org.entente.server.ingest.Deletions;
import org.entente.server.ingest.Ingest;
import org.entente.server.policy.Disclosures;
import org.entente.server.store.Enveloped;
import org.entente.server.store.ObjectQuery;
import org.entente.server.store.Page;
import org.entente.server.store.Payload;
import org.entente.server.store.PostStatus;
import org.entente.server.store.StoredObject;
import org.entente.stix.StixIds;
import org.entente.stix.Timestamps;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** TAXII sections 5.3–5.8: manifest, objects, object, delete, versions. */
@RestController
class ObjectsController {
    private static final String BASE = "/taxii2/{root}/collections/{id}/";

    private final NodeSettings settings;
    private final Scope scope;
    private final Ingest ingest;
    private final Deletions deletions;
    private final Bodies bodies;
    private final Disclosures disclosures;

    ObjectsController(
            NodeSettings settings,
            Scope scope,
            Ingest ingest,
            Deletions deletions,
            Bodies bodies,
            Disclosures disclosures) {
        this.settings = settings;
        this.scope = scope;
        this.ingest = ingest;
        this.deletions = deletions;
        this.bodies = bodies;
        this.disclosures = disclosures;
    }

    private ObjectQuery query(
            HttpServletRequest request,
            Filters.Endpoint endpoint,
            String collectionId,
            Set<String> ids) {
        return Filters.parse(
                request.getParameterMap(),
                endpoint,
                collectionId,
                ids,
                settings.pageSize(),
                settings.maxPageSize());
    }

    @GetMapping(BASE + "objects/")
    void objects(
            @PathVariable String root,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller)
            throws IOException {
        MediaTypes.checkAccept(request.getHeader("Accept"), true);
        Scope.Readable t = scope.readable(root, id, caller);
        ObjectQuery q = query(request, Filters.Endpoint.OBJECTS, t.collection().id(), Set.of());
        if (head(request, response, t, q)) {
            return;
        }
        Envelopes.write(t.read((p, s) -> disclosures.read(p, s, q)), response);
    }

    @PostMapping(BASE + "objects/")
    ResponseEntity<Resources.StatusResource> add(
            @PathVariable String root,
            @PathVariable String id,
            HttpServletRequest request,
            NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        Scope.Writable t = scope.writable(root, id, principal);
        MediaTypes.checkContentType(request.getContentType());
        try (Payload payload = bodies.read(request, t.root().maxContentLength())) {
            StatusOf made = new StatusOf();
            PostStatus status;
            try {
                status =
                        ingest.add(
                                t.collection(),
                                principal.id(),
                                t.scope(),
                                payload,
                                Ingest.Shape.ENVELOPE,
                                made);
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                if (made.id == null) {
                    throw e;
                }
                throw new PostFailed(made.id, e);
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .contentType(MediaType.parseMediaType(MediaTypes.TAXII))
                    .body(ServerController.statusResource(status));
        }
    }

    /** Remembers the status a POST made, so that a failure after it can name it. */
    private static final class StatusOf implements Ingest.Listener {
        private String id;

        @Override
        public void opened(String statusId) {
            id = statusId;
        }

        @Override
        public void chunkWritten(int objectsSoFar, int failuresSoFar) {}
    }

    @GetMapping(BASE + "objects/{objectId}/")
    void object(
            @PathVariable String root,
            @PathVariable String id,
            @PathVariable String objectId,
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller)
            throws IOException {
        MediaTypes.checkAccept(request.getHeader("Accept"), true);
        Scope.Readable t = scope.readable(root, id, caller);
        checkObjectId(objectId);
        ObjectQuery q =
                query(request, Filters.Endpoint.OBJECT, t.collection().id(), Set.of(objectId));
        if ("HEAD".equals(request.getMethod())) {
            requireFound(t.read((p, s) -> disclosures.manifest(s, q)), request, objectId);
        }
        if (head(request, response, t, q)) {
            return;
        }
        Page<? extends Enveloped> page = t.read((p, s) -> disclosures.read(p, s, q));
        requireFound(page, request, objectId);
        Envelopes.write(page, response);
    }

    /**
     * TAXII allows DELETE to whoever may read and write the collection. Another organisation may
     * only ever delete what it sent itself: its write rights do not extend to our objects ({@link
     * Deletions}). Without both rights the answer is 403 before the request is parsed further.
     */
    @DeleteMapping(BASE + "objects/{objectId}/")
    ResponseEntity<Void> delete(
            @PathVariable String root,
            @PathVariable String id,
            @PathVariable String objectId,
            HttpServletRequest request,
            NodePrincipal principal) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        Scope.Target t = scope.collection(root, id, principal);
        if (!t.grant().canRead() || !t.grant().canWrite()) {
            throw ApiException.forbidden(
                    "deleting needs both read and write access to collection '" + id + "'");
        }
        checkObjectId(objectId);
        ObjectQuery target =
                query(request, Filters.Endpoint.DELETE, t.collection().id(), Set.of(objectId));
        deletions.delete(principal, t.collection(), id, target);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(MediaTypes.TAXII)).build();
    }

    @GetMapping(BASE + "objects/{objectId}/versions/")
    ResponseEntity<Resources.Versions> versions(
            @PathVariable String root,
            @PathVariable String id,
            @PathVariable String objectId,
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller) {
        MediaTypes.checkAccept(request.getHeader("Accept"), false);
        Scope.Readable t = scope.readable(root, id, caller);
        checkObjectId(objectId);
        ObjectQuery q =
                query(request, Filters.Endpoint.VERSIONS, t.collection().id(), Set.of(objectId));
        Page<StoredObject> page = t.read((p, s) -> disclosures.manifest(s, q));
        requireFound(page, request, objectId);
        Envelopes.dateHeaders(response, page.items());
        return ServerController.taxii(
                new Resources.Versions(
                        page.more(),
                        Envelopes.next(page),
                        page.items().stream().map(StoredObject::version).toList()));
    }

    @GetMapping(BASE + "manifest/")
    ResponseEntity<Resources.Manifest> manifest(
            @PathVariable String root,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Caller caller) {
        MediaTypes.checkAccept(request.getHeader("Accept"), true);
        Scope.Readable t = scope.readable(root, id, caller);
        ObjectQuery q = query(request, Filters.Endpoint.MANIFEST, t.collection().id(), Set.of());
        Page<StoredObject> page = t.read((p, s) -> disclosures.manifest(s, q));
        Envelopes.dateHeaders(response, page.items());
        List<Resources.ManifestRecord> records =
                page.items().stream()
                        .map(
                                o ->
                                        new Resources.ManifestRecord(
                                                o.id(),
                                                Timestamps.formatMicros(o.dateAdded()),
                                                o.version(),
                                                MediaTypes.STIX))
                        .toList();
        return ServerController.taxii(
                new Resources.Manifest(page.more(), Envelopes.next(page), records));
    }

    /**
     * HEAD answers with the headers of the page GET would send, read as a manifest: no object
     * leaves, so nothing is disclosed or recorded.
     */
    private boolean head(
            HttpServletRequest request,
            HttpServletResponse response,
            Scope.Readable t,
            ObjectQuery q) {
        if (!"HEAD".equals(request.getMethod())) {
            return false;
        }
        Page<StoredObject> page = t.read((p, s) -> disclosures.manifest(s, q));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaTypes.TAXII);
        Envelopes.dateHeaders(response, page.items());
        return true;
    }

    private static void checkObjectId(String objectId) {
        String problem = StixIds.idProblem(objectId);
        if (problem != null) {
            throw ApiException.invalid("object id in the path: " + problem);
        }
    }

    /**
     * An object endpoint with nothing to return is a 404 (also after a DELETE, as section 5.7
     * requires) unless the client is paging, where an empty last page is normal.
     */
    private static void requireFound(Page<?> page, HttpServletRequest request, String objectId) {
        boolean paging =
                request.getParameter("next") != null || request.getParameter("added_after") != null;
        if (page.items().isEmpty() && !paging) {
            throw ApiException.notFound(
                    "no matching version of " + objectId + " in this collection");
        }
    }
}
