package org.entente.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2016-01-20T12:31:12Z",
                "2016-01-20T12:31:12.1Z",
                "2016-01-20T12:31:12.123Z",
                "2016-01-20T12:31:12.123456789012Z",
                "2016-02-29T00:00:00Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z"
            })
    void acceptsRfc3339TimestampsInUtc(String text) {
        assertThat(Timestamps.problem(text)).isNull();
        assertThat(Timestamps.isValid(text)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    2016-01-20                     | expected the form
                    2016-01-20 12:31:12Z           | expected the form
                    2016-01-20t12:31:12Z           | expected the form
                    2016-01-20T12:31:12            | expected the form
                    2016-01-20T12:31:12+00:00      | not in UTC
                    2016-01-20T12:31:12.123z       | not in UTC
                    2016-01-20T12:31:12.Z          | no fraction of a second
                    2016-13-20T12:31:12Z           | month 13
                    2015-02-29T12:31:12Z           | day that does not exist
                    2016-01-20T24:00:00Z           | time of day out of range
                    2016-01-20T12:60:00Z           | time of day out of range
                    2016-01-20T12:31:60Z           | time of day out of range
                    """)
    void explainsWhatIsWrongWithAnInvalidTimestamp(String text, String fragment) {
        assertThat(Timestamps.problem(text)).contains(fragment).contains(text);
        assertThat(Timestamps.isValid(text)).isFalse();
    }

    @Test
    void countsFractionDigits() {
        assertThat(Timestamps.fractionDigits("2016-01-20T12:31:12Z")).isZero();
        assertThat(Timestamps.fractionDigits("2016-01-20T12:31:12.12Z")).isEqualTo(2);
        assertThat(Timestamps.fractionDigits("2016-01-20T12:31:12.123456Z")).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
        "2016-01-20T12:31:12Z, 2016-01-20T12:31:12.000Z, 0",
        "2016-01-20T12:31:12.1Z, 2016-01-20T12:31:12.100000Z, 0",
        "2016-01-20T12:31:12.1Z, 2016-01-20T12:31:12.09Z, 1",
        "2016-01-20T12:31:12Z, 2016-01-20T12:31:12.000001Z, -1",
        "2015-12-31T23:59:59.999Z, 2016-01-01T00:00:00Z, -1",
        "2016-01-20T12:31:12.5Z, 2016-01-20T12:31:11.9Z, 1"
    })
    void comparesTimestampsByTheTimeTheyDenote(String a, String b, int sign) {
        assertThat(Integer.signum(Timestamps.compare(a, b))).isEqualTo(sign);
        assertThat(Integer.signum(Timestamps.compare(b, a))).isEqualTo(-sign);
        assertThat(Integer.signum(Timestamps.sortKey(a).compareTo(Timestamps.sortKey(b))))
                .isEqualTo(sign);
    }

    @Test
    void convertsToInstantsAndMicroseconds() {
        String text = "2016-01-20T12:31:12.123456789Z";

        assertThat(Timestamps.toInstant(text))
                .isEqualTo(Instant.parse("2016-01-20T12:31:12.123456789Z"));
        assertThat(Timestamps.toMicros(text))
                .isEqualTo(
                        Instant.parse("2016-01-20T12:31:12.123456Z").toEpochMilli() * 1000 + 456);
        assertThat(Timestamps.sortKey("2016-01-20T12:31:12.1Z"))
                .isEqualTo("2016-01-20T12:31:12.100000000Z");
    }

    @Test
    void formatsMicrosecondsForTaxiiAndMillisecondsForStix() {
        long micros = Timestamps.toMicros("2016-01-20T12:31:12.000007Z");

        assertThat(Timestamps.formatMicros(micros)).isEqualTo("2016-01-20T12:31:12.000007Z");
        assertThat(Timestamps.formatMillis(Instant.parse("2016-01-20T12:31:12.5Z")))
                .isEqualTo("2016-01-20T12:31:12.500Z");
        assertThat(Timestamps.formatMicros(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
    }
}
