package org.entente.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A read of the store without the policy's visibility does not compile: this test hands the Java
 * compiler such reads, against the real classes, and expects each to be refused (and the same reads
 * with a visibility to compile, so that the test can tell the difference).
 */
class VisibilityIsRequiredTest {
    private static final String PREFIX =
            """
            import org.entente.server.store.*;
            class Reader {
                Object read(ObjectDao objects, ObjectQuery q, Visibility v) {
                    return %s;
                }
            }
            """;

    private static String compile(String expression) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject source =
                new SimpleJavaFileObject(
                        URI.create("string:///Reader.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return PREFIX.formatted(expression);
                    }
                };
        Path out = Files.createTempDirectory("visibility-test-");
        StringWriter errors = new StringWriter();
        boolean ok =
                javac.getTask(
                                errors,
                                null,
                                null,
                                List.of(
                                        "-classpath",
                                        System.getProperty("java.class.path"),
                                        "-d",
                                        out.toString()),
                                null,
                                List.of(source))
                        .call();
        return ok ? "" : errors.toString();
    }

    @Test
    void everyReadOfTheStoreWithoutAVisibilityIsACompileError() throws Exception {
        for (String read :
                List.of(
                        "objects.objects(q)",
                        "objects.bodies(q)",
                        "objects.manifest(q)",
                        "objects.count(q.collectionId())",
                        "objects.delete(q)")) {
            assertThat(compile(read)).as(read).contains("cannot be applied to given types");
        }
    }

    @Test
    void theSameReadsWithAVisibilityCompile() throws Exception {
        for (String read :
                List.of(
                        "objects.objects(q, v)",
                        "objects.bodies(q, v)",
                        "objects.manifest(q, v)",
                        "objects.count(q.collectionId(), v)",
                        "objects.delete(q, v)")) {
            assertThat(compile(read)).as(read).isEmpty();
        }
    }

    @Test
    void aVisibilityCannotBeMadeButThroughItsFactories() throws Exception {
        assertThat(compile("new Visibility.All()")).contains("has private access");
        assertThat(compile("new Visibility() {}")).contains("sealed");
    }
}
