package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the test classpath must not hold. */
class TestDependenciesTest {
    @Test
    void jqwikIsNotOnTheClasspathItsLicenceAsksCodingAgentsNotToUseIt() {
        assertThatThrownBy(() -> Class.forName("net.jqwik.api.Property"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
