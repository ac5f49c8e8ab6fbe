package org.entente.server.detection;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.collection.Catalog;
import org.entente.server.policy.Policy;
import org.entente.server.policy.ReadScope;
import org.entente.server.policy.WriteScope;

/**
 * The collections a batch's sender may read (the matches it is told of) and write (the sightings
 * its events add to): an analyst learns nothing of, and adds nothing to, a collection its grants do
 * not open. Asked only outside the index's lock, since the policy reads the database.
 *
 * @param reads whether the sender may read the collection of this id
 * @param writes whether the sender may write to it
 */
public record Reach(Predicate<String> reads, Predicate<String> writes) {
    public static final Reach EVERYTHING = new Reach(c -> true, c -> true);

    public Reach {
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(writes, "writes");
    }

    /**
     * What the principal's grants open now, as the policy decides; each collection is asked about
     * once, on the first match from it, so a reach lasts one batch. A collection the catalog does
     * not know is neither read nor written.
     */
    public static Reach of(NodePrincipal principal, Catalog catalog, Policy policy) {
        Map<String, Boolean> reads = new HashMap<>();
        Map<String, Boolean> writes = new HashMap<>();
        return new Reach(
                id ->
                        reads.computeIfAbsent(
                                id,
                                c ->
                                        catalog.byId(c)
                                                .map(
                                                        col ->
                                                                !(policy.read(principal, col)
                                                                        instanceof
                                                                        ReadScope.Nothing))
                                                .orElse(false)),
                id ->
                        writes.computeIfAbsent(
                                id,
                                c ->
                                        catalog.byId(c)
                                                .map(
                                                        col ->
                                                                !(policy.write(principal, col)
                                                                        instanceof
                                                                        WriteScope.Nothing))
                                                .orElse(false)));
    }
}
