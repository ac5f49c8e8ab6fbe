package org.entente.server.taxii;

import java.util.function.BiFunction;
import org.entente.server.auth.Caller;
import org.entente.server.auth.Grant;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.ApiRoot;
import org.entente.server.collection.Catalog;
import org.entente.server.collection.Collection;
import org.entente.server.error.ApiException;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.WriteScope;
import org.entente.server.store.Page;
import org.springframework.stereotype.Component;

/**
 * Finds the API root and collection a request names and asks the policy what the caller may do
 * there, answering as TAXII asks: a collection the caller can neither read nor write does not exist
 * for them (404); one they can see but not use this way is forbidden (403). An outside organisation
 * none of whose agreements is in force is told so (403): the state of its own agreements is no
 * secret to it.
 */
@Component
class Scope {
    private final Catalog catalog;
    private final Policy policy;

    Scope(Catalog catalog, Policy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    ApiRoot root(String name) {
        return catalog.apiRoot(name)
                .orElseThrow(() -> ApiException.notFound("there is no API root '" + name + "'"));
    }

    record Target(ApiRoot root, Collection collection, Grant grant) {}

    /**
     * A collection the caller may read, with the scope the policy kept for it ({@link
     * Policy#readKept}): used through {@link #read} only, which believes an empty answer once the
     * scope is known to still hold, and otherwise reads again as the agreements are now.
     */
    final class Readable {
        private final ApiRoot root;
        private final Collection collection;
        private final String idOrAlias;
        private final Caller caller;
        private final ReadScope scope;

        private Readable(
                ApiRoot root,
                Collection collection,
                String idOrAlias,
                Caller caller,
                ReadScope scope) {
            this.root = root;
            this.collection = collection;
            this.idOrAlias = idOrAlias;
            this.caller = caller;
            this.scope = scope;
        }

        ApiRoot root() {
            return root;
        }

        Collection collection() {
            return collection;
        }

        /**
         * A page read through the scope, for the caller's principal. A kept scope whose agreements
         * have changed reads nothing (ADR 0035), and so do kept credentials that no longer hold
         * (ADR 0039), so an empty page is checked. Credentials that no longer authenticate are a
         * 401; a principal whose row has changed reads again as it is now; a scope that no longer
         * holds reads again through the scope the agreements give now (which may be a 403 or a 404,
         * as for a request that came after the change).
         */
        <P extends Page<?>> P read(BiFunction<NodePrincipal, ReadScope, P> reader) {
            NodePrincipal principal = caller.principal();
            P page = reader.apply(principal, scope);
            if (!page.items().isEmpty()) {
                return page;
            }
            // kept credentials: one statement asks what the read's own did; a poll that finds
            // nothing new then costs no fresh lookup of the token (ADR 0039, "Empty pages")
            if (caller.stillHolds(guard -> policy.stillHolds(scope, guard))) {
                return page;
            }
            NodePrincipal now = caller.againOrRefuse();
            if (!now.equals(principal)) {
                return reader.apply(
                        now, readable(collection, idOrAlias, policy.read(now, collection), now));
            }
            if (policy.current(scope)) {
                return page;
            }
            return reader.apply(
                    principal,
                    readable(collection, idOrAlias, policy.read(principal, collection), principal));
        }
    }

    record Writable(ApiRoot root, Collection collection, WriteScope scope) {}

    Target collection(String rootName, String idOrAlias, NodePrincipal principal) {
        ApiRoot root = root(rootName);
        Collection collection =
                catalog.find(root.name(), idOrAlias)
                        .orElseThrow(() -> noSuchCollection(idOrAlias, principal));
        Grant grant = policy.rights(principal, collection);
        if (!grant.canRead() && !grant.canWrite()) {
            throw noSuchCollection(idOrAlias, principal);
        }
        return new Target(root, collection, grant);
    }

    /**
     * A collection the caller may read, through the scope the policy kept, guarded by the caller's
     * kept credentials if it has any (ADR 0039). Refused on kept credentials, it is refused only
     * once they are resolved afresh: as a 401 if they no longer authenticate, and as the request
     * made now if the principal's row has changed.
     */
    Readable readable(String rootName, String idOrAlias, Caller caller) {
        try {
            NodePrincipal principal = caller.principal();
            ApiRoot root = root(rootName);
            Collection collection =
                    catalog.find(root.name(), idOrAlias)
                            .orElseThrow(() -> noSuchCollection(idOrAlias, principal));
            ReadScope kept =
                    readable(
                            collection,
                            idOrAlias,
                            policy.readKept(principal, collection),
                            principal);
            return new Readable(
                    root,
                    collection,
                    idOrAlias,
                    caller,
                    caller.guard().map(kept::guardedBy).orElse(kept));
        } catch (ApiException refused) {
            NodePrincipal now = caller.againOrRefuse();
            if (now.equals(caller.principal())) {
                throw refused;
            }
            return readable(rootName, idOrAlias, Caller.fresh(now));
        }
    }

    /** The scope read, unless it is nothing: then 404 or 403, as the caller may see it. */
    private ReadScope readable(
            Collection collection, String idOrAlias, ReadScope read, NodePrincipal principal) {
        if (read instanceof ReadScope.Nothing) {
            if (policy.write(principal, collection) instanceof WriteScope.Nothing) {
                throw noSuchCollection(idOrAlias, principal);
            }
            throw ApiException.forbidden("you may not read collection '" + idOrAlias + "'");
        }
        return read;
    }

    Writable writable(String rootName, String idOrAlias, NodePrincipal principal) {
        ApiRoot root = root(rootName);
        Collection collection =
                catalog.find(root.name(), idOrAlias)
                        .orElseThrow(() -> noSuchCollection(idOrAlias, principal));
        WriteScope write = policy.write(principal, collection);
        if (write instanceof WriteScope.Nothing) {
            if (policy.read(principal, collection) instanceof ReadScope.Nothing) {
                throw noSuchCollection(idOrAlias, principal);
            }
            throw ApiException.forbidden("you may not write to collection '" + idOrAlias + "'");
        }
        return new Writable(root, collection, write);
    }

    private ApiException noSuchCollection(String idOrAlias, NodePrincipal principal) {
        return policy.whyNothingInForce(principal)
                .map(ApiException::forbidden)
                .orElseGet(
                        () ->
                                ApiException.notFound(
                                        "there is no collection '" + idOrAlias + "' for you here"));
    }
}
