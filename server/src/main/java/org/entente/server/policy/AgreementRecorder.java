package org.entente.server.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entente.server.agreement.Agreement;
import org.entente.server.agreement.Agreements;
import org.entente.server.auth.NodePrincipal;
import org.entente.server.ledger.Ledger;
import org.entente.server.ledger.LedgerEntry;
import org.entente.stix.StixJson;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records every change to an agreement in the ledger, once per party (so that each partner's own
 * chain shows the changes of the agreements it is party to), inside the change's transaction.
 */
public final class AgreementRecorder implements Agreements.Listener {
    private final Ledger ledger;

    public AgreementRecorder(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void changed(
            Agreement before, Agreement after, NodePrincipal by, String change, long at) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("change", change)
                .put("title", after.title())
                .put("status", after.status().key());
        if (before != null) {
            detail.put("previous_status", before.status().key());
        }
        detail.put("effective_from", after.effectiveFrom().toString());
        after.expiresAt().ifPresent(e -> detail.put("expires_at", e.toString()));
        var areas = detail.putArray("areas");
        after.areas().values().forEach(r -> areas.add(r.describe()));
        String json = StixJson.mapper().writeValueAsString(detail);
        Set<String> parties = new LinkedHashSet<>(after.parties());
        if (before != null) {
            parties.addAll(before.parties());
        }
        List<LedgerEntry.Draft> drafts =
                parties.stream()
                        .map(
                                org ->
                                        new LedgerEntry.Draft(
                                                at,
                                                LedgerEntry.Kind.AGREEMENT_CHANGED,
                                                by.id(),
                                                org,
                                                Optional.of(after.id()),
                                                Optional.empty(),
                                                "agreement " + change,
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.of(json)))
                        .toList();
        ledger.append(drafts);
    }
}
