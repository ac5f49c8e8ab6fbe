package org.entente.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that starts node processes, or otherwise runs for tens of seconds (a large import,
 * the demo): tagged {@code slow}, so that the inner loop ({@code ./mvnw verify -Pquick}) skips it
 * while {@code ./mvnw verify} and CI run it; and the processes it starts are ended after each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
@ExtendWith(ChildProcesses.class)
public @interface Slow {
    String TAG = "slow";
}
