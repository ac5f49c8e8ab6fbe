package org.entente.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.entente.pattern.Fixtures.json;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Flat log events become observations of STIX objects as the documented default mapping says. */
class EventMappingTest {
    private final EventMapping mapping = EventMapping.defaults();
    private static final Instant FALLBACK = Instant.parse("2030-01-01T00:00:00Z");

    private Observation map(String event) {
        return mapping.map(json(event), 1, FALLBACK);
    }

    private static boolean holds(String pattern, Observation o) {
        return Fixtures.matches(pattern, o);
    }

    @Test
    void aTimeThatCannotBeReadMakesTheEventUnreadableNotNow() {
        assertThatThrownBy(() -> map("{'ts':'yesterday','query':'evil.example'}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ts")
                .hasMessageContaining("'yesterday' is not a timestamp");
        assertThatThrownBy(() -> map("{'time':true,'query':'evil.example'}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time");
        // another time field that can be read is enough; no time field at all takes the fallback
        assertThat(
                        map("{'ts':'yesterday','timestamp':'2024-03-01T10:00:00Z','query':'x.example'}")
                                .firstObserved())
                .isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(map("{'query':'x.example'}").firstObserved()).isEqualTo(FALLBACK);
    }

    @Test
    void readsNumericTimesAsSecondsMillisecondsOrMicrosecondsBySize() {
        Instant t = Instant.parse("2024-03-01T10:00:00Z");
        Instant precise = Instant.parse("2024-03-01T10:00:00.123456Z");
        // integers, as most logs write them, and the same instants written otherwise
        assertThat(map("{'ts':1709287200,'query':'x.example'}").firstObserved()).isEqualTo(t);
        assertThat(map("{'ts':1709287200.0,'query':'x.example'}").firstObserved()).isEqualTo(t);
        assertThat(map("{'ts':1709287200000,'query':'x.example'}").firstObserved()).isEqualTo(t);
        assertThat(map("{'ts':1709287200123456,'query':'x.example'}").firstObserved())
                .isEqualTo(precise);
        assertThat(map("{'ts':1709287200123456.0,'query':'x.example'}").firstObserved())
                .isEqualTo(precise);
        assertThat(map("{'ts':-86400,'query':'x.example'}").firstObserved())
                .isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
        // the bounds between the units: below 1e11 seconds, below 1e14 milliseconds
        assertThat(map("{'ts':99999999999,'query':'x.example'}").firstObserved())
                .isEqualTo(Instant.ofEpochSecond(99_999_999_999L));
        assertThat(map("{'ts':100000000000,'query':'x.example'}").firstObserved())
                .isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
        assertThat(map("{'ts':99999999999999,'query':'x.example'}").firstObserved())
                .isEqualTo(Instant.ofEpochMilli(99_999_999_999_999L));
        assertThat(map("{'ts':100000000000000,'query':'x.example'}").firstObserved())
                .isEqualTo(Instant.ofEpochSecond(100_000_000L));
    }

    @Test
    void anEventLineMapsAsTheSameEventBuiltOtherwise() {
        String event =
                "{\"ts\":\"2024-03-01T10:00:00Z\",\"query\":\"WWW.Evil.Example\",\"answers\":"
                        + "[\"192.0.2.7\"],\"src_ip\":\"10.0.0.5\",\"dst_port\":\"53\"}";
        byte[] line = event.getBytes(StandardCharsets.UTF_8);
        Observation parsed =
                mapping.map(EventMapping.parseEvent(line, 0, line.length), 1, FALLBACK);
        Observation built = mapping.map(json(event), 1, FALLBACK);
        assertThat(parsed.size()).isEqualTo(built.size()).isEqualTo(4);
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(parsed.object(i)).isEqualTo(built.object(i));
        }
        assertThat(holds("[domain-name:resolves_to_refs[0].value = '192.0.2.7']", parsed)).isTrue();
        assertThat(holds("[network-traffic:src_ref.value = '10.0.0.5']", parsed)).isTrue();
    }

    @Test
    void shipsTheFourDocumentedShapesInOrder() {
        assertThat(mapping.shapeNames())
                .containsExactly("dns-query", "http-proxy", "file-hash", "netflow");
    }

    @Test
    void mapsADnsQueryWithItsAnswersAndClient() {
        Observation o =
                map(
                        "{'ts':'2024-03-01T10:00:00Z','query':'WWW.Evil.Example','answers':['192.0.2.7','2001:db8::7'],"
                                + "'src_ip':'10.0.0.5','dst_ip':'10.0.0.53','dst_port':'53'}");
        assertThat(o.firstObserved()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(holds("[domain-name:value = 'www.evil.example']", o)).isTrue();
        assertThat(holds("[domain-name:resolves_to_refs[*].value = '192.0.2.7']", o)).isTrue();
        assertThat(holds("[domain-name:resolves_to_refs[1].value = '2001:db8::7']", o)).isTrue();
        assertThat(holds("[ipv6-addr:value = '2001:db8::7']", o)).isTrue();
        assertThat(
                        holds(
                                "[network-traffic:src_ref.value = '10.0.0.5' AND network-traffic:dst_port = 53]",
                                o))
                .isTrue();
        assertThat(holds("[network-traffic:protocols[*] = 'dns']", o)).isTrue();
    }

    @Test
    void mapsAProxyRequestToUrlHostAndHttpTraffic() {
        Observation o =
                map(
                        "{'timestamp':1709287200.5,'url':'http://bad.example/x.exe','host':'Bad.Example',"
                                + "'src_ip':'10.0.0.5','dst_ip':'203.0.113.9','method':'GET','user_agent':'curl/8'}");
        assertThat(o.firstObserved()).isEqualTo(Instant.parse("2024-03-01T10:00:00.500Z"));
        assertThat(holds("[url:value = 'http://bad.example/x.exe']", o)).isTrue();
        assertThat(holds("[domain-name:value = 'bad.example']", o)).isTrue();
        assertThat(
                        holds(
                                "[network-traffic:dst_ref.value = '203.0.113.9' AND"
                                        + " network-traffic:extensions.'http-request-ext'.request_method = 'GET'"
                                        + " AND network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
                                        + " = 'curl/8']",
                                o))
                .isTrue();
    }

    @Test
    void mapsAFlowWithPortsProtocolAndByteCounts() {
        Observation o =
                map(
                        "{'@timestamp':'2024-03-01T11:00:00+01:00','src_ip':'10.0.0.5','dst_ip':'198.51.100.1',"
                                + "'src_port':51000,'dst_port':'4444','proto':'TCP','bytes_out':1200}");
        assertThat(o.firstObserved()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(
                        holds(
                                "[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port ="
                                        + " 4444 AND network-traffic:protocols[0] = 'tcp' AND"
                                        + " network-traffic:src_byte_count > 1000]",
                                o))
                .isTrue();
    }

    @Test
    void mapsAFileHashInLowerCase() {
        Observation o =
                map(
                        "{'time':1709287200000,'sha256':'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F',"
                                + "'file_name':'x.exe','size':'1024','src_ip':'10.0.0.5'}");
        assertThat(o.firstObserved()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(
                        holds(
                                "[file:hashes.'SHA-256' ="
                                        + " 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND"
                                        + " file:size = 1024 AND file:name = 'x.exe']",
                                o))
                .isTrue();
        assertThat(holds("[EXISTS file:hashes.MD5]", o)).isFalse();
    }

    @Test
    void usesTheFallbackTimeAndLeavesOutObjectsWithNoFields() {
        Observation o = map("{'query':'a.example'}");
        assertThat(o.firstObserved()).isEqualTo(FALLBACK);
        assertThat(o.size()).isEqualTo(1); // the name: constants alone make no object
        assertThat(holds("[EXISTS network-traffic:src_ref]", o)).isFalse();
    }

    @Test
    void givesAnEventNoShapeFitsNoObjects() {
        assertThat(map("{'message':'hello'}").size()).isZero();
        assertThat(mapping.shapeOf(json("{'message':'hello'}"))).isNull();
    }

    @Test
    void takesObservedDataAsItIs() {
        Observation o =
                map(
                        "{'type':'observed-data','id':'observed-data--6b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b0ff',"
                                + "'first_observed':'2019-10-20T00:12:01Z','last_observed':'2019-10-20T00:13:01Z',"
                                + "'number_observed':2,'objects':{'0':{'type':'ipv4-addr','value':'198.51.100.1'}}}");
        assertThat(o.observedDataId())
                .contains("observed-data--6b0a6f2a-8e2c-4d6f-9a38-63c9a2f0b0ff");
        assertThat(holds("[ipv4-addr:value = '198.51.100.1']", o)).isTrue();
    }

    @Test
    void readsACustomMappingWithNestedFields() {
        String custom =
                "{'time':['event.created'],'shapes':[{'name':'ecs-dns','when':['dns.question.name'],"
                        + "'objects':{'q':{'type':'domain-name','properties':{'value':'dns.question.name'}},"
                        + "'c':{'type':'ip','properties':{'value':'source.ip'}}}}]}";
        EventMapping ecs =
                EventMapping.load(
                        new ByteArrayInputStream(
                                custom.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
        JsonNode event =
                json(
                        "{'event':{'created':'2024-03-01T10:00:00Z'},'dns':{'question':{'name':'a.example'}},'source.ip':'10.0.0.1'}");
        Observation o = ecs.map(event, 1, FALLBACK);
        assertThat(o.firstObserved()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(holds("[domain-name:value = 'a.example']", o)).isTrue();
        assertThat(holds("[ipv4-addr:value = '10.0.0.1']", o)).isTrue();
    }

    @Test
    void rejectsAMappingWithAPreciseMessage() {
        assertThatThrownBy(() -> EventMapping.of(json("{'shapes':[]}")))
                .hasMessageContaining("shapes: a non-empty list is required");
        assertThatThrownBy(
                        () ->
                                EventMapping.of(
                                        json(
                                                "{'shapes':[{'name':'x','when':['a'],'objects':{'o':{'type':'url','properties':{'value':'a'},"
                                                        + "'refs':{'src_ref':'nobody'}}}}]}")))
                .hasMessageContaining(
                        "shapes[0].objects.o.refs.src_ref: must name another object of the shape");
        assertThatThrownBy(
                        () ->
                                EventMapping.of(
                                        json(
                                                "{'shapes':[{'name':'x','objects':{'o':{'type':'url','properties':{'value':'a'}}}}]}")))
                .hasMessageContaining("needs 'when' or 'when_any'");
        assertThatThrownBy(
                        () ->
                                EventMapping.of(
                                        json(
                                                "{'shapes':[{'name':'x','when':['a'],'objects':{'o':{'type':'url','properties':{'value':'a'},"
                                                        + "'lower':['name']}}}]}")))
                .hasMessageContaining("[name] are not among its properties");
    }
}
