package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's kept work is trimmed oldest first, and never while the oldest still runs. */
class OffRequestTest {
    private static Map<String, Boolean> kept(boolean... running) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < running.length; i++) {
            m.put("w" + i, running[i]);
        }
        return m;
    }

    @Test
    void theOldestFinishedGoFirstUntilAtMostTheLimitIsLeft() {
        Map<String, Boolean> m = kept(false, false, false, true, false);
        OffRequest.trim(m, 3, r -> r);
        assertThat(m.keySet()).containsExactly("w2", "w3", "w4");
        OffRequest.trim(m, 3, r -> r);
        assertThat(m.keySet()).containsExactly("w2", "w3", "w4");
    }

    @Test
    void workStillRunningIsNeverForgottenNorWhatCameAfterIt() {
        Map<String, Boolean> m = kept(false, true, false, false);
        OffRequest.trim(m, 1, r -> r);
        assertThat(m.keySet()).containsExactly("w1", "w2", "w3");
    }

    @Test
    void theWorkerIsOneDaemonThreadOfItsName() throws Exception {
        var worker = OffRequest.worker("entente-test-worker");
        try {
            Thread t = worker.submit(Thread::currentThread).get();
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("entente-test-worker");
            assertThat(worker.submit(Thread::currentThread).get()).isSameAs(t);
        } finally {
            worker.shutdownNow();
        }
    }
}
