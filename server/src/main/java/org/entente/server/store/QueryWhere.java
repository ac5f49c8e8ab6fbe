package org.entente.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A query and a visibility as the WHERE and ORDER BY of a read of the objects table: the one place
 * that turns a TAXII filter into SQL, so that every read and the delete select alike.
 *
 * @param params mutable, so that a read can add the parameters of the columns it selects
 * @param orderBy the ORDER BY clause. NB: with an id filter the rows are few and the sort is done
 *     on {@code date_added + 0}, an expression no index provides, so that the planner looks them up
 *     through the (collection, id, ...) index instead of walking the whole collection in date order
 *     and filtering (SQLite does that without statistics).
 */
record QueryWhere(String sql, Map<String, Object> params, String orderBy) {

    /**
     * The query's conditions on the collection numbered {@code collectionSeq}, within {@code
     * visibility}.
     */
    static QueryWhere of(ObjectQuery q, int collectionSeq, Visibility visibility) {
        StringBuilder sql = new StringBuilder(" WHERE collection_seq = :collection");
        Map<String, Object> params = new HashMap<>();
        params.put("collection", collectionSeq);
        if (q.after().isPresent()) {
            sql.append(" AND date_added > :after");
            params.put("after", q.after().getAsLong());
        }
        if (q.upTo().isPresent()) {
            sql.append(" AND date_added <= :upTo");
            params.put("upTo", q.upTo().getAsLong());
        }
        if (!q.ids().isEmpty()) {
            sql.append(" AND stix_id IN (:ids)");
            params.put("ids", List.copyOf(q.ids()));
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND stix_type IN (:types)");
            params.put("types", List.copyOf(q.types()));
        }
        if (!q.specVersions().isEmpty()) {
            sql.append(" AND spec_version IN (:specs)");
            params.put("specs", List.copyOf(q.specVersions()));
        }
        if (q.notFromOrg().isPresent()) {
            sql.append(" AND lineage <> :notFrom");
            params.put("notFrom", q.notFromOrg().get());
        }
        VersionFilter v = q.versions();
        if (!v.all()) {
            List<String> any = new ArrayList<>(3);
            if (v.last()) {
                any.add("is_last = 1");
            }
            if (v.first()) {
                any.add("is_first = 1");
            }
            if (!v.keys().isEmpty()) {
                any.add("version_key IN (:versionKeys)");
                params.put("versionKeys", v.keys());
            }
            sql.append(
                    any.size() == 1
                            ? " AND " + any.get(0)
                            : " AND (" + String.join(" OR ", any) + ")");
        }
        if (visibility instanceof Visibility.Where w) {
            sql.append(" AND (").append(w.condition().sql()).append(')');
            for (Map.Entry<String, Object> e : w.condition().params().entrySet()) {
                if (params.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalArgumentException(
                            "the visibility's parameter :" + e.getKey() + " is a query's name");
                }
            }
        }
        String orderBy = q.ids().isEmpty() ? " ORDER BY date_added" : " ORDER BY date_added + 0";
        return new QueryWhere(sql.toString(), params, orderBy);
    }
}
