package org.entente.stix;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One valid, warning-free object of every STIX 2.1 type, written for these tests. Catalogue tests
 * mutate a copy so that each one breaks exactly one rule. SCO ids are left out of the text and
 * filled in deterministically.
 */
final class Fixtures {
    private Fixtures() {}

    static final String IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
    static final String INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    static final String MALWARE = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b";
    static final String RELATIONSHIP = "relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad";
    static final String OBSERVED_DATA = "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf";
    static final String IPV4 = "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4";
    static final String DOMAIN = "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7";
    static final String FILE = "file--949eb97a-da1e-5292-8959-03c4249dc9f3";
    static final String ARTIFACT = "artifact--a785c567-cc53-52a1-abeb-026bb7ddf8ba";
    static final String EMAIL_ADDR = "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934";
    static final String SOFTWARE = "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc";
    static final String USER = "user-account--f94d689e-707d-58c3-b803-c720bb6ed096";
    static final String TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    static final String STATEMENT = "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd";

    private static final String COMMON =
            """
            "spec_version": "2.1",
            "created": "2016-04-06T20:03:48.000Z",
            "modified": "2016-04-06T20:03:48.000Z",
            "created_by_ref": "%s",
            """
                    .formatted(IDENTITY);

    private static final Map<String, String> TEXT = new LinkedHashMap<>();

    static {
        sdo(
                "attack-pattern",
                "7e33a43e-e34b-40ec-89da-36c9bb2cacd5",
                """
                "name": "Spear Phishing",
                "aliases": ["phishing"],
                "kill_chain_phases": [{"kill_chain_name": "lockheed-martin-cyber-kill-chain",
                                       "phase_name": "delivery"}],
                "external_references": [{"source_name": "capec", "external_id": "CAPEC-163"}]
                """);
        sdo(
                "campaign",
                "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                """
                "name": "Green Group Attacks Against Finance",
                "first_seen": "2016-01-08T12:50:40.123Z",
                "last_seen": "2016-02-08T12:50:40.123Z",
                "objective": "steal money"
                """);
        sdo(
                "course-of-action",
                "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "\"name\": \"Add TCP port 80 Filter Rule\", \"description\": \"...\"");
        sdo(
                "grouping",
                "84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                """
                "name": "The Black Vine Cyberespionage Group",
                "context": "suspicious-activity",
                "object_refs": ["%s", "%s"]
                """
                        .formatted(INDICATOR, FILE));
        TEXT.put(
                "identity",
                """
                {"type": "identity", "id": "%s", "spec_version": "2.1",
                 "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z",
                 "name": "ACME Widget, Inc.", "identity_class": "organization",
                 "sectors": ["technology", "dams"], "roles": ["vendor"],
                 "contact_information": "info@example.com", "lang": "en",
                 "labels": ["partner"], "confidence": 80}
                """
                        .formatted(IDENTITY));
        sdo("incident", "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "\"name\": \"Incident 43\"");
        TEXT.put(
                "indicator",
                """
                {"type": "indicator", "id": "%s", %s
                 "name": "Poison Ivy Malware",
                 "indicator_types": ["malicious-activity"],
                 "pattern": "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
                 "pattern_type": "stix",
                 "valid_from": "2016-01-01T00:00:00Z",
                 "valid_until": "2017-01-01T00:00:00Z",
                 "object_marking_refs": ["%s"],
                 "granular_markings": [{"marking_ref": "%s", "selectors": ["name", "indicator_types.[0]"]}],
                 "external_references": [{"source_name": "ACME", "url": "https://example.com/r",
                                          "hashes": {"SHA-256": "6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}]}
                """
                        .formatted(INDICATOR, COMMON, TLP_GREEN, STATEMENT));
        sdo(
                "infrastructure",
                "38c47d93-d984-4fd9-b87b-d69d0841628d",
                """
                "name": "Poison Ivy C2", "infrastructure_types": ["command-and-control"],
                "first_seen": "2016-01-01T00:00:00Z", "last_seen": "2016-01-01T00:00:00Z"
                """);
        sdo(
                "intrusion-set",
                "4e78f46f-a023-4e5f-bc24-71b3ca22ec29",
                """
                "name": "Bobcat Breakin", "aliases": ["Zookeeper"], "goals": ["damage"],
                "resource_level": "team", "primary_motivation": "ideology",
                "secondary_motivations": ["notoriety"]
                """);
        sdo(
                "location",
                "a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
                """
                "region": "south-eastern-asia", "country": "th", "administrative_area": "Tak",
                "latitude": 16.88, "longitude": 99.12, "precision": 1000.0
                """);
        TEXT.put(
                "malware",
                """
                {"type": "malware", "id": "%s", %s
                 "name": "Poison Ivy", "is_family": true, "malware_types": ["remote-access-trojan"],
                 "first_seen": "2015-01-01T00:00:00Z", "last_seen": "2016-01-01T00:00:00Z",
                 "operating_system_refs": ["%s"], "architecture_execution_envs": ["x86"],
                 "implementation_languages": ["c++"], "capabilities": ["anti-vm"],
                 "sample_refs": ["%s", "%s"]}
                """
                        .formatted(MALWARE, COMMON, SOFTWARE, FILE, ARTIFACT));
        sdo(
                "malware-analysis",
                "d25167b7-fed0-4068-9ccd-a73dd2c5b07c",
                """
                "product": "microsoft", "analysis_engine_version": "5.1.0",
                "analysis_started": "2012-02-11T08:36:14Z", "analysis_ended": "2012-02-11T08:36:14Z",
                "result": "malicious", "analysis_sco_refs": ["%s"], "sample_ref": "%s",
                "host_vm_ref": "%s", "installed_software_refs": ["%s"]
                """
                        .formatted(FILE, FILE, SOFTWARE, SOFTWARE));
        sdo(
                "note",
                "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                """
                "abstract": "Tracking Team Note#1", "content": "This note ...",
                "authors": ["John Doe"], "object_refs": ["%s"]
                """
                        .formatted(RELATIONSHIP));
        TEXT.put(
                "observed-data",
                """
                {"type": "observed-data", "id": "%s", %s
                 "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z",
                 "number_observed": 50, "object_refs": ["%s", "%s", "%s"]}
                """
                        .formatted(OBSERVED_DATA, COMMON, IPV4, DOMAIN, RELATIONSHIP));
        sdo(
                "opinion",
                "b01efc25-77b4-4003-b18b-f6e24b5cd9f7",
                """
                "object_refs": ["%s"], "opinion": "strongly-disagree", "explanation": "no"
                """
                        .formatted(RELATIONSHIP));
        sdo(
                "report",
                "84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
                """
                "name": "The Black Vine Cyberespionage Group", "published": "2016-01-20T17:00:00.000Z",
                "report_types": ["campaign"], "object_refs": ["%s", "%s"]
                """
                        .formatted(INDICATOR, RELATIONSHIP));
        sdo(
                "threat-actor",
                "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                """
                "name": "Evil Org", "threat_actor_types": ["crime-syndicate"],
                "aliases": ["Syndicate 1"], "roles": ["director"], "goals": ["Steal bank money"],
                "sophistication": "advanced", "resource_level": "team",
                "primary_motivation": "organizational-gain", "personal_motivations": ["personal-gain"]
                """);
        sdo(
                "tool",
                "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                "\"name\": \"VNC\", \"tool_types\": [\"remote-access\"], \"tool_version\": \"4.1\"");
        sdo(
                "vulnerability",
                "0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                """
                "name": "CVE-2016-1234",
                "external_references": [{"source_name": "cve", "external_id": "CVE-2016-1234"}]
                """);
        TEXT.put(
                "relationship",
                """
                {"type": "relationship", "id": "%s", %s
                 "relationship_type": "indicates", "source_ref": "%s", "target_ref": "%s",
                 "start_time": "2016-01-01T00:00:00Z", "stop_time": "2017-01-01T00:00:00Z"}
                """
                        .formatted(RELATIONSHIP, COMMON, INDICATOR, MALWARE));
        sdo(
                "sighting",
                "ee20065d-2555-424f-ad9e-0f8428623c75",
                """
                "first_seen": "2015-12-21T19:00:00Z", "last_seen": "2015-12-21T19:00:00Z",
                "count": 50, "sighting_of_ref": "%s", "observed_data_refs": ["%s"],
                "where_sighted_refs": ["%s"], "summary": false
                """
                        .formatted(INDICATOR, OBSERVED_DATA, IDENTITY));

        sco(
                "artifact",
                """
                "mime_type": "image/png", "payload_bin": "aGVsbG8gd29ybGQ=",
                "hashes": {"SHA-256": "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"},
                "encryption_algorithm": "mime-type-indicated", "decryption_key": "infected"
                """);
        sco(
                "autonomous-system",
                "\"number\": 15139, \"name\": \"Slime Industries\", \"rir\": \"ARIN\"");
        sco(
                "directory",
                "\"path\": \"C:\\\\Windows\\\\System32\", \"contains_refs\": [\"%s\"]"
                        .formatted(FILE));
        sco(
                "domain-name",
                "\"value\": \"example.com\", \"resolves_to_refs\": [\"%s\"]".formatted(IPV4));
        sco("email-addr", "\"value\": \"john@example.com\", \"display_name\": \"John Doe\"");
        sco(
                "email-message",
                """
                "is_multipart": true, "date": "2016-06-19T14:20:40.000Z",
                "content_type": "multipart/mixed", "from_ref": "%s", "to_refs": ["%s"],
                "subject": "Check out this picture of a cat!",
                "additional_header_fields": {"X-Mailer": ["Mutt/1.5.23"]},
                "body_multipart": [
                  {"content_type": "text/plain; charset=utf-8", "content_disposition": "inline",
                   "body": "Cats are funny!"},
                  {"content_type": "image/png", "body_raw_ref": "%s"}]
                """
                        .formatted(EMAIL_ADDR, EMAIL_ADDR, ARTIFACT));
        sco(
                "file",
                """
                "hashes": {"SHA-256": "fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},
                "size": 25536, "name": "foo.dll", "magic_number_hex": "4d5a",
                "mime_type": "application/x-dosexec", "content_ref": "%s",
                "extensions": {
                  "ntfs-ext": {"sid": "1234567",
                               "alternate_data_streams": [{"name": "second.stream", "size": 25536}]},
                  "windows-pebinary-ext": {"pe_type": "dll", "machine_hex": "014c",
                    "number_of_sections": 4, "time_date_stamp": "2016-01-22T12:31:12Z",
                    "optional_header": {"magic_hex": "010b", "size_of_code": 512},
                    "sections": [{"name": "CODE", "entropy": 0.061089}]},
                  "raster-image-ext": {"image_height": 768, "exif_tags": {"Make": "Nikon", "XResolution": 4928}},
                  "pdf-ext": {"version": "1.7", "document_info_dict": {"Title": "Sample"}},
                  "archive-ext": {"contains_refs": ["%s"], "comment": "none"}}
                """
                        .formatted(ARTIFACT, FILE));
        sco("ipv4-addr", "\"value\": \"198.51.100.0/24\"");
        sco("ipv6-addr", "\"value\": \"2001:db8::/96\"");
        sco("mac-addr", "\"value\": \"d2:fb:49:24:37:18\"");
        sco("mutex", "\"name\": \"__CLEANSWEEP__\"");
        sco(
                "network-traffic",
                """
                "src_ref": "%s", "dst_ref": "%s", "src_port": 2487, "dst_port": 80,
                "protocols": ["ipv4", "tcp", "http"], "start": "2016-01-01T00:00:00Z",
                "end": "2016-01-01T00:01:00Z", "is_active": false,
                "src_byte_count": 35779, "dst_byte_count": 0, "ipfix": {"minimumIpTotalLength": 32},
                "extensions": {
                  "http-request-ext": {"request_method": "get", "request_value": "/download.html",
                    "request_header": {"Host": ["www.example.com"]}},
                  "tcp-ext": {"src_flags_hex": "00000002"},
                  "socket-ext": {"address_family": "AF_INET", "socket_type": "SOCK_STREAM",
                    "options": {"SO_RCVTIMEO": 100}},
                  "icmp-ext": {"icmp_type_hex": "08", "icmp_code_hex": "00"}}
                """
                        .formatted(IPV4, DOMAIN));
        TEXT.put(
                "process",
                """
                {"type": "process", "spec_version": "2.1",
                 "id": "process--8fac80fe-a220-4ba9-8ffe-4f43ce8edff8",
                 "pid": 1221, "command_line": "./gedit-bin --new-window", "image_ref": "%s",
                 "environment_variables": {"HOME": "/home/jdoe"},
                 "extensions": {
                   "windows-process-ext": {"aslr_enabled": true, "priority": "HIGH_PRIORITY_CLASS",
                                           "integrity_level": "medium"},
                   "windows-service-ext": {"service_name": "sirvizio", "start_type": "SERVICE_AUTO_START",
                     "service_type": "SERVICE_WIN32_OWN_PROCESS", "service_status": "SERVICE_RUNNING"}}}
                """
                        .formatted(FILE));
        sco(
                "software",
                """
                "name": "Word", "cpe": "cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*",
                "version": "2002", "vendor": "Microsoft", "languages": ["en", "pt-BR"]
                """);
        sco("url", "\"value\": \"https://example.com/research/index.html\"");
        sco(
                "user-account",
                """
                "user_id": "1001", "account_login": "jdoe", "account_type": "unix",
                "is_privileged": false, "account_created": "2016-01-20T12:31:12Z",
                "extensions": {"unix-account-ext": {"gid": 1001, "groups": ["wheel"]}}
                """);
        sco(
                "windows-registry-key",
                """
                "key": "HKEY_LOCAL_MACHINE\\\\System\\\\Foo",
                "values": [{"name": "Foo", "data": "qwerty", "data_type": "REG_SZ"}, {"name": ""}],
                "creator_user_ref": "%s"
                """
                        .formatted(USER));
        sco(
                "x509-certificate",
                """
                "issuer": "C=ZA, O=Thawte Consulting cc", "serial_number": "36:f7:d4:32",
                "validity_not_before": "2016-03-12T12:00:00Z", "subject_public_key_exponent": 65537,
                "x509_v3_extensions": {"basic_constraints": "critical,CA:TRUE, pathlen:0",
                                       "private_key_usage_period_not_before": "2016-03-12T12:00:00Z"}
                """);

        TEXT.put(
                "marking-definition",
                """
                {"type": "marking-definition", "spec_version": "2.1", "id": "%s",
                 "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
                 "name": "TLP:GREEN", "definition": {"tlp": "green"}}
                """
                        .formatted(TLP_GREEN));
        TEXT.put(
                "language-content",
                """
                {"type": "language-content", "spec_version": "2.1",
                 "id": "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d",
                 "created": "2017-02-08T21:31:22.007Z", "modified": "2017-02-08T21:31:22.007Z",
                 "object_ref": "campaign--12a111f0-b824-4baf-a224-83b80237a094",
                 "object_modified": "2017-02-08T21:31:22.007Z",
                 "contents": {"de": {"name": "Bank Angriff"}, "fr": {"goals": ["Voler", ""]}}}
                """);
        TEXT.put(
                "extension-definition",
                """
                {"type": "extension-definition", "spec_version": "2.1",
                 "id": "extension-definition--71736db5-10db-43d3-b0e3-65cf81601fe1",
                 "created": "2014-02-20T09:16:08.989Z", "modified": "2014-02-20T09:16:08.989Z",
                 "created_by_ref": "%s", "name": "Extension Foo 1a",
                 "schema": "https://www.example.com/schema-foo-1a/v1/", "version": "1.2.1",
                 "extension_types": ["toplevel-property-extension"],
                 "extension_properties": ["toxicity", "rank"]}
                """
                        .formatted(IDENTITY));
    }

    private static void sdo(String type, String uuid, String body) {
        TEXT.put(
                type,
                "{\"type\": \""
                        + type
                        + "\", \"id\": \""
                        + type
                        + "--"
                        + uuid
                        + "\", "
                        + COMMON
                        + body
                        + "}");
    }

    private static void sco(String type, String body) {
        TEXT.put(type, "{\"type\": \"" + type + "\", \"spec_version\": \"2.1\", " + body + "}");
    }

    /** A fresh copy of the valid fixture of {@code type}. */
    static ObjectNode of(String type) {
        String text = TEXT.get(type);
        if (text == null) {
            throw new IllegalArgumentException("no fixture for " + type);
        }
        ObjectNode node = (ObjectNode) StixJson.parse(text);
        return ScoIds.withId(node);
    }

    static Iterable<String> types() {
        return TEXT.keySet();
    }

    static JsonNode json(String text) {
        return StixJson.parse(text);
    }
}
