package org.entente.server.testing;

import java.nio.file.Path;
import org.entente.server.cli.Main;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;

/**
 * How {@link NodeProcess} starts a node: {@code entente ARGS...}, with the node's clock replaced by
 * a {@link TestClock} kept in the file named by the system property {@value #CLOCK_FILE}, which the
 * test moves forward.
 *
 * <p>Why a file mapped by both processes, and this class: the way in exists only in the test
 * classes, so no setting, environment variable or endpoint of the product can switch a node to a
 * test's time by accident (the runnable jar does not contain this class); the node's code is not
 * changed; and a move is seen at the node's next reading of its clock, with nothing to poll and no
 * port to open. An endpoint would have to be guarded in the product; a property read by the
 * product's clock bean could be set in production.
 */
public final class ClockedNodeMain {
    /** The system property naming the clock file. */
    public static final String CLOCK_FILE = "entente.test.clock-file";

    private ClockedNodeMain() {}

    public static void main(String[] args) {
        String file = System.getProperty(CLOCK_FILE);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("-D" + CLOCK_FILE + " must name the clock file");
        }
        ClockOverride clock = new ClockOverride(TestClock.sharedThrough(Path.of(file)));
        // the hook applies to the application that 'serve' runs on this thread
        SpringApplication.withHook(
                application -> {
                    application.addInitializers(clock);
                    return new SpringApplicationRunListener() {};
                },
                () -> Main.main(args));
    }
}
