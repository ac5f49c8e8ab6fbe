package org.entente.stix;

/** The open vocabularies of STIX 2.1 section 10 that more than one type uses. */
final class Vocab {
    private Vocab() {}

    static final PropertyType PATTERN_TYPE =
            Props.openVocab(
                    "pattern-type-ov", "stix", "pcre", "sigma", "snort", "suricata", "yara");

    static final PropertyType INDICATOR_TYPE =
            Props.openVocab(
                    "indicator-type-ov",
                    "anomalous-activity",
                    "anonymization",
                    "benign",
                    "compromised",
                    "malicious-activity",
                    "attribution",
                    "unknown");

    static final PropertyType IDENTITY_CLASS =
            Props.openVocab(
                    "identity-class-ov",
                    "individual",
                    "group",
                    "system",
                    "organization",
                    "class",
                    "unknown");

    static final PropertyType INDUSTRY_SECTOR =
            Props.openVocab(
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
                    "government-emergency-services",
                    "government-local",
                    "government-national",
                    "government-public-services",
                    "government-regional",
                    "healthcare",
                    "hospitality-leisure",
                    "infrastructure",
                    "infrastructure-dams",
                    "infrastructure-nuclear",
                    "infrastructure-water",
                    "insurance",
                    "manufacturing",
                    "mining",
                    "non-profit",
                    "pharmaceuticals",
                    "retail",
                    "technology",
                    "telecommunications",
                    "transportation",
                    "utilities");
}
