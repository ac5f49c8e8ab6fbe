package org.entente.server.db;

/**
 * The turn at the cores that the current thread holds, if any: a read holds one from the request
 * gate while it is worked on (docs/adr/0031). Code about to wait for another thread's work gives it
 * back first ({@link #giveBack}), so that the gate lets another read in while this one waits: a
 * reader waiting for the ledger's shared commit (docs/adr/0037) is not working, and the reads let
 * in meanwhile join the next commit.
 */
public final class Turns {
    private static final ThreadLocal<Runnable> HELD = new ThreadLocal<>();

    private Turns() {}

    /**
     * Records that the current thread holds a turn, which {@code giveBack} gives back (it must do
     * so at most once however often it is called). The holder calls {@link #released} when the turn
     * ends, whoever ended it.
     */
    public static void holding(Runnable giveBack) {
        HELD.set(giveBack);
    }

    /** Forgets the current thread's turn: it ended. */
    public static void released() {
        HELD.remove();
    }

    /** Gives back the current thread's turn, if it holds one; nothing otherwise. */
    public static void giveBack() {
        Runnable giveBack = HELD.get();
        if (giveBack != null) {
            HELD.remove();
            giveBack.run();
        }
    }
}
