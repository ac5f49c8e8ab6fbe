package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library matches; running over files with threads and writing output formats is the command
 * line's work (server, {@code entente match}), not part of this module's public API.
 */
class LibraryApiTest {

    @Test
    void theFileAndThreadRunnerIsNotInTheLibrary() {
        assertThatThrownBy(() -> Class.forName("org.entente.pattern.MatchRunner"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void noPublicMethodTakesStreamsOrExecutors() throws Exception {
        List<String> offending = new ArrayList<>();
        for (Class<?> c : publicClasses()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
                types.add(m.getReturnType());
                for (Class<?> t : types) {
                    if (OutputStream.class.isAssignableFrom(t)
                            || Executor.class.isAssignableFrom(t)
                            || (InputStream.class.isAssignableFrom(t)
                                    && !(c == EventMapping.class && m.getName().equals("load")))) {
                        offending.add(c.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    private static List<Class<?>> publicClasses() throws URISyntaxException, Exception {
        Path dir =
                Path.of(
                                IndicatorMatcher.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                        .resolve("org/entente/pattern");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> c = Class.forName("org.entente.pattern." + name.replace(".class", ""));
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        assertThat(out).contains(IndicatorMatcher.class);
        return out;
    }
}
