package org.entente.server.policy;

import java.util.Objects;

/**
 * Whether one organisation would receive one object version now, and why: made by {@link
 * Policy#verdict} from the same scope its principals read through.
 */
public sealed interface Verdict permits Verdict.Shared, Verdict.Returned, Verdict.Withheld {

    /** Whether the object would go to the organisation. */
    boolean goes();

    /** It goes, under this clause (the first that admits it, as the ledger would record). */
    record Shared(Clause clause) implements Verdict {
        public Shared {
            Objects.requireNonNull(clause, "clause");
        }

        @Override
        public boolean goes() {
            return true;
        }
    }

    /** The organisation sent it: it reads its own objects back, whatever the agreements say. */
    record Returned() implements Verdict {
        @Override
        public boolean goes() {
            return true;
        }
    }

    /** It does not go, for this reason (the first clause's refusal, in words for people). */
    record Withheld(String why) implements Verdict {
        public Withheld {
            Objects.requireNonNull(why, "why");
        }

        @Override
        public boolean goes() {
            return false;
        }
    }
}
