package org.entente.stix;

import static org.entente.stix.Props.enumOf;
import static org.entente.stix.Props.openVocab;

/**
 * The vocabularies of STIX 2.1 section 10 (errata 01 included). Open vocabularies ({@code -ov})
 * suggest values: anything else is allowed with a warning. Enumerations ({@code -enum}) are closed:
 * anything else is an error.
 */
final class Vocab {
    private Vocab() {}

    static final PropertyType ACCOUNT_TYPE =
            openVocab(
                    "account-type-ov",
                    "facebook",
                    "ldap",
                    "nis",
                    "openid",
                    "radius",
                    "skype",
                    "tacacs",
                    "twitter",
                    "unix",
                    "windows-local",
                    "windows-domain");

    static final PropertyType ATTACK_MOTIVATION =
            openVocab(
                    "attack-motivation-ov",
                    "accidental",
                    "coercion",
                    "dominance",
                    "ideology",
                    "notoriety",
                    "organizational-gain",
                    "personal-gain",
                    "personal-satisfaction",
                    "revenge",
                    "unpredictable");

    static final PropertyType ATTACK_RESOURCE_LEVEL =
            openVocab(
                    "attack-resource-level-ov",
                    "individual",
                    "club",
                    "contest",
                    "team",
                    "organization",
                    "government");

    static final PropertyType ENCRYPTION_ALGORITHM =
            enumOf("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");

    static final String[] EXTENSION_TYPES = {
        "new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"
    };

    static final PropertyType EXTENSION_TYPE = enumOf(EXTENSION_TYPES);

    static final PropertyType GROUPING_CONTEXT =
            openVocab(
                    "grouping-context-ov",
                    "suspicious-activity",
                    "malware-analysis",
                    "unspecified");

    static final PropertyType IDENTITY_CLASS =
            openVocab(
                    "identity-class-ov",
                    "individual",
                    "group",
                    "system",
                    "organization",
                    "class",
                    "unknown");

    static final PropertyType IMPLEMENTATION_LANGUAGE =
            openVocab(
                    "implementation-language-ov",
                    "applescript",
                    "bash",
                    "c",
                    "c++",
                    "c#",
                    "go",
                    "java",
                    "javascript",
                    "lua",
                    "objective-c",
                    "perl",
                    "php",
                    "powershell",
                    "python",
                    "ruby",
                    "rust",
                    "scala",
                    "swift",
                    "typescript",
                    "visual-basic",
                    "x86-32",
                    "x86-64");

    static final PropertyType INDICATOR_TYPE =
            openVocab(
                    "indicator-type-ov",
                    "anomalous-activity",
                    "anonymization",
                    "benign",
                    "compromised",
                    "malicious-activity",
                    "attribution",
                    "unknown");

    // NB: the sub-sectors are literals of their own (emergency-services, dams, nuclear, water),
    // listed under their parent sector in the specification's summary.
    static final PropertyType INDUSTRY_SECTOR =
            openVocab(
                    "industry-sector-ov",
                    "agriculture",
                    "aerospace",
                    "automotive",
                    "chemical",
                    "commercial",
                    "communications",
                    "construction",
                    "defense",
                    "education",
                    "energy",
                    "entertainment",
                    "financial-services",
                    "government",
                    "emergency-services",
                    "government-local",
                    "government-national",
                    "government-public-services",
                    "government-regional",
                    "healthcare",
                    "hospitality-leisure",
                    "infrastructure",
                    "dams",
                    "nuclear",
                    "water",
                    "insurance",
                    "legal",
                    "manufacturing",
                    "mining",
                    "non-profit",
                    "pharmaceuticals",
                    "retail",
                    "technology",
                    "telecommunications",
                    "transportation",
                    "utilities");

    static final PropertyType INFRASTRUCTURE_TYPE =
            openVocab(
                    "infrastructure-type-ov",
                    "amplification",
                    "anonymization",
                    "botnet",
                    "command-and-control",
                    "control-system",
                    "exfiltration",
                    "firewall",
                    "hosting-malware",
                    "hosting-target-lists",
                    "phishing",
                    "reconnaissance",
                    "routers-switches",
                    "staging",
                    "workstation",
                    "unknown");

    static final PropertyType MALWARE_CAPABILITIES =
            openVocab(
                    "malware-capabilities-ov",
                    "accesses-remote-machines",
                    "anti-debugging",
                    "anti-disassembly",
                    "anti-emulation",
                    "anti-memory-forensics",
                    "anti-sandbox",
                    "anti-vm",
                    "captures-input-peripherals",
                    "captures-output-peripherals",
                    "captures-system-state-data",
                    "cleans-traces-of-infection",
                    "commits-fraud",
                    "communicates-with-c2",
                    "compromises-data-availability",
                    "compromises-data-integrity",
                    "compromises-system-availability",
                    "controls-local-machine",
                    "degrades-security-software",
                    "degrades-system-updates",
                    "determines-c2-server",
                    "emails-spam",
                    "escalates-privileges",
                    "evades-av",
                    "exfiltrates-data",
                    "fingerprints-host",
                    "hides-artifacts",
                    "hides-executing-code",
                    "infects-files",
                    "infects-remote-machines",
                    "installs-other-components",
                    "persists-after-system-reboot",
                    "prevents-artifact-access",
                    "prevents-artifact-deletion",
                    "probes-network-environment",
                    "self-modifies",
                    "steals-authentication-credentials",
                    "violates-system-operational-integrity");

    static final PropertyType MALWARE_RESULT =
            openVocab("malware-result-ov", "malicious", "suspicious", "benign", "unknown");

    static final PropertyType MALWARE_TYPE =
            openVocab(
                    "malware-type-ov",
                    "adware",
                    "backdoor",
                    "bot",
                    "bootkit",
                    "ddos",
                    "downloader",
                    "dropper",
                    "exploit-kit",
                    "keylogger",
                    "ransomware",
                    "remote-access-trojan",
                    "resource-exploitation",
                    "rogue-security-software",
                    "rootkit",
                    "screen-capture",
                    "spyware",
                    "trojan",
                    "unknown",
                    "virus",
                    "webshell",
                    "wiper",
                    "worm");

    static final PropertyType NETWORK_SOCKET_ADDRESS_FAMILY =
            enumOf(
                    "AF_UNSPEC",
                    "AF_INET",
                    "AF_IPX",
                    "AF_APPLETALK",
                    "AF_NETBIOS",
                    "AF_INET6",
                    "AF_IRDA",
                    "AF_BTH");

    // NB: the enumeration summary of section 10.17 misprints SOCK_DGRAM; the value table is right.
    static final PropertyType NETWORK_SOCKET_TYPE =
            enumOf("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");

    static final PropertyType OPINION =
            enumOf("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");

    static final PropertyType PATTERN_TYPE =
            openVocab("pattern-type-ov", "stix", "pcre", "sigma", "snort", "suricata", "yara");

    static final PropertyType PROCESSOR_ARCHITECTURE =
            openVocab(
                    "processor-architecture-ov",
                    "alpha",
                    "arm",
                    "ia-64",
                    "mips",
                    "powerpc",
                    "sparc",
                    "x86",
                    "x86-64");

    static final PropertyType REGION =
            openVocab(
                    "region-ov",
                    "africa",
                    "eastern-africa",
                    "middle-africa",
                    "northern-africa",
                    "southern-africa",
                    "western-africa",
                    "americas",
                    "caribbean",
                    "central-america",
                    "latin-america-caribbean",
                    "northern-america",
                    "south-america",
                    "asia",
                    "central-asia",
                    "eastern-asia",
                    "southern-asia",
                    "south-eastern-asia",
                    "western-asia",
                    "europe",
                    "eastern-europe",
                    "northern-europe",
                    "southern-europe",
                    "western-europe",
                    "oceania",
                    "antarctica",
                    "australia-new-zealand",
                    "melanesia",
                    "micronesia",
                    "polynesia");

    static final PropertyType REPORT_TYPE =
            openVocab(
                    "report-type-ov",
                    "attack-pattern",
                    "campaign",
                    "identity",
                    "incident",
                    "indicator",
                    "intrusion-set",
                    "malware",
                    "observed-data",
                    "threat-actor",
                    "threat-report",
                    "tool",
                    "vulnerability");

    static final PropertyType THREAT_ACTOR_TYPE =
            openVocab(
                    "threat-actor-type-ov",
                    "activist",
                    "competitor",
                    "crime-syndicate",
                    "criminal",
                    "hacker",
                    "insider-accidental",
                    "insider-disgruntled",
                    "nation-state",
                    "private-sector",
                    "sensationalist",
                    "spy",
                    "terrorist",
                    "unknown");

    static final PropertyType THREAT_ACTOR_ROLE =
            openVocab(
                    "threat-actor-role-ov",
                    "agent",
                    "director",
                    "independent",
                    "infrastructure-architect",
                    "infrastructure-operator",
                    "malware-author",
                    "sponsor");

    static final PropertyType THREAT_ACTOR_SOPHISTICATION =
            openVocab(
                    "threat-actor-sophistication-ov",
                    "none",
                    "minimal",
                    "intermediate",
                    "advanced",
                    "expert",
                    "innovator",
                    "strategic");

    static final PropertyType TOOL_TYPE =
            openVocab(
                    "tool-type-ov",
                    "denial-of-service",
                    "exploitation",
                    "information-gathering",
                    "network-capture",
                    "credential-exploitation",
                    "remote-access",
                    "vulnerability-scanning",
                    "unknown");

    static final PropertyType WINDOWS_INTEGRITY_LEVEL = enumOf("low", "medium", "high", "system");

    static final PropertyType WINDOWS_PEBINARY_TYPE =
            openVocab("windows-pebinary-type-ov", "dll", "exe", "sys");

    static final PropertyType WINDOWS_REGISTRY_DATATYPE =
            enumOf(
                    "REG_NONE",
                    "REG_SZ",
                    "REG_EXPAND_SZ",
                    "REG_BINARY",
                    "REG_DWORD",
                    "REG_DWORD_BIG_ENDIAN",
                    "REG_DWORD_LITTLE_ENDIAN",
                    "REG_LINK",
                    "REG_MULTI_SZ",
                    "REG_RESOURCE_LIST",
                    "REG_FULL_RESOURCE_DESCRIPTION",
                    "REG_RESOURCE_REQUIREMENTS_LIST",
                    "REG_QWORD",
                    "REG_INVALID_TYPE");

    static final PropertyType WINDOWS_SERVICE_START_TYPE =
            enumOf(
                    "SERVICE_AUTO_START",
                    "SERVICE_BOOT_START",
                    "SERVICE_DEMAND_START",
                    "SERVICE_DISABLED",
                    "SERVICE_SYSTEM_ALERT");

    static final PropertyType WINDOWS_SERVICE_TYPE =
            enumOf(
                    "SERVICE_KERNEL_DRIVER",
                    "SERVICE_FILE_SYSTEM_DRIVER",
                    "SERVICE_WIN32_OWN_PROCESS",
                    "SERVICE_WIN32_SHARE_PROCESS");

    static final PropertyType WINDOWS_SERVICE_STATUS =
            enumOf(
                    "SERVICE_CONTINUE_PENDING",
                    "SERVICE_PAUSE_PENDING",
                    "SERVICE_PAUSED",
                    "SERVICE_RUNNING",
                    "SERVICE_START_PENDING",
                    "SERVICE_STOP_PENDING",
                    "SERVICE_STOPPED");
}
