package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.entente.server.auth.Role;
import org.entente.server.testing.EachDatabase;
import org.entente.server.testing.TestNode;

/**
 * Two nodes over one database serve one console: a session begun on one is good on the other, a
 * sign-out on one ends it on both, and the lock-out counts failures wherever they were made.
 */
class SharedConsoleTest {
    @EachDatabase
    void aSessionBegunOnOneNodeIsGoodOnAnotherAndEndsOnBoth(TestNode first) {
        String name = SignInTest.person(first, Role.ANALYST);
        ConsoleClient browser = SignInTest.signedIn(first, name);
        long stored =
                first.node()
                        .database()
                        .jdbc()
                        .sql("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = :n")
                        .param("n", name)
                        .query(Long.class)
                        .single();
        assertThat(stored).as("the signed-in session, in the database").isEqualTo(1);
        try (TestNode second = TestNode.start(first.dialect(), first.databaseUrl())) {
            ConsoleClient there = browser.sameCookiesAt(second.base());
            ConsoleClient.Page page = there.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains(name);
            assertThat(there.signOut().location()).isEqualTo("/login?signedOut");
            assertThat(browser.get("/").location()).isEqualTo("/login");
        }
    }

    @EachDatabase
    void failuresOnOneNodeLockTheAccountOnAnotherUntilTheyAgeOut(TestNode first) {
        String name = SignInTest.person(first, Role.ANALYST);
        ConsoleClient here = new ConsoleClient(first);
        for (int i = 0; i < SignIns.MAX_FAILURES; i++) {
            here.password(name, "wrong " + i);
        }
        try (TestNode second = TestNode.start(first.dialect(), first.databaseUrl())) {
            ConsoleClient there = new ConsoleClient(second);
            assertThat(there.password(name, SignInTest.PASSWORD).location())
                    .isEqualTo("/login?locked");
            // the second node's own clock, past the window: the failures have aged out there
            second.clock().advance(SignIns.WINDOW.plus(Duration.ofMinutes(1)));
            assertThat(there.password(name, SignInTest.PASSWORD).location())
                    .isEqualTo("/login/enrol");
        }
    }
}
