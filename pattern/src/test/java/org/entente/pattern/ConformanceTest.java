package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.entente.pattern.Fixtures.json;
import static org.entente.pattern.Fixtures.matches;
import static org.entente.pattern.Fixtures.obs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conformance with STIX 2.1 section 9 (patterning), written from the specification's text: every
 * comparison operator, constant type, object path form, observation operator and qualifier, with
 * cases that must match and cases that must not.
 */
class ConformanceTest {

    private static final String FILE =
            "{'type':'file','name':'foo.dll','size':25536,'hashes':{'SHA-256':'aec0','MD5':'79054'},"
                    + "'created':'2014-01-13T07:03:17Z','mime_type':'image/bmp','magic_number_hex':'ffd8',"
                    + "'x_ratio':1.5,'x_flag':true,"
                    + "'extensions':{'windows-pebinary-ext':{'sections':[{'entropy':7.5},{'entropy':2.0}]}}}";

    private static boolean onFile(String pattern) {
        return matches(pattern, obs(FILE));
    }

    @Nested
    class ComparisonOperators {
        @Test
        void equalityComparesStringsExactly() {
            assertThat(onFile("[file:name = 'foo.dll']")).isTrue();
            assertThat(onFile("[file:name = 'FOO.dll']")).isFalse();
            assertThat(onFile("[file:name = 'foo.dl']")).isFalse();
        }

        @Test
        void inequalityHoldsForDifferentValuesOnly() {
            assertThat(onFile("[file:size != 4112]")).isTrue();
            assertThat(onFile("[file:size != 25536]")).isFalse();
        }

        @Test
        void orderingComparesIntegersNumerically() {
            assertThat(onFile("[file:size > 256]")).isTrue();
            assertThat(onFile("[file:size < 1024]")).isFalse();
            assertThat(onFile("[file:size <= 25536]")).isTrue();
            assertThat(onFile("[file:size >= 25537]")).isFalse();
        }

        @Test
        void comparesIntegersAndFloatsWithoutTruncating() {
            // 9.2: comparing the integer 1 to the float 1.5 is not equal
            assertThat(onFile("[file:x_ratio = 1]")).isFalse();
            assertThat(onFile("[file:x_ratio = 1.5]")).isTrue();
            assertThat(onFile("[file:x_ratio > 1]")).isTrue();
            assertThat(onFile("[file:size = 25536.0]")).isTrue();
            assertThat(onFile("[file:size < 25536.5]")).isTrue();
        }

        @Test
        void inHoldsWhenTheValueIsOneOfTheSet() {
            assertThat(onFile("[file:name IN ('proccy', 'foo.dll', 'badproc')]")).isTrue();
            assertThat(onFile("[file:name IN ('proccy', 'proximus')]")).isFalse();
            assertThat(onFile("[file:size IN (1, 25536)]")).isTrue();
        }

        @Test
        void likeTreatsPercentAsAnyRunAndUnderscoreAsOneCharacter() {
            String dir = "{'type':'directory','path':'C:\\\\Windows\\\\System32\\\\foo'}";
            assertThat(matches("[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']", obs(dir)))
                    .isTrue();
            assertThat(matches("[directory:path LIKE 'C:\\\\Windows\\\\%\\\\bar']", obs(dir)))
                    .isFalse();
            assertThat(onFile("[file:name LIKE 'foo._ll']")).isTrue();
            assertThat(onFile("[file:name LIKE 'foo.__ll']")).isFalse();
            assertThat(onFile("[file:name LIKE 'foo']")).isFalse();
            assertThat(onFile("[file:name LIKE '%']")).isTrue();
        }

        @Test
        void likeComparesNfcNormalisedText() {
            // 'café' written precomposed in the pattern, decomposed in the data
            String decomposed = "{'type':'file','name':'cafe\u0301.txt'}";
            assertThat(matches("[file:name LIKE 'caf\u00e9%']", obs(decomposed))).isTrue();
            // a literal long enough for the index's eight-unit grams, decomposed twice in the data
            String resume = "{'type':'file','name':'old-re\u0301sume\u0301s-2024.pdf'}";
            assertThat(matches("[file:name LIKE '%r\u00e9sum\u00e9s-2024%']", obs(resume)))
                    .isTrue();
            assertThat(matches("[file:name MATCHES 'r\u00e9sum\u00e9s-20']", obs(resume))).isTrue();
            // equality is by code point, without normalisation (9.6.2)
            assertThat(matches("[file:name = 'caf\u00e9.txt']", obs(decomposed))).isFalse();
        }

        @Test
        void matchesSearchesAnywhereWithDotMatchingNewlines() {
            assertThat(onFile("[file:name MATCHES 'o\\\\.d']")).isTrue();
            assertThat(onFile("[file:name MATCHES '^o\\\\.d']")).isFalse();
            assertThat(onFile("[file:name MATCHES '^foo\\\\.dll$']")).isTrue();
            String twoLines = "{'type':'file','name':'a\\nb'}";
            assertThat(matches("[file:name MATCHES '^a.b$']", obs(twoLines))).isTrue();
        }

        @Test
        void matchesReadsBinaryPropertiesAsOctets() {
            // 9.8: an Artifact PCAP payload header
            String pcap =
                    "{'type':'artifact','mime_type':'application/vnd.tcpdump.pcap',"
                            + "'payload_bin':'1MOyoQIABAA='}";
            String pattern =
                    "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin"
                            + " MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']";
            assertThat(matches(pattern, obs(pcap))).isTrue();
            assertThat(matches("[artifact:payload_bin MATCHES '^\\\\xd4\\\\xc4']", obs(pcap)))
                    .isFalse();
        }

        @Test
        void issubsetHoldsForAddressesAndBlocksInsideTheBlock() {
            String net = "{'type':'ipv4-addr','value':'198.51.100.0/27'}";
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", obs(net))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/27']", obs(net))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/28']", obs(net))).isFalse();
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.101.0/24']", obs(net))).isFalse();
            String one = "{'type':'ipv4-addr','value':'198.51.100.7'}";
            assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.7']", obs(one))).isTrue();
            assertThat(matches("[ipv4-addr:value ISSUBSET '0.0.0.0/0']", obs(one))).isTrue();
        }

        @Test
        void issubsetWorksForIpv6AndNeverAcrossVersions() {
            String v6 = "{'type':'ipv6-addr','value':'2001:db8:dead:beef::1'}";
            assertThat(
                            matches(
                                    "[ipv6-addr:value ISSUBSET"
                                            + " '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
                                    obs(v6)))
                    .isTrue();
            assertThat(matches("[ipv6-addr:value ISSUBSET '2001:db8:dead:bef0::/64']", obs(v6)))
                    .isFalse();
            assertThat(matches("[ipv6-addr:value ISSUBSET '0.0.0.0/0']", obs(v6))).isFalse();
        }

        @Test
        void issupersetHoldsWhenTheValueContainsTheConstant() {
            String net = "{'type':'ipv4-addr','value':'198.51.100.0/24'}";
            assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.100.0/27']", obs(net)))
                    .isTrue();
            assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", obs(net)))
                    .isTrue();
            assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.0.0/16']", obs(net))).isFalse();
        }

        @Test
        void existsHoldsWhenThePropertyIsPresent() {
            String key = "{'type':'windows-registry-key','key':'hkey','values':[]}";
            assertThat(matches("[EXISTS windows-registry-key:values]", obs(key))).isTrue();
            assertThat(matches("[EXISTS windows-registry-key:modified_time]", obs(key))).isFalse();
        }

        @Test
        void notNegatesTheComparison() {
            assertThat(onFile("[file:name NOT = 'bar.dll']")).isTrue();
            assertThat(onFile("[file:name NOT = 'foo.dll']")).isFalse();
            assertThat(onFile("[file:name NOT IN ('a', 'b')]")).isTrue();
            assertThat(onFile("[file:name NOT LIKE 'foo%']")).isFalse();
            assertThat(onFile("[file:size NOT > 30000]")).isTrue();
        }
    }

    @Nested
    class MissingAndIncompatibleValues {
        @Test
        void aPathThatIsNotPresentMakesAnyComparisonFalseEvenWithNot() {
            assertThat(onFile("[file:accessed = t'2014-01-13T07:03:17Z']")).isFalse();
            assertThat(onFile("[file:accessed != 'x']")).isFalse();
            assertThat(onFile("[file:accessed NOT = 'x']")).isFalse();
            assertThat(onFile("[file:hashes.'SHA-1' != 'x']")).isFalse();
        }

        @Test
        void incompatibleTypesCompareFalseExceptForInequality() {
            assertThat(onFile("[file:size = 'big']")).isFalse();
            assertThat(onFile("[file:size > 'big']")).isFalse();
            assertThat(onFile("[file:size != 'big']")).isTrue();
            assertThat(onFile("[file:name = 42]")).isFalse();
            assertThat(onFile("[file:name != 42]")).isTrue();
            assertThat(onFile("[file:x_flag = 'true']")).isFalse();
            assertThat(onFile("[file:name = t'2014-01-13T07:03:17Z']")).isFalse();
        }

        @Test
        void objectsOfAnotherTypeAreNotCompared() {
            assertThat(onFile("[process:name = 'foo.dll']")).isFalse();
            assertThat(onFile("[process:name != 'x']")).isFalse();
        }
    }

    @Nested
    class Constants {
        @Test
        void booleanConstantsCompareWithBooleans() {
            assertThat(onFile("[file:x_flag = true]")).isTrue();
            assertThat(onFile("[file:x_flag = false]")).isFalse();
            assertThat(onFile("[file:x_flag != false]")).isTrue();
        }

        @Test
        void timestampConstantsCompareAsInstants() {
            assertThat(onFile("[file:created = t'2014-01-13T07:03:17Z']")).isTrue();
            assertThat(onFile("[file:created = t'2014-01-13T07:03:17.000Z']")).isTrue();
            assertThat(onFile("[file:created > t'2014-01-13T07:03:16.999Z']")).isTrue();
            assertThat(onFile("[file:created < t'2014-01-13T07:03:17Z']")).isFalse();
        }

        @Test
        void binaryPropertiesAreComparedAsDecodedOctets() {
            // 9.6.4's own example
            String artifact =
                    "{'type':'artifact','mime_type':'application/octet-stream',"
                            + "'payload_bin':'dGhpcyBpcyBhIHRlc3Q='}";
            assertThat(matches("[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']", obs(artifact)))
                    .isFalse();
            assertThat(matches("[artifact:payload_bin = 'this is a test']", obs(artifact)))
                    .isTrue();
            assertThat(matches("[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", obs(artifact)))
                    .isTrue();
            assertThat(
                            matches(
                                    "[artifact:payload_bin = h'7468697320697320612074657374']",
                                    obs(artifact)))
                    .isTrue();
        }

        @Test
        void aStringThatCannotBeOctetsComparesFalseButUnequal() {
            String artifact = "{'type':'artifact','payload_bin':'dGhpcyBpcyBhIHRlc3Q='}";
            assertThat(matches("[artifact:payload_bin = 'th\u0100s']", obs(artifact))).isFalse();
            assertThat(matches("[artifact:payload_bin != 'th\u0100s']", obs(artifact))).isTrue();
        }

        @Test
        void hexPropertiesCompareAsUnsignedOctetsWithLongerGreater() {
            assertThat(onFile("[file:magic_number_hex = h'ffd8']")).isTrue();
            assertThat(onFile("[file:magic_number_hex > h'00ff']")).isTrue();
            assertThat(onFile("[file:magic_number_hex > h'ffd7ff']")).isTrue();
            assertThat(onFile("[file:magic_number_hex < h'ffd800']")).isTrue();
            assertThat(onFile("[file:magic_number_hex = b'/9g=']")).isTrue();
        }

        @Test
        void stringsOrderByCodePoint() {
            // 9.6.2: 'o' < 'oz' < 'ò' (o + U+0300) < 'z' < 'ò' (U+00F2)
            String[] ordered = {"o", "oz", "o\u0300", "z", "\u00f2", "\uD83D\uDE00"};
            for (int i = 0; i + 1 < ordered.length; i++) {
                String lower = "{'type':'file','name':'" + ordered[i] + "'}";
                assertThat(matches("[file:name < '" + ordered[i + 1] + "']", obs(lower)))
                        .as(ordered[i] + " < " + ordered[i + 1])
                        .isTrue();
                assertThat(matches("[file:name > '" + ordered[i + 1] + "']", obs(lower))).isFalse();
            }
            // above the BMP, code point order differs from UTF-16 order
            String high = "{'type':'file','name':'\uD83D\uDE00'}";
            assertThat(matches("[file:name > '\uFFFD']", obs(high))).isTrue();
        }

        @Test
        void ipAddressValuesEqualTheSameAddressWrittenOtherwise() {
            String v4 = "{'type':'ipv4-addr','value':'198.51.100.1'}";
            assertThat(matches("[ipv4-addr:value = '198.51.100.1/32']", obs(v4))).isTrue();
            String v6 = "{'type':'ipv6-addr','value':'2001:db8:dead:beef:dead:beef:dead:1'}";
            assertThat(
                            matches(
                                    "[ipv6-addr:value ="
                                            + " '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
                                    obs(v6)))
                    .isTrue();
            assertThat(matches("[ipv4-addr:value = '198.51.100.0/24']", obs(v4))).isFalse();
        }
    }

    @Nested
    class ObjectPaths {
        @Test
        void listIndexesPickOneItemAndOutOfRangeIsFalse() {
            String flow = "{'type':'network-traffic','protocols':['ipv4','tcp']}";
            assertThat(matches("[network-traffic:protocols[1] = 'tcp']", obs(flow))).isTrue();
            assertThat(matches("[network-traffic:protocols[0] = 'tcp']", obs(flow))).isFalse();
            assertThat(matches("[network-traffic:protocols[5] != 'tcp']", obs(flow))).isFalse();
        }

        @Test
        void aWildcardIndexTriesEveryItem() {
            assertThat(onFile("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]"))
                    .isTrue();
            assertThat(onFile("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 8.0]"))
                    .isFalse();
            assertThat(onFile("[file:extensions.'windows-pebinary-ext'.sections[1].entropy > 7.0]"))
                    .isFalse();
        }

        @Test
        void dictionaryKeysAreReachedWithOrWithoutQuotes() {
            assertThat(onFile("[file:hashes.'SHA-256' = 'aec0']")).isTrue();
            assertThat(onFile("[file:hashes.MD5 = '79054']")).isTrue();
            // keys are case-sensitive, except hash algorithm names, read in the spelling of the
            // hash-algorithm vocabulary (Normalise)
            assertThat(onFile("[file:extensions.'Windows-PEbinary-ext'.sections[0].entropy = 7.5]"))
                    .isFalse();
            assertThat(onFile("[file:extensions.'windows-pebinary-ext'.sections[0].entropy = 7.5]"))
                    .isTrue();
            assertThat(onFile("[file:hashes.md5 = '79054']")).isTrue();
        }

        @Test
        void referencesAreFollowedIntoTheReferencedObject() {
            Observation o =
                    obs(
                            "{'type':'network-traffic','src_ref':'1','dst_ref':'2','dst_port':443}",
                            "{'type':'ipv4-addr','value':'203.0.113.10'}",
                            "{'type':'ipv4-addr','value':'198.51.100.58'}");
            assertThat(
                            matches(
                                    "[network-traffic:src_ref.value = '203.0.113.10' AND"
                                            + " network-traffic:dst_ref.value = '198.51.100.58']",
                                    o))
                    .isTrue();
            assertThat(matches("[network-traffic:dst_ref.type = 'ipv4-addr']", o)).isTrue();
            assertThat(matches("[network-traffic:src_ref = '1']", o)).isTrue();
        }

        @Test
        void comparisonsOfOneObservationExpressionStartFromTheSameObject() {
            // 9.5's example: no single network-traffic references both addresses
            JsonNode od =
                    json(
                            "{'type':'observed-data','id':'observed-data--0960319a-3cab-4258-a143-4dbb25525bb1',"
                                    + "'first_observed':'2019-10-20T00:12:01.000000Z',"
                                    + "'last_observed':'2019-10-20T00:51:02.000000Z','number_observed':1,"
                                    + "'objects':{'0':{'type':'network-traffic','src_ref':'1'},"
                                    + "'1':{'type':'ipv4-addr','value':'203.0.113.10'},"
                                    + "'2':{'type':'network-traffic','dst_ref':'3'},"
                                    + "'3':{'type':'ipv4-addr','value':'198.51.100.58'}}}");
            Observation o = Observation.fromObservedData(od, ScoLookup.NONE, 1);
            String both =
                    "[network-traffic:src_ref.value = '203.0.113.10' AND"
                            + " network-traffic:dst_ref.value = '198.51.100.58']";
            assertThat(matches(both, o)).isFalse();
            assertThat(matches(both.replace(" AND ", " OR "), o)).isTrue();
        }

        @Test
        void listsOfReferencesAreFollowedThroughAWildcard() {
            Observation o =
                    obs(
                            "{'type':'domain-name','value':'www.5z8.info','resolves_to_refs':['1','2']}",
                            "{'type':'ipv4-addr','value':'198.51.100.2'}",
                            "{'type':'ipv4-addr','value':'198.51.100.1'}");
            String pattern =
                    "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value ="
                            + " '198.51.100.1/32']";
            assertThat(matches(pattern, o)).isTrue();
            assertThat(matches(pattern.replace("[*]", "[0]"), o)).isFalse();
            assertThat(matches(pattern.replace("[*]", "[1]"), o)).isTrue();
        }

        @Test
        void objectRefsAreResolvedAndOnlyListedObjectsMayBeFollowed() {
            Map<String, JsonNode> store = new HashMap<>();
            store.put(
                    "network-traffic--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b001",
                    json(
                            "{'type':'network-traffic','id':'network-traffic--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b001',"
                                    + "'dst_ref':'ipv4-addr--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b002',"
                                    + "'src_ref':'ipv4-addr--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b003'}"));
            store.put(
                    "ipv4-addr--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b002",
                    json("{'type':'ipv4-addr','value':'198.51.100.58'}"));
            store.put(
                    "ipv4-addr--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b003",
                    json("{'type':'ipv4-addr','value':'203.0.113.10'}"));
            JsonNode od =
                    json(
                            "{'type':'observed-data','id':'observed-data--6b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b0ff',"
                                    + "'first_observed':'2019-10-20T00:12:01Z','last_observed':'2019-10-20T00:12:01Z',"
                                    + "'number_observed':1,'object_refs':["
                                    + "'network-traffic--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b001',"
                                    + "'ipv4-addr--1b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b002']}");
            Observation o = Observation.fromObservedData(od, store::get, 7);
            assertThat(matches("[network-traffic:dst_ref.value = '198.51.100.58']", o)).isTrue();
            // the source address exists in the store but is not listed in object_refs
            assertThat(matches("[network-traffic:src_ref.value = '203.0.113.10']", o)).isFalse();
            assertThat(matches("[ipv4-addr:value = '203.0.113.10']", o)).isFalse();
            assertThat(Fixtures.matchesOf("[ipv4-addr:value = '198.51.100.58']", o))
                    .singleElement()
                    .satisfies(
                            m ->
                                    assertThat(m.observations().get(0).observedDataId())
                                            .isEqualTo(
                                                    "observed-data--6b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b0ff"));
        }

        @Test
        void aReferenceToAnObjectOutsideTheObservationIsNotPresent() {
            Observation o = obs("{'type':'email-message','from_ref':'9'}");
            assertThat(matches("[email-message:from_ref.value != 'x']", o)).isFalse();
            assertThat(matches("[EXISTS email-message:from_ref.value]", o)).isFalse();
        }

        @Test
        void customObjectTypesAndPropertiesAreMatched() {
            Observation o =
                    obs(
                            "{'type':'x-usb-device','usbdrive':{'serial_number':'575833314133343231313937'}}");
            assertThat(
                            matches(
                                    "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
                                    o))
                    .isTrue();
        }
    }

    @Nested
    class ObservationExpressions {
        private final String a = "{'type':'domain-name','value':'a.example'}";
        private final String b = "{'type':'domain-name','value':'b.example'}";
        private final String both = "[domain-name:value = 'a.example']";
        private final String second = "[domain-name:value = 'b.example']";

        @Test
        void andAcrossObservationsNeedsTwoDifferentObservations() {
            String p = both + " AND " + second;
            assertThat(matches(p, obs(1, 0, a, b))).isFalse();
            assertThat(matches(p, obs(1, 0, b), obs(2, 5, a))).isTrue();
            // the same observation cannot satisfy both sides even if it satisfies each
            assertThat(matches(both + " AND " + both, obs(1, 0, a))).isFalse();
            assertThat(matches(both + " AND " + both, obs(1, 0, a), obs(2, 1, a))).isTrue();
        }

        @Test
        void orNeedsEitherObservation() {
            assertThat(matches(both + " OR " + second, obs(1, 0, b))).isTrue();
            assertThat(
                            matches(
                                    both + " OR " + second,
                                    obs(1, 0, "{'type':'domain-name','value':'c.example'}")))
                    .isFalse();
        }

        @Test
        void followedByNeedsTheSecondNoEarlierThanTheFirst() {
            String p = both + " FOLLOWEDBY " + second;
            assertThat(matches(p, obs(1, 0, b), obs(2, 5, a))).isFalse();
            assertThat(matches(p, obs(1, 0, a), obs(2, 5, b))).isTrue();
            assertThat(matches(p, obs(1, 5, a), obs(2, 5, b))).isTrue();
            assertThat(matches(p, obs(1, 0, a, b))).isFalse();
        }

        @Test
        void withinKeepsEveryObservationInsideTheWindow() {
            String p = "(" + both + " AND " + second + ") WITHIN 60 SECONDS";
            assertThat(matches(p, obs(1, 0, a), obs(2, 30, b))).isTrue();
            assertThat(matches(p, obs(1, 0, a), obs(2, 100, b))).isFalse();
            // the latest must be earlier than the earliest plus the window: 60 is too late
            assertThat(matches(p, obs(1, 0, a), obs(2, 60, b))).isFalse();
            assertThat(matches(p, obs(1, 0, a), obs(2, 100, b), obs(3, 130, a))).isTrue();
        }

        @Test
        void withinOnOneObservationBoundsItsOwnSpan() {
            JsonNode od =
                    json(
                            "{'type':'observed-data','id':'observed-data--6b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b0ff',"
                                    + "'first_observed':'2019-10-20T00:00:00Z','last_observed':'2019-10-20T00:01:40Z',"
                                    + "'number_observed':3,'objects':{'0':"
                                    + a
                                    + "}}");
            Observation long100 = Observation.fromObservedData(od, ScoLookup.NONE, 1);
            assertThat(matches(both + " WITHIN 60 SECONDS", long100)).isFalse();
            assertThat(matches(both + " WITHIN 101 SECONDS", long100)).isTrue();
        }

        @Test
        void repeatsNeedsThatManyDifferentObservations() {
            String p = both + " REPEATS 3 TIMES";
            assertThat(matches(p, obs(1, 0, a), obs(2, 1, a))).isFalse();
            assertThat(matches(p, obs(1, 0, a), obs(2, 1, a), obs(3, 2, a))).isTrue();
            // three matching objects in one observation are still one observation
            assertThat(matches(p, obs(1, 0, a, a, a))).isFalse();
        }

        @Test
        void repeatsWithinCountsOnlyObservationsInsideTheWindow() {
            String p = both + " REPEATS 3 TIMES WITHIN 10 SECONDS";
            assertThat(matches(p, obs(1, 0, a), obs(2, 5, a), obs(3, 12, a))).isFalse();
            assertThat(matches(p, obs(1, 0, a), obs(2, 5, a), obs(3, 12, a), obs(4, 13, a)))
                    .isTrue();
        }

        @Test
        void startStopAcceptsObservationsFromStartUpToButNotIncludingStop() {
            String p = both + " START t'2024-03-01T10:00:10Z' STOP t'2024-03-01T10:00:20Z'";
            assertThat(matches(p, obs(1, 10, a))).isTrue();
            assertThat(matches(p, obs(1, 19, a))).isTrue();
            assertThat(matches(p, obs(1, 20, a))).isFalse();
            assertThat(matches(p, obs(1, 9, a))).isFalse();
        }

        @Test
        void qualifiersApplyToWhatTheParenthesesGroup() {
            // 9.5: ([a] AND [b] REPEATS 2 TIMES) WITHIN 30 SECONDS: one a and two b's
            String p = "(" + both + " AND " + second + " REPEATS 2 TIMES) WITHIN 30 SECONDS";
            assertThat(matches(p, obs(1, 0, a), obs(2, 1, b))).isFalse();
            assertThat(matches(p, obs(1, 0, a), obs(2, 1, b), obs(3, 2, b))).isTrue();
            // ([a] AND [b]) REPEATS 2 TIMES: two a's and two b's
            String q = "(" + both + " AND " + second + ") REPEATS 2 TIMES";
            assertThat(matches(q, obs(1, 0, a), obs(2, 1, b), obs(3, 2, b))).isFalse();
            assertThat(matches(q, obs(1, 0, a), obs(2, 1, b), obs(3, 2, b), obs(4, 3, a))).isTrue();
        }

        @Test
        void followedByWithRepeatsOnTheRightNeedsAllRepetitionsAfterTheFirst() {
            // 9.5.2: [a] FOLLOWEDBY [c] REPEATS 5 TIMES is a then five c's
            String p = both + " FOLLOWEDBY " + second + " REPEATS 2 TIMES";
            assertThat(matches(p, obs(1, 0, b), obs(2, 1, a), obs(3, 2, b))).isFalse();
            assertThat(matches(p, obs(1, 0, b), obs(2, 1, a), obs(3, 2, b), obs(4, 3, b))).isTrue();
        }

        @Test
        void anInvalidPatternMatchesNothing() {
            IndicatorMatcher m = new IndicatorMatcher(Fixtures.fixedClock());
            assertThat(
                            m.add(Indicator.of(Fixtures.id(1), "[domain-name:value = 'a.example'"))
                                    .outcome())
                    .isEqualTo(IndicatorMatcher.Outcome.REJECTED);
            assertThat(m.match(obs(1, 0, a))).isEmpty();
        }

        @Test
        void reportsTheObservationsOfAMatchAndStartsAfreshAfterIt() {
            String p = both + " FOLLOWEDBY " + second;
            List<Match> found =
                    Fixtures.matchesOf(
                            p,
                            obs(1, 0, a),
                            obs(2, 1, b),
                            obs(3, 2, b),
                            obs(4, 3, a),
                            obs(5, 4, b));
            assertThat(found).hasSize(2);
            assertThat(found.get(0).observations())
                    .extracting(MatchedObservation::seq)
                    .containsExactly(1L, 2L);
            assertThat(found.get(1).observations())
                    .extracting(MatchedObservation::seq)
                    .containsExactly(4L, 5L);
        }
    }
}
