package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.entente.stix.PatternChecker;
import org.entente.stix.ValidationResult;
import org.entente.stix.Validator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Matches become STIX 2.1 sightings, aggregated per indicator and window, valid per the validator.
 */
class SightingsTest {
    private static final String ME = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
    private static final String OD1 = "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf";
    private static final String OD2 = "observed-data--b67d30ff-02ac-498a-92f9-32f845f448d0";

    private static Match match(String indicator, long seq, String at, String observedData) {
        long micros = Observation.micros(Instant.parse(at));
        return new Match(
                indicator, List.of(new MatchedObservation(seq, observedData, micros, micros)));
    }

    @Test
    void aggregatesMatchesPerIndicatorAndWindow() {
        Sightings s = new Sightings(Fixtures.fixedClock(), Duration.ofHours(1), ME, 10);
        s.add(match(Fixtures.id(1), 1, "2024-03-01T10:05:00Z", OD1));
        s.add(match(Fixtures.id(1), 2, "2024-03-01T10:50:00.123456Z", OD2));
        s.add(match(Fixtures.id(1), 3, "2024-03-01T11:01:00Z", null));
        s.add(match(Fixtures.id(2), 4, "2024-03-01T10:30:00Z", OD1));
        List<ObjectNode> out = s.drain();
        assertThat(out).hasSize(3);
        ObjectNode first = out.get(0);
        assertThat(first.get("sighting_of_ref").stringValue()).isEqualTo(Fixtures.id(1));
        assertThat(first.get("count").intValue()).isEqualTo(2);
        assertThat(first.get("first_seen").stringValue()).isEqualTo("2024-03-01T10:05:00.000000Z");
        assertThat(first.get("last_seen").stringValue()).isEqualTo("2024-03-01T10:50:00.123456Z");
        assertThat(first.get("observed_data_refs").size()).isEqualTo(2);
        assertThat(first.get("observed_data_refs").get(0).stringValue()).isEqualTo(OD1);
        assertThat(first.get("observed_data_refs").get(1).stringValue()).isEqualTo(OD2);
        assertThat(first.get("where_sighted_refs").get(0).stringValue()).isEqualTo(ME);
        assertThat(first.get("created_by_ref").stringValue()).isEqualTo(ME);
        assertThat(out.get(1).get("count").intValue()).isEqualTo(1);
        assertThat(out.get(1).has("observed_data_refs")).isFalse();
        assertThat(out.get(2).get("sighting_of_ref").stringValue()).isEqualTo(Fixtures.id(2));
        assertThat(s.pending()).isZero();
    }

    @Test
    void producesSightingsTheStixValidatorAccepts() {
        Sightings s = new Sightings(Fixtures.fixedClock(), Duration.ofMinutes(5), ME, 2);
        for (int i = 0; i < 10; i++) {
            s.add(match(Fixtures.id(1), i, "2024-03-01T10:0" + i + ":00Z", i % 2 == 0 ? OD1 : OD2));
        }
        Sightings anonymous = new Sightings(Fixtures.fixedClock(), Duration.ofHours(1), null, 0);
        anonymous.add(match(Fixtures.id(3), 1, "2024-03-01T10:00:00Z", null));
        List<ObjectNode> all = new java.util.ArrayList<>(s.drain());
        all.addAll(anonymous.drain());
        Validator validator = new Validator(PatternChecker.NONE);
        for (ObjectNode sighting : all) {
            ValidationResult r = validator.validate(sighting);
            assertThat(r.errors()).as(sighting.toString()).isEmpty();
            assertThat(r.type()).contains("sighting");
        }
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("observed_data_refs").size()).isLessThanOrEqualTo(2);
    }

    @Test
    void givesTheSameWindowTheSameIdAndFlushesOnlyClosedWindows() {
        Sightings s = new Sightings(Fixtures.fixedClock(), Duration.ofHours(1), ME, 10);
        s.add(match(Fixtures.id(1), 1, "2024-03-01T10:05:00Z", null));
        s.add(match(Fixtures.id(1), 2, "2024-03-01T11:05:00Z", null));
        List<ObjectNode> closed = s.flush(Instant.parse("2024-03-01T11:00:00Z"));
        assertThat(closed).hasSize(1);
        assertThat(s.pending()).isEqualTo(1);
        s.add(match(Fixtures.id(1), 3, "2024-03-01T10:59:00Z", null));
        List<ObjectNode> again = s.flush(Instant.parse("2024-03-01T11:00:00Z"));
        assertThat(again.get(0).get("id")).isEqualTo(closed.get(0).get("id"));
        assertThat(again.get(0).get("id").stringValue())
                .matches("sighting--[0-9a-f-]{14}5[0-9a-f-]{21}");
    }

    @Test
    void spansTheWholeMatchOfAPatternOverSeveralObservations() {
        Sightings s = new Sightings(Fixtures.fixedClock(), Duration.ofDays(1), ME, 10);
        long a = Observation.micros(Instant.parse("2024-03-01T10:00:00Z"));
        long b = Observation.micros(Instant.parse("2024-03-01T10:04:00Z"));
        s.add(
                new Match(
                        Fixtures.id(1),
                        List.of(
                                new MatchedObservation(1, OD1, a, a),
                                new MatchedObservation(2, OD2, b, b))));
        ObjectNode one = s.drain().get(0);
        assertThat(one.get("count").intValue()).isEqualTo(1);
        assertThat(one.get("first_seen").stringValue()).startsWith("2024-03-01T10:00:00");
        assertThat(one.get("last_seen").stringValue()).startsWith("2024-03-01T10:04:00");
        assertThat(one.get("observed_data_refs").size()).isEqualTo(2);
    }
}
