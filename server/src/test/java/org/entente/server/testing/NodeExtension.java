package org.entente.server.testing;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.entente.server.db.Dialect;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides {@link EachDatabase}'s invocations: one per database, each with its node. */
public final class NodeExtension implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(NodeExtension.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
            ExtensionContext context) {
        return Arrays.stream(Dialect.values()).map(d -> invocation(d, context));
    }

    /** The shared node of a database, started on first use and closed when the run ends. */
    public static TestNode shared(Dialect dialect, ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .computeIfAbsent(dialect, d -> TestNode.start(dialect), TestNode.class);
    }

    private static TestTemplateInvocationContext invocation(
            Dialect dialect, ExtensionContext context) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int index) {
                return dialect.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(
                        new ParameterResolver() {
                            @Override
                            public boolean supportsParameter(
                                    ParameterContext p, ExtensionContext e) {
                                return p.getParameter().getType() == TestNode.class;
                            }

                            @Override
                            public Object resolveParameter(ParameterContext p, ExtensionContext e) {
                                return shared(dialect, e);
                            }
                        });
            }
        };
    }
}
