package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.entente.stix.Validator;
import org.junit.jupiter.api.Test;

/** MATCHES regexes are PCRE; Java's dialect stands in, with PCRE's spellings read (issue 9.4). */
class RegexesTest {
    @Test
    void pcresOneCodeUnitEscapeMatchesAnyOneCharacter() {
        assertThat(Regexes.compile("^a\\Cb$", false).matcher("axb").find()).isTrue();
        assertThat(Regexes.compile("^a\\Cb$", false).matcher("a\nb").find()).isTrue();
        assertThat(Regexes.compile("^a\\Cb$", false).matcher("ab").find()).isFalse();
        assertThat(Regexes.compileIgnoringCase("^A\\CB$").matcher("a-b").find()).isTrue();
    }

    @Test
    void onlyTheEscapeIsRead() {
        // an escaped backslash followed by C, and \C quoted: literal text, as PCRE reads them
        assertThat(Regexes.compile("^a\\\\Cb$", false).matcher("a\\Cb").find()).isTrue();
        assertThat(Regexes.compile("^\\Q\\C\\E$", false).matcher("\\C").find()).isTrue();
        // inside a class PCRE refuses \C, and so do we
        assertThatThrownBy(() -> Regexes.compile("[\\C]", false))
                .isInstanceOf(PatternSyntaxException.class);
        // a class left open is still refused as Java refuses it
        assertThatThrownBy(() -> Regexes.compile("a[\\C", false))
                .isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void anIndicatorWithTheEscapeIsValidAndFires() {
        String pattern = "[domain-name:value MATCHES '^evil\\\\Cexample\\\\.com$']";
        assertThat(
                        Validator.withInstalledPatternChecker()
                                .validate(Fixtures.indicator(Fixtures.id(1), pattern))
                                .valid())
                .isTrue();
        assertThat(
                        Fixtures.matches(
                                pattern,
                                Fixtures.obs("{'type':'domain-name','value':'evil-example.com'}")))
                .isTrue();
        assertThat(
                        Fixtures.matches(
                                pattern,
                                Fixtures.obs("{'type':'domain-name','value':'evilexample.com'}")))
                .isFalse();
    }
}
