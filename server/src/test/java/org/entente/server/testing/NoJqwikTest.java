package org.entente.server.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** jqwik's authors ask coding agents not to use it; this team respects that. */
class NoJqwikTest {
    @Test
    void jqwikIsNotOnTheTestClasspath() {
        assertThatThrownBy(() -> Class.forName("net.jqwik.api.Property"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
