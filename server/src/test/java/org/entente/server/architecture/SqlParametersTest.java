package org.entente.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No statement binds a parameter where SQLite reads its value to plan: a {@code LIMIT} or a {@code
 * LIKE} pattern. SQLite (3.53 and later for {@code LIMIT}) then marks the statement to be compiled
 * again whenever that parameter is bound, and the driver binds every parameter at every execution:
 * a partner's page query, 77 parameters long, was compiled again at each page and each GET, about
 * 95 µs of the 113 µs its execution took (docs/benchmarks.md, "Session 20"). Behind a {@code CAST}
 * the value is unknown to the planner, and the statement is compiled once.
 */
class SqlParametersTest {
    private static final Pattern PLANNED = Pattern.compile("\\b(LIMIT|OFFSET|LIKE|GLOB)\\s+[:?]");

    @Test
    void noParameterIsBoundWhereSqliteReadsItToPlan() throws IOException {
        List<String> found = new ArrayList<>();
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = PLANNED.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(main.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("write CAST(:name AS INTEGER) or CAST(:name AS TEXT)").isEmpty();
    }

    @Test
    void thePatternFindsWhatItGuardsAgainst() {
        assertThat(PLANNED.matcher("ORDER BY seq LIMIT :limit").find()).isTrue();
        assertThat(PLANNED.matcher("ORDER BY seq LIMIT ?").find()).isTrue();
        assertThat(PLANNED.matcher("labels LIKE :p ESCAPE '!'").find()).isTrue();
        assertThat(PLANNED.matcher("ORDER BY seq LIMIT CAST(:limit AS INTEGER)").find()).isFalse();
        assertThat(PLANNED.matcher("labels LIKE CAST(:p AS TEXT) ESCAPE '!'").find()).isFalse();
    }
}
