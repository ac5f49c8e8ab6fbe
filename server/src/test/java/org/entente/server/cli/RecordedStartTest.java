package org.entente.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.entente.server.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start that {@code ./entente} records into its class-data archive: a whole start, its first
 * questions answered, then the node stops by itself (LauncherIT runs it through the launcher).
 */
class RecordedStartTest {
    @TempDir Path dir;

    @Test
    void aRecordedStartIsAnsweredItsFirstQuestionsThenStops() throws Exception {
        ServeCommand serve =
                new ServeCommand(
                        () ->
                                SettingsTest.environment(
                                        Map.of(
                                                "ENTENTE_DATA_DIR",
                                                dir.toString(),
                                                "ENTENTE_ADMIN_TOKEN",
                                                TestNode.ADMIN_TOKEN)));
        serve.port = 0;
        serve.record = true;

        assertThat(serve.call()).as("exit code").isZero();

        // discovery (public) without a token and with the admin's, the sign-in page, the health
        // probe: each answered
        assertThat(serve.recordedAnswers()).containsExactly(200, 200, 200, 200);
        assertThat(serve.application().isActive()).as("the node stopped").isFalse();
        assertThat(ServeCommand.serving()).as("Main ends the JVM").isFalse();
    }

    @Test
    void anOrdinaryServeIsNotRecorded() {
        assertThat(new ServeCommand(() -> SettingsTest.environment(Map.of())).record).isFalse();
    }
}
