package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The syntax of STIX 2.1 section 9, read by the parser: what it accepts and the tree it builds. */
class ParserTest {

    private static ComparisonExpr.Test onlyTest(String pattern) {
        ObservationExpr root = StixPattern.parse(pattern).root();
        assertThat(root).isInstanceOf(ObservationExpr.Observe.class);
        ComparisonExpr e = ((ObservationExpr.Observe) root).expr();
        assertThat(e).isInstanceOf(ComparisonExpr.Test.class);
        return (ComparisonExpr.Test) e;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "[file:size = 25536]|EQ",
                "[file:size != 4112]|NE",
                "[file:size > 256]|GT",
                "[file:size < 1024]|LT",
                "[file:size <= 25145]|LE",
                "[file:size >= 33312]|GE",
                "[process:name IN ('proccy', 'proximus', 'badproc')]|IN",
                "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']|LIKE",
                "[directory:path MATCHES '^C:\\\\\\\\Windows\\\\w+$']|MATCHES",
                "[ipv4-addr:value ISSUBSET '198.51.100.0/24']|ISSUBSET",
                "[ipv4-addr:value ISSUPERSET '198.51.100.0/24']|ISSUPERSET"
            })
    void readsEveryComparisonOperatorOfSection961(String pattern, Op op) {
        assertThat(onlyTest(pattern).op()).isEqualTo(op);
    }

    @Test
    void readsNotBeforeAnyOperatorAsNegation() {
        for (String op : List.of("=", "!=", "<", ">=", "LIKE", "MATCHES")) {
            ComparisonExpr.Test t = onlyTest("[file:name NOT " + op + " 'x']");
            assertThat(t.negated()).isTrue();
        }
        assertThat(onlyTest("[file:name NOT IN ('a', 'b')]").negated()).isTrue();
        assertThat(onlyTest("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']").negated()).isTrue();
        assertThat(onlyTest("[file:name = 'x']").negated()).isFalse();
    }

    @Test
    void readsExistsWithAnObjectPath() {
        ComparisonExpr e =
                ((ObservationExpr.Observe)
                                StixPattern.parse("[EXISTS windows-registry-key:values]").root())
                        .expr();
        assertThat(e)
                .isEqualTo(
                        new ComparisonExpr.Exists(
                                new ObjectPath(
                                        "windows-registry-key",
                                        List.of(new ObjectPath.Key("values")))));
    }

    @Test
    void readsConstantsOfEveryType() {
        assertThat(onlyTest("[file:name = 'it\\'s']").value())
                .isEqualTo(new Constant.StringValue("it's"));
        assertThat(onlyTest("[file:name = 'a\\\\b']").value())
                .isEqualTo(new Constant.StringValue("a\\b"));
        assertThat(onlyTest("[file:size = -42]").value()).isEqualTo(new Constant.IntValue(-42));
        assertThat(onlyTest("[x-thing:f = -1.5e3]").value())
                .isEqualTo(new Constant.FloatValue(new BigDecimal("-1500")));
        assertThat(onlyTest("[x-thing:flag = true]").value())
                .isEqualTo(new Constant.BoolValue(true));
        assertThat(onlyTest("[x-thing:flag = false]").value())
                .isEqualTo(new Constant.BoolValue(false));
        assertThat(onlyTest("[artifact:payload_bin = b'ABI=']").value())
                .isEqualTo(new Constant.BinaryValue(new byte[] {0, 18}, false));
        assertThat(onlyTest("[file:magic_number_hex = h'ffd8']").value())
                .isEqualTo(new Constant.BinaryValue(new byte[] {(byte) 0xff, (byte) 0xd8}, true));
        Constant t = onlyTest("[file:created = t'2014-01-13T07:03:17Z']").value();
        assertThat(t).isInstanceOf(Constant.TimestampValue.class);
        assertThat(((Constant.TimestampValue) t).value())
                .isEqualTo(java.time.Instant.parse("2014-01-13T07:03:17Z"));
    }

    @Test
    void ignoresLineFeedsInsideABinaryConstant() {
        assertThat(onlyTest("[artifact:payload_bin = b'dGhp\ncyBp\r\ncyBhIHRlc3Q=']").value())
                .isEqualTo(
                        new Constant.BinaryValue(
                                "this is a test"
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                false));
    }

    @Test
    void readsObjectPathsWithKeysQuotedKeysIndexesAndWildcards() {
        ObjectPath p =
                onlyTest("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]")
                        .path();
        assertThat(p.objectType()).isEqualTo("file");
        assertThat(p.steps())
                .containsExactly(
                        new ObjectPath.Key("extensions"),
                        new ObjectPath.Key("windows-pebinary-ext"),
                        new ObjectPath.Key("sections"),
                        new ObjectPath.AnyIndex(),
                        new ObjectPath.Key("entropy"));
        assertThat(onlyTest("[network-traffic:protocols[0] = 'tcp']").path().steps())
                .containsExactly(new ObjectPath.Key("protocols"), new ObjectPath.Index(0));
        assertThat(onlyTest("[file:hashes.'SHA-256' = 'x']").path().lastKey()).isEqualTo("SHA-256");
        assertThat(onlyTest("[email-message:from_ref.value = 'a@b.c']").path().toString())
                .isEqualTo("email-message:from_ref.value");
        assertThat(onlyTest("[x-usb-device:usbdrive.serial_number = '5758']").path().objectType())
                .isEqualTo("x-usb-device");
    }

    @Test
    void givesAndPrecedenceOverOrInsideAnObservation() {
        ComparisonExpr e =
                ((ObservationExpr.Observe)
                                StixPattern.parse(
                                                "[file:name = 'a' AND file:size = 1 OR file:name ="
                                                        + " 'b']")
                                        .root())
                        .expr();
        assertThat(e).isInstanceOf(ComparisonExpr.Or.class);
        assertThat(((ComparisonExpr.Or) e).operands().get(0))
                .isInstanceOf(ComparisonExpr.And.class);
    }

    @Test
    void ordersObservationOperatorsAndBeforeOrBeforeFollowedBy() {
        ObservationExpr root =
                StixPattern.parse(
                                "[a-b:c = 1] AND [a-b:c = 2] OR [a-b:c = 3] FOLLOWEDBY [a-b:c = 4]")
                        .root();
        assertThat(root).isInstanceOf(ObservationExpr.FollowedBy.class);
        ObservationExpr first = ((ObservationExpr.FollowedBy) root).operands().get(0);
        assertThat(first).isInstanceOf(ObservationExpr.Or.class);
        assertThat(((ObservationExpr.Or) first).operands().get(0))
                .isInstanceOf(ObservationExpr.And.class);
    }

    @Test
    void bindsAQualifierToTheObservationBeforeIt() {
        // section 9.5.2: "[ b ] FOLLOWEDBY [ c ] REPEATS 5 TIMES" repeats only c
        ObservationExpr root =
                StixPattern.parse("[a-b:c = 1] FOLLOWEDBY [a-b:c = 2] REPEATS 5 TIMES").root();
        ObservationExpr.FollowedBy fb = (ObservationExpr.FollowedBy) root;
        assertThat(fb.operands().get(0)).isInstanceOf(ObservationExpr.Observe.class);
        assertThat(fb.operands().get(1)).isInstanceOf(ObservationExpr.Repeats.class);
        ObservationExpr grouped =
                StixPattern.parse("([a-b:c = 1] FOLLOWEDBY [a-b:c = 2]) REPEATS 5 TIMES").root();
        assertThat(grouped).isInstanceOf(ObservationExpr.Repeats.class);
    }

    @Test
    void readsEveryQualifier() {
        ObservationExpr root =
                StixPattern.parse(
                                "[file:name = 'foo.dll'] REPEATS 2 TIMES WITHIN 1.5 SECONDS START"
                                        + " t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'")
                        .root();
        ObservationExpr.StartStop ss = (ObservationExpr.StartStop) root;
        ObservationExpr.Within w = (ObservationExpr.Within) ss.operand();
        assertThat(w.seconds()).isEqualByComparingTo("1.5");
        ObservationExpr.Repeats r = (ObservationExpr.Repeats) w.operand();
        assertThat(r.times()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
                "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
                "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND"
                        + " email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final"
                        + " Report.+\\\\.exe$']",
                "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c'"
                        + " OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\nAND"
                        + " [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
                "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY"
                        + " [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN"
                        + " 300 SECONDS",
                "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND"
                        + " user-account:account_login = 'Peter'] AND [user-account:account_type ="
                        + " 'unix' AND user-account:user_id = '1008' AND"
                        + " user-account:account_login = 'Paul']",
                "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin"
                        + " MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
                "[file:name = 'foo.dll' AND file:parent_directory_ref.path ="
                        + " 'C:\\\\Windows\\\\System32']",
                "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
                "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
                "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value ="
                        + " '203.0.113.33/32']",
                "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value ="
                        + " 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
                "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value ="
                        + " '198.51.100.1/32']",
                "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
                "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number ="
                        + " '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
                "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files'"
                        + " OR windows-registry-key:key ="
                        + " 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']",
                "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created ="
                        + " t'2014-01-13T07:03:17Z']",
                "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject ="
                        + " 'Conference Info']",
                "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
                "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine"
                        + " Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer"
                        + " -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
                "[network-traffic:dst_ref.value ISSUBSET"
                        + " '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
                "([file:name = 'foo.dll'] AND [windows-registry-key:key ="
                        + " 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:image_ref.name ="
                        + " 'fooproc' OR process:image_ref.name = 'procfoo']",
                "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR"
                        + " ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']"
                        + " REPEATS 5 TIMES",
                "([ipv4-addr:value = '198.51.100.5' ] AND [ipv4-addr:value = '198.51.100.10'])"
                        + " WITHIN 300 SECONDS",
                "[type-a:property_j = 'W' AND type-a:property_k = 'X' OR type-a:property_l = 'Z']",
                "[(type-a:property_j = 'W' AND type-a:property_k = 'X') OR (type-b:property_m ="
                        + " 'Y' AND type-b:property_n = 'Z')]"
            })
    void acceptsTheExamplesOfTheSpecification(String pattern) {
        StixPattern p = StixPattern.parse(pattern);
        assertThat(StixPattern.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void treatsAnyUnicodeWhitespaceAsASeparator() {
        String spaced =
                "\u00a0[\u2003file:name\t=\r\n'x'\u3000AND\u202ffile:size\u2028>\u20091\u00a0]\u0085";
        assertThat(StixPattern.parse(spaced))
                .isEqualTo(StixPattern.parse("[file:name = 'x' AND file:size > 1]"));
    }

    @Test
    void printsACanonicalFormThatParsesToTheSameTree() {
        StixPattern p =
                StixPattern.parse(
                        "(([a-b:c = 1] AND [a-b:c = 2]) AND [a-b:c = 3] WITHIN 2 SECONDS) WITHIN 5"
                                + " SECONDS");
        assertThat(p.toString())
                .isEqualTo(
                        "(([a-b:c = 1] AND [a-b:c = 2]) AND [a-b:c = 3] WITHIN 2 SECONDS) WITHIN 5"
                                + " SECONDS");
        assertThat(StixPattern.parse(p.toString())).isEqualTo(p);
    }

    @Test
    void countsTheObservationsAMatchNeeds() {
        assertThat(StixPattern.parse("[a-b:c = 1]").requiredObservations()).isEqualTo(1);
        assertThat(
                        StixPattern.parse("([a-b:c = 1] AND [a-b:c = 2]) REPEATS 3 TIMES")
                                .requiredObservations())
                .isEqualTo(6);
        assertThat(
                        StixPattern.parse("[a-b:c = 1] OR ([a-b:c = 2] FOLLOWEDBY [a-b:c = 3])")
                                .requiredObservations())
                .isEqualTo(2);
    }
}
