package org.entente.server.console;

/** What became of one step of a console sign-in, as the audit records it. */
enum SignInOutcome {
    /** Password and second factor passed: signed in. */
    SIGNED_IN(false),
    /** The password passed; the second factor is still to come. */
    PASSWORD_PASSED(false),
    /** The first second-factor code confirmed a new enrolment (and signed in). */
    ENROLLED(false),
    SIGNED_OUT(false),
    /** Unknown name, wrong password, disabled principal: the person is told the same. */
    BAD_PASSWORD(true),
    /** A wrong, malformed or reused second-factor code. */
    BAD_CODE(true),
    /** The right password of a principal that may not use the console (a machine, a partner). */
    NOT_PERMITTED(true),
    /**
     * An admin deleted the person's second factor from the administration pages: they enrol again
     * at their next sign-in. The event names the person; {@code remote} is the admin's address.
     */
    FACTOR_RESET(false),
    /** Refused unchecked: too many failures of this name of late. */
    LOCKED(false);

    /** Whether it counts toward the lock-out. */
    final boolean failure;

    SignInOutcome(boolean failure) {
        this.failure = failure;
    }
}
