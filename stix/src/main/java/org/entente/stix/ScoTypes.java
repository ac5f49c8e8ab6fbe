package org.entente.stix;

import static org.entente.stix.Props.BINARY;
import static org.entente.stix.Props.BOOLEAN;
import static org.entente.stix.Props.FLOAT;
import static org.entente.stix.Props.HASHES;
import static org.entente.stix.Props.HEX;
import static org.entente.stix.Props.INTEGER;
import static org.entente.stix.Props.INTEGER_OR_STRING_DICTIONARY;
import static org.entente.stix.Props.LANG;
import static org.entente.stix.Props.NON_NEGATIVE_INTEGER;
import static org.entente.stix.Props.STRING;
import static org.entente.stix.Props.STRING_DICTIONARY;
import static org.entente.stix.Props.STRING_LIST;
import static org.entente.stix.Props.STRING_LIST_DICTIONARY;
import static org.entente.stix.Props.TIMESTAMP;
import static org.entente.stix.Props.TIMESTAMP_SECONDS;
import static org.entente.stix.Props.integer;
import static org.entente.stix.Props.list;
import static org.entente.stix.Props.object;
import static org.entente.stix.Props.ref;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The STIX Cyber-observable Objects of STIX 2.1 section 6, with their id-contributing properties
 * (section 2.9) and predefined extensions (section 3.10).
 */
final class ScoTypes {
    private ScoTypes() {}

    private static final PropertyType PORT = integer(0, 65535);

    private static final Set<String> MEDIA_TOP_LEVEL_TYPES =
            Set.of(
                    "application",
                    "audio",
                    "font",
                    "haptics",
                    "image",
                    "message",
                    "model",
                    "multipart",
                    "text",
                    "video");

    /**
     * Sections 6.1 and 6.7: a MIME type SHOULD come from the IANA media type registry, so one that
     * is not even {@code type/subtype} with a registered top-level type is warned about.
     */
    private static final PropertyType MIME_TYPE =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a string, not " + Props.describe(value));
                    return;
                }
                String mime = value.stringValue();
                int slash = mime.indexOf('/');
                if (slash <= 0
                        || slash == mime.length() - 1
                        || !MEDIA_TOP_LEVEL_TYPES.contains(
                                mime.substring(0, slash).toLowerCase(Locale.ROOT))) {
                    check.warn(
                            path,
                            "'"
                                    + mime
                                    + "' should be an IANA media type such as"
                                    + " application/zip");
                }
            };

    // --- artifact (6.1) -------------------------------------------------------------------

    private static ObjectSpec artifact() {
        return Common.sco("artifact")
                .opt("mime_type", MIME_TYPE)
                .opt("payload_bin", BINARY)
                .opt("url", ObservableValues.URL)
                .opt("hashes", HASHES)
                .opt("encryption_algorithm", Vocab.ENCRYPTION_ALGORITHM)
                .opt("decryption_key", STRING)
                .rule(exactlyOne("payload_bin", "url"))
                .rule(Rules.requires("url", "hashes"))
                .rule(Rules.requires("decryption_key", "encryption_algorithm"))
                .build();
    }

    // --- email-message (6.6) ----------------------------------------------------------------

    static final ObjectSpec EMAIL_MIME_PART =
            ObjectSpec.builder("email-mime-part-type")
                    .opt("body", STRING)
                    .opt("body_raw_ref", ref("artifact", "file"))
                    .opt("content_type", STRING)
                    .opt("content_disposition", STRING)
                    // "one of body OR body_raw_ref": a part is textual or it is not
                    .rule(exactlyOne("body", "body_raw_ref"))
                    .build();

    /** Header fields that have properties of their own and so do not go in the dictionary. */
    private static final Set<String> OWN_HEADER_FIELDS =
            Set.of(
                    "date",
                    "received",
                    "content-type",
                    "from",
                    "sender",
                    "to",
                    "cc",
                    "bcc",
                    "subject");

    private static ObjectSpec emailMessage() {
        return Common.sco("email-message")
                .req("is_multipart", BOOLEAN)
                .opt("date", TIMESTAMP)
                .opt("content_type", STRING)
                .opt("from_ref", ref("email-addr"))
                .opt("sender_ref", ref("email-addr"))
                .opt("to_refs", list(ref("email-addr")))
                .opt("cc_refs", list(ref("email-addr")))
                .opt("bcc_refs", list(ref("email-addr")))
                .opt("message_id", STRING)
                .opt("subject", STRING)
                .opt("received_lines", STRING_LIST)
                .opt("additional_header_fields", STRING_LIST_DICTIONARY)
                .opt("body", STRING)
                .opt("body_multipart", list(object(EMAIL_MIME_PART)))
                .opt("raw_email_ref", ref("artifact"))
                .rule(ScoTypes::multipartBody)
                .rule(
                        (value, path, check) -> {
                            JsonNode fields = value.get("additional_header_fields");
                            if (fields == null || !fields.isObject()) {
                                return;
                            }
                            for (String name : fields.propertyNames()) {
                                if (OWN_HEADER_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                                    check.warn(
                                            path.property("additional_header_fields")
                                                    .property(name),
                                            "the "
                                                    + name
                                                    + " header has a property of its own and"
                                                    + " belongs there");
                                }
                            }
                        })
                .build();
    }

    /** Section 6.6.1: body only for single-part messages, body_multipart only for multipart. */
    private static void multipartBody(JsonNode value, Path path, Check check) {
        JsonNode multipart = value.get("is_multipart");
        if (multipart == null || !multipart.isBoolean()) {
            return;
        }
        if (multipart.booleanValue() && value.has("body")) {
            check.error(path.property("body"), "must not be used when is_multipart is true");
        }
        if (!multipart.booleanValue() && value.has("body_multipart")) {
            check.error(
                    path.property("body_multipart"), "must not be used when is_multipart is false");
        }
    }

    // --- file (6.7) and its extensions --------------------------------------------------------

    static final ObjectSpec ARCHIVE_EXT =
            ObjectSpec.builder("archive-ext")
                    .req("contains_refs", list(ref("file", "directory")))
                    .opt("comment", STRING)
                    .build();

    static final ObjectSpec ALTERNATE_DATA_STREAM =
            ObjectSpec.builder("alternate-data-stream-type")
                    .req("name", STRING)
                    .opt("hashes", HASHES)
                    .opt("size", NON_NEGATIVE_INTEGER)
                    .build();

    static final ObjectSpec NTFS_EXT =
            ObjectSpec.builder("ntfs-ext")
                    .opt("sid", STRING)
                    .opt("alternate_data_streams", list(object(ALTERNATE_DATA_STREAM)))
                    .needsOwnProperty()
                    .build();

    static final ObjectSpec PDF_EXT =
            ObjectSpec.builder("pdf-ext")
                    .opt("version", STRING)
                    .opt("is_optimized", BOOLEAN)
                    .opt("document_info_dict", STRING_DICTIONARY)
                    .opt("pdfid0", STRING)
                    .opt("pdfid1", STRING)
                    .needsOwnProperty()
                    .build();

    /**
     * Section 6.7.5: keys are EXIF tag names as EXIF writes them (XResolution), so they start with
     * a capital letter; values are integers or strings.
     */
    private static final PropertyType EXIF_TAGS =
            (value, path, check) -> {
                INTEGER_OR_STRING_DICTIONARY.check(value, path, check);
                if (!value.isObject()) {
                    return;
                }
                for (String tag : value.propertyNames()) {
                    char first = tag.isEmpty() ? ' ' : tag.charAt(0);
                    if (first < 'A' || first > 'Z') {
                        check.error(
                                path.property(tag),
                                "'"
                                        + tag
                                        + "' is not an EXIF tag name as EXIF writes it (such as"
                                        + " XResolution)");
                    }
                }
            };

    static final ObjectSpec RASTER_IMAGE_EXT =
            ObjectSpec.builder("raster-image-ext")
                    .opt("image_height", INTEGER)
                    .opt("image_width", INTEGER)
                    .opt("bits_per_pixel", INTEGER)
                    .opt("exif_tags", EXIF_TAGS)
                    .needsOwnProperty()
                    .build();

    static final ObjectSpec WINDOWS_PE_OPTIONAL_HEADER =
            ObjectSpec.builder("windows-pe-optional-header-type")
                    .opt("magic_hex", HEX)
                    .opt("major_linker_version", INTEGER)
                    .opt("minor_linker_version", INTEGER)
                    .opt("size_of_code", NON_NEGATIVE_INTEGER)
                    .opt("size_of_initialized_data", NON_NEGATIVE_INTEGER)
                    .opt("size_of_uninitialized_data", NON_NEGATIVE_INTEGER)
                    .opt("address_of_entry_point", INTEGER)
                    .opt("base_of_code", INTEGER)
                    .opt("base_of_data", INTEGER)
                    .opt("image_base", INTEGER)
                    .opt("section_alignment", INTEGER)
                    .opt("file_alignment", INTEGER)
                    .opt("major_os_version", INTEGER)
                    .opt("minor_os_version", INTEGER)
                    .opt("major_image_version", INTEGER)
                    .opt("minor_image_version", INTEGER)
                    .opt("major_subsystem_version", INTEGER)
                    .opt("minor_subsystem_version", INTEGER)
                    .opt("win32_version_value_hex", HEX)
                    .opt("size_of_image", NON_NEGATIVE_INTEGER)
                    .opt("size_of_headers", NON_NEGATIVE_INTEGER)
                    .opt("checksum_hex", HEX)
                    .opt("subsystem_hex", HEX)
                    .opt("dll_characteristics_hex", HEX)
                    .opt("size_of_stack_reserve", NON_NEGATIVE_INTEGER)
                    .opt("size_of_stack_commit", NON_NEGATIVE_INTEGER)
                    .opt("size_of_heap_reserve", NON_NEGATIVE_INTEGER)
                    .opt("size_of_heap_commit", NON_NEGATIVE_INTEGER)
                    .opt("loader_flags_hex", HEX)
                    .opt("number_of_rva_and_sizes", INTEGER)
                    .opt("hashes", HASHES)
                    .needsOwnProperty()
                    .build();

    static final ObjectSpec WINDOWS_PE_SECTION =
            ObjectSpec.builder("windows-pe-section-type")
                    .req("name", STRING)
                    .opt("size", NON_NEGATIVE_INTEGER)
                    .opt("entropy", FLOAT)
                    .opt("hashes", HASHES)
                    .build();

    static final ObjectSpec WINDOWS_PEBINARY_EXT =
            ObjectSpec.builder("windows-pebinary-ext")
                    .req("pe_type", Vocab.WINDOWS_PEBINARY_TYPE)
                    .opt("imphash", STRING)
                    .opt("machine_hex", HEX)
                    .opt("number_of_sections", NON_NEGATIVE_INTEGER)
                    .opt("time_date_stamp", TIMESTAMP_SECONDS)
                    .opt("pointer_to_symbol_table_hex", HEX)
                    .opt("number_of_symbols", NON_NEGATIVE_INTEGER)
                    .opt("size_of_optional_header", NON_NEGATIVE_INTEGER)
                    .opt("characteristics_hex", HEX)
                    .opt("file_header_hashes", HASHES)
                    .opt("optional_header", object(WINDOWS_PE_OPTIONAL_HEADER))
                    .opt("sections", list(object(WINDOWS_PE_SECTION)))
                    .needsOwnProperty("pe_type")
                    .build();

    private static ObjectSpec file() {
        return Common.sco("file")
                .opt("hashes", HASHES)
                .opt("size", NON_NEGATIVE_INTEGER)
                .opt("name", STRING)
                .opt("name_enc", STRING)
                .opt("magic_number_hex", HEX)
                .opt("mime_type", MIME_TYPE)
                .opt("ctime", TIMESTAMP)
                .opt("mtime", TIMESTAMP)
                .opt("atime", TIMESTAMP)
                .opt("parent_directory_ref", ref("directory"))
                .opt("contains_refs", list(Props.REF_SCO))
                .opt("content_ref", ref("artifact"))
                .rule(Rules.atLeastOne("hashes", "name"))
                .rule(Rules.requires("name_enc", "name"))
                .build();
    }

    // --- network-traffic (6.12) and its extensions ----------------------------------------

    static final ObjectSpec HTTP_REQUEST_EXT =
            ObjectSpec.builder("http-request-ext")
                    .req("request_method", STRING)
                    .req("request_value", STRING)
                    .opt("request_version", STRING)
                    .opt("request_header", STRING_LIST_DICTIONARY)
                    .opt("message_body_length", INTEGER)
                    .opt("message_body_data_ref", ref("artifact"))
                    .build();

    static final ObjectSpec ICMP_EXT =
            ObjectSpec.builder("icmp-ext")
                    .req("icmp_type_hex", HEX)
                    .req("icmp_code_hex", HEX)
                    .build();

    static final ObjectSpec SOCKET_EXT =
            ObjectSpec.builder("socket-ext")
                    .req("address_family", Vocab.NETWORK_SOCKET_ADDRESS_FAMILY)
                    .opt("is_blocking", BOOLEAN)
                    .opt("is_listening", BOOLEAN)
                    .opt("options", Props.dictionaryOf(INTEGER))
                    .opt("socket_type", Vocab.NETWORK_SOCKET_TYPE)
                    .opt("socket_descriptor", NON_NEGATIVE_INTEGER)
                    .opt("socket_handle", INTEGER)
                    .build();

    static final ObjectSpec TCP_EXT =
            ObjectSpec.builder("tcp-ext")
                    .opt("src_flags_hex", HEX)
                    .opt("dst_flags_hex", HEX)
                    .needsOwnProperty()
                    .build();

    private static ObjectSpec networkTraffic() {
        PropertyType endpoint = ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");
        return Common.sco("network-traffic")
                .opt("start", TIMESTAMP)
                .opt("end", TIMESTAMP)
                .opt("is_active", BOOLEAN)
                .opt("src_ref", endpoint)
                .opt("dst_ref", endpoint)
                .opt("src_port", PORT)
                .opt("dst_port", PORT)
                .req("protocols", STRING_LIST)
                // NB: "a positive integer" in the text; zero bytes or packets in one direction
                // is an everyday observation, so only negative counts are refused.
                .opt("src_byte_count", NON_NEGATIVE_INTEGER)
                .opt("dst_byte_count", NON_NEGATIVE_INTEGER)
                .opt("src_packets", NON_NEGATIVE_INTEGER)
                .opt("dst_packets", NON_NEGATIVE_INTEGER)
                .opt("ipfix", INTEGER_OR_STRING_DICTIONARY)
                .opt("src_payload_ref", ref("artifact"))
                .opt("dst_payload_ref", ref("artifact"))
                .opt("encapsulates_refs", list(ref("network-traffic")))
                .opt("encapsulated_by_ref", ref("network-traffic"))
                .rule(Rules.atLeastOne("src_ref", "dst_ref"))
                .rule(Rules.order("start", "end", false))
                .rule(
                        (value, path, check) -> {
                            JsonNode active = value.get("is_active");
                            if (active != null
                                    && active.isBoolean()
                                    && active.booleanValue()
                                    && value.has("end")) {
                                check.error(
                                        path.property("end"),
                                        "must not be present while is_active is true");
                            }
                        })
                .build();
    }

    // --- process (6.13) and its extensions -------------------------------------------------

    static final ObjectSpec WINDOWS_PROCESS_EXT =
            ObjectSpec.builder("windows-process-ext")
                    .opt("aslr_enabled", BOOLEAN)
                    .opt("dep_enabled", BOOLEAN)
                    .opt("priority", STRING)
                    .opt("owner_sid", STRING)
                    // NB: errata 01 prints windows_title; window_title is the published name
                    // and the one the OASIS schema knows.
                    .opt("window_title", STRING)
                    .opt("startup_info", Props.DICTIONARY)
                    .opt("integrity_level", Vocab.WINDOWS_INTEGRITY_LEVEL)
                    .rule(
                            (value, path, check) -> {
                                String priority = JsonText.string(value, "priority");
                                if (priority != null && !priority.endsWith("_CLASS")) {
                                    check.warn(
                                            path.property("priority"),
                                            "'"
                                                    + priority
                                                    + "' should be a Windows priority class"
                                                    + " ending in _CLASS");
                                }
                            })
                    .needsOwnProperty()
                    .build();

    static final ObjectSpec WINDOWS_SERVICE_EXT =
            ObjectSpec.builder("windows-service-ext")
                    .opt("service_name", STRING)
                    .opt("descriptions", STRING_LIST)
                    .opt("display_name", STRING)
                    .opt("group_name", STRING)
                    .opt("start_type", Vocab.WINDOWS_SERVICE_START_TYPE)
                    .opt("service_dll_refs", list(ref("file")))
                    .opt("service_type", Vocab.WINDOWS_SERVICE_TYPE)
                    .opt("service_status", Vocab.WINDOWS_SERVICE_STATUS)
                    .needsOwnProperty()
                    .build();

    private static final String[] PROCESS_OWN = {
        "extensions",
        "is_hidden",
        "pid",
        "created_time",
        "cwd",
        "command_line",
        "environment_variables",
        "opened_connection_refs",
        "creator_user_ref",
        "image_ref",
        "parent_ref",
        "child_refs"
    };

    private static ObjectSpec process() {
        return Common.sco("process")
                .opt("is_hidden", BOOLEAN)
                .opt("pid", INTEGER)
                .opt("created_time", TIMESTAMP)
                .opt("cwd", STRING)
                .opt("command_line", STRING)
                .opt("environment_variables", STRING_DICTIONARY)
                .opt("opened_connection_refs", list(ref("network-traffic")))
                .opt("creator_user_ref", ref("user-account"))
                .opt("image_ref", ref("file"))
                .opt("parent_ref", ref("process"))
                .opt("child_refs", list(ref("process")))
                .rule(Rules.atLeastOne(PROCESS_OWN))
                .build();
    }

    // --- user-account (6.16) -----------------------------------------------------------------

    static final ObjectSpec UNIX_ACCOUNT_EXT =
            ObjectSpec.builder("unix-account-ext")
                    .opt("gid", INTEGER)
                    .opt("groups", STRING_LIST)
                    .opt("home_dir", STRING)
                    .opt("shell", STRING)
                    .needsOwnProperty()
                    .build();

    private static final String[] USER_ACCOUNT_OWN = {
        "extensions",
        "user_id",
        "credential",
        "account_login",
        "account_type",
        "display_name",
        "is_service_account",
        "is_privileged",
        "can_escalate_privs",
        "is_disabled",
        "account_created",
        "account_expires",
        "credential_last_changed",
        "account_first_login",
        "account_last_login"
    };

    private static ObjectSpec userAccount() {
        return Common.sco("user-account")
                .opt("user_id", STRING)
                .opt("credential", STRING)
                .opt("account_login", STRING)
                .opt("account_type", Vocab.ACCOUNT_TYPE)
                .opt("display_name", STRING)
                .opt("is_service_account", BOOLEAN)
                .opt("is_privileged", BOOLEAN)
                .opt("can_escalate_privs", BOOLEAN)
                .opt("is_disabled", BOOLEAN)
                .opt("account_created", TIMESTAMP)
                .opt("account_expires", TIMESTAMP)
                .opt("credential_last_changed", TIMESTAMP)
                .opt("account_first_login", TIMESTAMP)
                .opt("account_last_login", TIMESTAMP)
                .rule(Rules.atLeastOne(USER_ACCOUNT_OWN))
                .build();
    }

    // --- windows-registry-key (6.17) ----------------------------------------------------------

    static final ObjectSpec WINDOWS_REGISTRY_VALUE =
            ObjectSpec.builder("windows-registry-value-type")
                    .opt("name", STRING)
                    .opt("data", STRING)
                    .opt("data_type", Vocab.WINDOWS_REGISTRY_DATATYPE)
                    .needsOwnProperty()
                    .build();

    /** Abbreviated hive names that section 6.17 forbids (HKLM for HKEY_LOCAL_MACHINE...). */
    private static final List<String> ABBREVIATED_HIVES =
            List.of("hklm", "hkcu", "hkcr", "hku", "hkcc");

    private static final PropertyType REGISTRY_KEY =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a string, not " + Props.describe(value));
                    return;
                }
                String key = value.stringValue();
                int end = key.indexOf('\\');
                String hive = (end < 0 ? key : key.substring(0, end)).toLowerCase(Locale.ROOT);
                if (ABBREVIATED_HIVES.contains(hive)) {
                    check.error(
                            path,
                            "the hive must be written out in full (e.g. HKEY_LOCAL_MACHINE, not"
                                    + " HKLM)");
                }
            };

    private static final String[] REGISTRY_KEY_OWN = {
        "key", "values", "modified_time", "creator_user_ref", "number_of_subkeys"
    };

    private static ObjectSpec windowsRegistryKey() {
        return Common.sco("windows-registry-key")
                .opt("key", REGISTRY_KEY)
                .opt("values", list(object(WINDOWS_REGISTRY_VALUE)))
                .opt("modified_time", TIMESTAMP)
                .opt("creator_user_ref", ref("user-account"))
                .opt("number_of_subkeys", INTEGER)
                .rule(Rules.atLeastOne(REGISTRY_KEY_OWN))
                .build();
    }

    // --- x509-certificate (6.18) --------------------------------------------------------------

    static final ObjectSpec X509_V3_EXTENSIONS =
            ObjectSpec.builder("x509-v3-extensions-type")
                    .opt("basic_constraints", STRING)
                    .opt("name_constraints", STRING)
                    .opt("policy_constraints", STRING)
                    .opt("key_usage", STRING)
                    .opt("extended_key_usage", STRING)
                    .opt("subject_key_identifier", STRING)
                    .opt("authority_key_identifier", STRING)
                    .opt("subject_alternative_name", STRING)
                    .opt("issuer_alternative_name", STRING)
                    .opt("subject_directory_attributes", STRING)
                    .opt("crl_distribution_points", STRING)
                    .opt("inhibit_any_policy", STRING)
                    .opt("private_key_usage_period_not_before", TIMESTAMP)
                    .opt("private_key_usage_period_not_after", TIMESTAMP)
                    .opt("certificate_policies", STRING)
                    .opt("policy_mappings", STRING)
                    .needsOwnProperty()
                    .build();

    private static final String[] X509_OWN = {
        "is_self_signed",
        "hashes",
        "version",
        "serial_number",
        "signature_algorithm",
        "issuer",
        "validity_not_before",
        "validity_not_after",
        "subject",
        "subject_public_key_algorithm",
        "subject_public_key_modulus",
        "subject_public_key_exponent",
        "x509_v3_extensions"
    };

    private static ObjectSpec x509Certificate() {
        return Common.sco("x509-certificate")
                .opt("is_self_signed", BOOLEAN)
                .opt("hashes", HASHES)
                .opt("version", STRING)
                .opt("serial_number", STRING)
                .opt("signature_algorithm", STRING)
                .opt("issuer", STRING)
                .opt("validity_not_before", TIMESTAMP)
                .opt("validity_not_after", TIMESTAMP)
                .opt("subject", STRING)
                .opt("subject_public_key_algorithm", STRING)
                .opt("subject_public_key_modulus", STRING)
                .opt("subject_public_key_exponent", INTEGER)
                .opt("x509_v3_extensions", object(X509_V3_EXTENSIONS))
                .rule(Rules.atLeastOne(X509_OWN))
                .build();
    }

    // --- software (6.14) ----------------------------------------------------------------------

    /** Section 6.14: a CPE 2.3 formatted string, {@code cpe:2.3:} and eleven more components. */
    private static final PropertyType CPE =
            (value, path, check) -> {
                if (!value.isString()) {
                    check.error(path, "must be a string, not " + Props.describe(value));
                    return;
                }
                String cpe = value.stringValue();
                int components = 1;
                for (int i = 0; i < cpe.length(); i++) {
                    char c = cpe.charAt(i);
                    if (c == '\\') {
                        i++; // an escaped character, possibly a colon
                    } else if (c == ':') {
                        components++;
                    } else if (c <= ' ') {
                        components = -1;
                        break;
                    }
                }
                if (!cpe.startsWith("cpe:2.3:") || components != 13) {
                    check.error(
                            path,
                            "'"
                                    + cpe
                                    + "' is not a CPE 2.3 formatted string"
                                    + " (cpe:2.3:part:vendor:product:version:...)");
                }
            };

    static void register(Map<String, TypeSpec> types) {
        sco(types, artifact(), List.of("hashes", "payload_bin"));
        sco(
                types,
                Common.sco("autonomous-system")
                        .req("number", INTEGER)
                        .opt("name", STRING)
                        .opt("rir", STRING)
                        .build(),
                List.of("number"));
        sco(
                types,
                Common.sco("directory")
                        .req("path", STRING)
                        .opt("path_enc", STRING)
                        .opt("ctime", TIMESTAMP)
                        .opt("mtime", TIMESTAMP)
                        .opt("atime", TIMESTAMP)
                        .opt("contains_refs", list(ref("file", "directory")))
                        .build(),
                List.of("path"));
        sco(
                types,
                Common.sco("domain-name")
                        .req("value", ObservableValues.DOMAIN)
                        .opt("resolves_to_refs", list(ref("ipv4-addr", "ipv6-addr", "domain-name")))
                        .build(),
                List.of("value"));
        sco(
                types,
                Common.sco("email-addr")
                        .req("value", ObservableValues.EMAIL)
                        .opt("display_name", STRING)
                        .opt("belongs_to_ref", ref("user-account"))
                        .build(),
                List.of("value"));
        sco(types, emailMessage(), List.of("from_ref", "subject", "body"));
        sco(
                types,
                file(),
                List.of("hashes", "name", "extensions", "parent_directory_ref"),
                Map.of(
                        "archive-ext", ARCHIVE_EXT,
                        "ntfs-ext", NTFS_EXT,
                        "pdf-ext", PDF_EXT,
                        "raster-image-ext", RASTER_IMAGE_EXT,
                        "windows-pebinary-ext", WINDOWS_PEBINARY_EXT));
        sco(
                types,
                Common.sco("ipv4-addr")
                        .req("value", ObservableValues.IPV4)
                        .opt("resolves_to_refs", list(ref("mac-addr")))
                        .opt("belongs_to_refs", list(ref("autonomous-system")))
                        .build(),
                List.of("value"));
        sco(
                types,
                Common.sco("ipv6-addr")
                        .req("value", ObservableValues.IPV6)
                        .opt("resolves_to_refs", list(ref("mac-addr")))
                        .opt("belongs_to_refs", list(ref("autonomous-system")))
                        .build(),
                List.of("value"));
        sco(
                types,
                Common.sco("mac-addr").req("value", ObservableValues.MAC).build(),
                List.of("value"));
        sco(types, Common.sco("mutex").req("name", STRING).build(), List.of("name"));
        sco(
                types,
                networkTraffic(),
                List.of(
                        "start",
                        "end",
                        "src_ref",
                        "dst_ref",
                        "src_port",
                        "dst_port",
                        "protocols",
                        "extensions"),
                Map.of(
                        "http-request-ext", HTTP_REQUEST_EXT,
                        "icmp-ext", ICMP_EXT,
                        "socket-ext", SOCKET_EXT,
                        "tcp-ext", TCP_EXT));
        sco(
                types,
                process(),
                List.of(),
                Map.of(
                        "windows-process-ext", WINDOWS_PROCESS_EXT,
                        "windows-service-ext", WINDOWS_SERVICE_EXT));
        sco(
                types,
                Common.sco("software")
                        .req("name", STRING)
                        .opt("cpe", CPE)
                        .opt("swid", STRING)
                        .opt("languages", list(LANG))
                        .opt("vendor", STRING)
                        .opt("version", STRING)
                        .build(),
                List.of("name", "cpe", "swid", "vendor", "version"));
        sco(types, Common.sco("url").req("value", ObservableValues.URL).build(), List.of("value"));
        sco(
                types,
                userAccount(),
                List.of("account_type", "user_id", "account_login"),
                Map.of("unix-account-ext", UNIX_ACCOUNT_EXT));
        sco(types, windowsRegistryKey(), List.of("key", "values"));
        sco(types, x509Certificate(), List.of("hashes", "serial_number"));
    }

    /** Exactly one of two properties: the artifact's payload_bin or url. */
    private static ObjectSpec.Rule exactlyOne(String a, String b) {
        return (value, path, check) -> {
            boolean hasA = value.has(a);
            boolean hasB = value.has(b);
            if (hasA && hasB) {
                check.error(path.property(b), "must not be present together with " + a);
            } else if (!hasA && !hasB) {
                check.error(path, "needs one of " + a + " or " + b);
            }
        };
    }

    static void sco(Map<String, TypeSpec> types, ObjectSpec body, List<String> idContributing) {
        sco(types, body, idContributing, Map.of());
    }

    static void sco(
            Map<String, TypeSpec> types,
            ObjectSpec body,
            List<String> idContributing,
            Map<String, ObjectSpec> extensions) {
        TypeCatalog.add(
                types,
                new TypeSpec(body.name, TypeSpec.Kind.SCO, body, idContributing, extensions));
    }
}
