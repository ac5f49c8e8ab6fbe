package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 5646 well-formedness that lang, language-content and software languages need. */
class LanguageTagsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "en",
                "de",
                "gsw",
                "pt-BR",
                "en-us",
                "zh-Hant",
                "zh-Hant-TW",
                "sr-Latn-RS",
                "es-419",
                "zh-yue",
                "zh-yue-HK",
                "de-CH-1901",
                "sl-rozaj-biske",
                "en-US-x-twain",
                "x-whatever",
                "i-klingon",
                "en-a-bbb-x-a-ccc",
                "EN"
            })
    void acceptsWellFormedLanguageTags(String tag) {
        assertThat(Props.isLanguageTag(tag)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "",
                "e",
                "english",
                "text",
                "en_US",
                "en-",
                "-en",
                "en--US",
                "not-an-id",
                "en-US-a",
                "en-x",
                "de-419-DE",
                "en-abcdefghi",
                "pt-BR!"
            })
    void refusesTagsThatAreNotWellFormed(String tag) {
        assertThat(Props.isLanguageTag(tag)).isFalse();
    }
}
