package org.entente.server.testing;

import java.time.Clock;
import java.util.Arrays;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Puts a test's clock in the place of the node's {@link Clock} bean, before anything that reads the
 * clock is made: the node (policy, ledger, federation, detection) then runs on the test's time. The
 * node's code is unchanged; this class is only in the test classes.
 */
final class ClockOverride implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private final Clock clock;

    ClockOverride(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // runs after the @Bean definitions are read, before any bean is made
        context.addBeanFactoryPostProcessor(
                beanFactory -> {
                    String[] names = beanFactory.getBeanNamesForType(Clock.class, true, false);
                    if (names.length != 1) {
                        throw new IllegalStateException(
                                "the node should define one Clock bean for tests to replace, not "
                                        + Arrays.toString(names));
                    }
                    ((BeanDefinitionRegistry) beanFactory).removeBeanDefinition(names[0]);
                    beanFactory.registerSingleton(names[0], clock);
                });
    }
}
