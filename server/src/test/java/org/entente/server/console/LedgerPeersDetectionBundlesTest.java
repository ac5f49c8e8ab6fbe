package org.entente.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every string of the dashboard, ledger, peers, detection and publish pages is in both languages,
 * and every key their templates name is in the bundles.
 */
class LedgerPeersDetectionBundlesTest {
    private static final Set<String> PREFIXES =
            Set.of("dashboard.", "ledger.", "peers.", "detection.", "publish.");
    private static final Pattern KEY =
            Pattern.compile("#\\{((?:dashboard|ledger|peers|detection|publish)\\.[A-Za-z._-]+)");

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r =
                new InputStreamReader(
                        LedgerPeersDetectionBundlesTest.class.getResourceAsStream("/" + name),
                        StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static Set<String> ours(Properties p) {
        Set<String> keys = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (PREFIXES.stream().anyMatch(k::startsWith)) {
                keys.add(k);
            }
        }
        return keys;
    }

    @Test
    void everyKeyIsInEnglishAndJapaneseAndEveryKeyATemplateNamesExists() throws IOException {
        Properties en = bundle("messages.properties");
        Properties ja = bundle("messages_ja.properties");
        assertThat(ours(ja)).isEqualTo(ours(en));
        for (String k : ours(ja)) {
            assertThat(ja.getProperty(k)).as(k).isNotBlank();
            // with arguments a message goes through MessageFormat, where a lone quote hides text
            for (Properties b : java.util.List.of(en, ja)) {
                String v = b.getProperty(k);
                if (v.matches("(?s).*\\{\\d.*")) {
                    assertThat(v.replace("''", "")).as(k).doesNotContain("'");
                }
            }
        }
        Set<String> named = new TreeSet<>();
        Path templates = Path.of("src/main/resources/templates/console");
        try (Stream<Path> files = Files.list(templates)) {
            for (Path f : files.toList()) {
                Matcher m = KEY.matcher(Files.readString(f));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertThat(named).isNotEmpty();
        assertThat(ours(en)).containsAll(named);
    }

    /** The keys the publish pages make from names (a kind, a field, what was done) exist too. */
    @Test
    void theKeysThePublishPagesMakeFromNamesAreInBothLanguages() throws IOException {
        Properties en = bundle("messages.properties");
        Properties ja = bundle("messages_ja.properties");
        Set<String> made = new TreeSet<>();
        for (PublishForm.Kind k : PublishForm.Kind.values()) {
            made.add("publish.kind." + k.key());
            made.add("publish.help." + k.key());
            PublishForm.FIELDS.get(k).forEach(f -> made.add("publish.field." + f));
        }
        made.add("publish.field.collection");
        made.add("publish.field.tlp");
        IntelligenceController.DONE.forEach(d -> made.add("publish.done." + d));
        for (Properties b : java.util.List.of(en, ja)) {
            assertThat(b.stringPropertyNames()).containsAll(made);
        }
    }
}
