package org.entente.server.taxii;

import org.entente.server.auth.Access;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.ApiRoot;
import org.entente.server.collection.Collection;
import org.entente.server.collection.CollectionDao;
import org.entente.server.error.ApiException;
import org.springframework.stereotype.Component;

/**
 * Finds the API root and collection a request names and checks the caller's rights, answering as
 * TAXII asks: a collection the caller can neither read nor write does not exist for them (404); one
 * they can see but not use this way is forbidden (403).
 */
@Component
class Scope {
    private final CollectionDao collections;
    private final Access access;

    Scope(CollectionDao collections, Access access) {
        this.collections = collections;
        this.access = access;
    }

    ApiRoot root(String name) {
        return collections
                .apiRoot(name)
                .orElseThrow(() -> ApiException.notFound("there is no API root '" + name + "'"));
    }

    record Target(ApiRoot root, Collection collection, Grant grant) {}

    Target collection(String rootName, String idOrAlias, NodePrincipal principal) {
        ApiRoot root = root(rootName);
        Collection collection =
                collections
                        .find(root.name(), idOrAlias)
                        .orElseThrow(() -> noSuchCollection(idOrAlias));
        Grant grant = access.of(principal, collection);
        if (!grant.canRead() && !grant.canWrite()) {
            throw noSuchCollection(idOrAlias);
        }
        return new Target(root, collection, grant);
    }

    Target readable(String rootName, String idOrAlias, NodePrincipal principal) {
        Target t = collection(rootName, idOrAlias, principal);
        if (!t.grant().canRead()) {
            throw ApiException.forbidden("you may not read collection '" + idOrAlias + "'");
        }
        return t;
    }

    Target writable(String rootName, String idOrAlias, NodePrincipal principal) {
        Target t = collection(rootName, idOrAlias, principal);
        if (!t.grant().canWrite()) {
            throw ApiException.forbidden("you may not write to collection '" + idOrAlias + "'");
        }
        return t;
    }

    private static ApiException noSuchCollection(String idOrAlias) {
        return ApiException.notFound("there is no collection '" + idOrAlias + "' for you here");
    }
}
