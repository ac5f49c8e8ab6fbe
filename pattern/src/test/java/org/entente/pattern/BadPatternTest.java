package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Patterns that are not valid: each is rejected with where (column) and what was expected, and a
 * matcher that is offered them keeps matching everything else.
 */
class BadPatternTest {

    private static PatternException rejection(String pattern) {
        try {
            StixPattern.parse(pattern);
        } catch (PatternException e) {
            return e;
        }
        throw new AssertionError("accepted: " + pattern);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // unbalanced brackets and parentheses
                "[file:name = 'x'|17|expected ']' to close the observation expression opened at column 1",
                "file:name = 'x']|1|expected an observation expression '[...]' or '('",
                "[file:name = 'x']]|18|expected AND, OR, FOLLOWEDBY",
                "([file:name = 'x']|19|expected ')' to close the parenthesis opened at column 1",
                "[(file:name = 'x']|18|expected ')' to close the parenthesis opened at column 2",
                "[file:name = 'x'])|18|expected AND, OR, FOLLOWEDBY",
                "[]|2|expected a comparison",
                "[[file:name = 'x']]|2|observation expressions cannot be nested",
                "[file:sections[0 = 1]|18|expected ']' to close the list index",
                // unknown or misspelt operators and keywords
                "[file:name EQUALS 'x']|12|expected a comparison operator",
                "[file:name == 'x']|12|'==' is not an operator",
                "[file:name <> 'x']|12|'<>' is not an operator",
                "[file:name like 'x%']|12|keywords are upper case: LIKE",
                "[file:name = 'x'] and [file:name = 'y']|19|expected AND, OR, FOLLOWEDBY",
                "[file:name = 'x'] WITHIN 5 MINUTES|28|expected SECONDS",
                "[file:name = 'x'] REPEATS 5|28|expected TIMES",
                "[file:name = 'x'] STOP t'2016-01-01T00:00:00Z'|19|STOP without START",
                "[file:name = 'x'] FOLLOWEDBY|29|expected an observation expression",
                "[NOT file:name = 'x']|2|expected an object path",
                "[File:name = 'x']|2|object types are lower case",
                "[file:hashes.SHA-256 = 'x']|14|must be quoted",
                // constants
                "[file:name = 'x]|14|never closed",
                "[file:name = \"x\"]|14|apostrophes",
                "[file:name = 'C:\\Windows']|17|a backslash may only be followed by",
                "[file:size = +1]|14|without a plus sign",
                "[file:size = 1.]|16|expected digits after the decimal point",
                "[file:size = 9007199254740992]|14|out of the STIX range",
                "[file:flag = TRUE]|14|booleans are written in lower case",
                "[file:payload_bin = b'abc']|21|not base64",
                "[file:magic_number_hex = h'fg']|26|only 0-9 and a-f",
                "[file:magic_number_hex = h'fff']|26|odd number of hex digits",
                "[file:created = t'2016-02-30T00:00:00Z']|17|names a day that does not exist",
                "[file:created = t'2016-01-01T00:00:00+01:00']|17|is not in UTC",
                "[file:name IN ()]|16|the list after IN is empty",
                "[file:name IN ('a', 2)]|21|must all be of one type",
                "[file:name IN 'a']|15|IN takes a parenthesised list",
                "[file:name = ('a', 'b')]|14|only allowed after IN",
                "[file:size > true]|12|booleans have no order",
                "[file:name LIKE 5]|17|LIKE takes a string constant",
                "[ipv4-addr:value ISSUBSET '10.0.0.0/33']|27|takes an IPv4 or IPv6 address or CIDR",
                "[ipv4-addr:value ISSUPERSET 'example.com']|29|takes an IPv4 or IPv6 address or CIDR",
                // invalid regular expressions
                "[file:name MATCHES '(abc']|20|invalid regular expression for MATCHES: Unclosed group",
                "[file:name MATCHES '[a-']|20|invalid regular expression for MATCHES",
                "[file:name MATCHES '*x']|20|Dangling meta character",
                // qualifiers and semantics
                "[file:name = 'x'] REPEATS 0 TIMES|27|REPEATS needs a positive integer",
                "[file:name = 'x'] REPEATS 1.5 TIMES|27|REPEATS needs a positive integer",
                "[file:name = 'x'] WITHIN 0 SECONDS|26|WITHIN needs a positive number",
                "[file:name = 'x'] WITHIN -5 SECONDS|26|WITHIN needs a positive number",
                "[file:name = 'x'] WITHIN 1 SECONDS WITHIN 2 SECONDS|36|only one WITHIN qualifier",
                "[file:name = 'x'] START t'2016-02-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'|54|must be later than START",
                "[file:name = 'x' AND ipv4-addr:value = '1.2.3.4']|18|which no single object can satisfy",
                "[a:b = 1]|2|must be 3 to 250 characters long",
            })
    void rejectsWithTheColumnAndWhatWasExpected(String pattern, int column, String message) {
        PatternException e = rejection(pattern);
        assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
        assertThat(e.getMessage()).contains(message).endsWith("(column " + column + ")");
    }

    @Test
    void rejectsAnEmptyPattern() {
        assertThat(rejection("").getMessage()).contains("the pattern is empty");
        assertThat(rejection(" \n\t").getMessage()).contains("the pattern is empty");
    }

    @Test
    void rejectsAHugePatternBeforeReadingIt() {
        String huge = "[file:name = '" + "a".repeat(300_000) + "']";
        PatternException e = rejection(huge);
        assertThat(e.getMessage()).contains("this engine accepts at most 262144");
        assertThat(e.column()).isZero();
    }

    @Test
    void rejectsDeepNestingWithoutExhaustingTheStack() {
        String deep = "(".repeat(100_000) + "[file:name = 'x']" + ")".repeat(100_000);
        PatternException e =
                rejection(
                        deep.length() > Limits.DEFAULT.maxLength()
                                ? deep.substring(0, 200_000)
                                : deep);
        assertThat(e.getMessage()).contains("nested more than 64 deep");
        String deepInside = "[" + "(".repeat(70) + "file:name = 'x'" + ")".repeat(70) + "]";
        assertThat(rejection(deepInside).getMessage()).contains("nested more than 64 deep");
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        String ok =
                "(".repeat(30)
                        + "["
                        + "(".repeat(30)
                        + "file:name = 'x'"
                        + ")".repeat(30)
                        + "]"
                        + ")".repeat(30);
        assertThat(StixPattern.parse(ok).observationExpressions()).hasSize(1);
    }

    @Test
    void countsColumnsInCodePointsNotUtf16Units() {
        // U+1F600 is two UTF-16 units but one character
        PatternException e = rejection("[file:name = '\uD83D\uDE00' EQUALS]");
        assertThat(e.column()).isEqualTo(18);
    }

    @Test
    void stopsACatastrophicRegexAtItsBudgetAsANonMatch() {
        long started = System.nanoTime();
        boolean matched =
                Fixtures.matches(
                        "[file:name MATCHES '^(a+)+$']",
                        Fixtures.obs("{'type':'file','name':'" + "a".repeat(40) + "!'}"));
        assertThat(matched).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        // the same regex still matches where it can
        assertThat(
                        Fixtures.matches(
                                "[file:name MATCHES '^(a+)+$']",
                                Fixtures.obs("{'type':'file','name':'aaaa'}")))
                .isTrue();
    }

    @Test
    void leavesTheRestOfTheMatcherWorkingWhenSomeIndicatorsAreBad() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        List<String> bad =
                List.of(
                        "[file:name = 'x'",
                        "[file:name MATCHES '(']",
                        "(".repeat(200) + "[file:name = 'x']" + ")".repeat(200),
                        "[file:name = '" + "y".repeat(300_000) + "']",
                        "[file:name EQUALS 'x']",
                        "[file:name MATCHES '^(a+)+$']");
        int n = 0;
        for (String p : bad) {
            m.add(Fixtures.indicator(Fixtures.id(++n), p));
        }
        m.add(Fixtures.indicator(Fixtures.id(100), "[file:name = 'evil.exe']"));
        m.add(Fixtures.indicator(Fixtures.id(101), "[file:name LIKE 'aaaa%']"));
        assertThat(m.size()).isEqualTo(3); // the catastrophic regex is valid, just bounded
        List<Match> found = m.match(Fixtures.obs("{'type':'file','name':'evil.exe'}"));
        assertThat(found).extracting(Match::indicatorId).containsExactly(Fixtures.id(100));
        List<Match> both =
                m.match(Fixtures.obs(2, 1, "{'type':'file','name':'" + "a".repeat(40) + "!'}"));
        assertThat(both).extracting(Match::indicatorId).containsExactly(Fixtures.id(101));
    }

    @Test
    void reportsWhyAnIndicatorWasRejected() {
        IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
        IndicatorMatcher.Result r = m.add(Fixtures.indicator(Fixtures.id(1), "[file:name = 'x'"));
        assertThat(r.outcome()).isEqualTo(IndicatorMatcher.Outcome.REJECTED);
        assertThat(r.reason()).contains("expected ']'").contains("(column 17)");
        assertThatThrownBy(() -> StixPattern.parse("[file:name = 'x'"))
                .isInstanceOf(PatternException.class)
                .hasMessageContaining("column 17");
    }
}
