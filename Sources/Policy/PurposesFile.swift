/// The parsed `purposes.yaml`, with the nodes that cross-file checks point at.
struct PurposesFile {
    /// Nodes of one purpose, kept for error locations.
    struct Nodes {
        let entry: YAMLValue
        let legalBasis: YAMLValue
        let fields: [(name: String, value: YAMLValue)]
        let retention: [(name: String, value: YAMLValue)]
        let withdrawal: YAMLValue?
    }

    var dataSubjects: [DataSubjectCategory] = []
    /// Each category's `requires` entries, for errors about unknown fields.
    var dataSubjectNodes: [String: [(name: String, value: YAMLValue)]] = [:]
    var recipients: [Recipient] = []
    /// Each recipient's entry, for errors about it found in other files.
    var recipientNodes: [String: YAMLValue] = [:]
    var purposes: [Purpose] = []
    var nodes: [String: Nodes] = [:]

    static func parse(_ root: YAMLValue) throws(PolicyError) -> PurposesFile {
        let top = try root.mapping(allowedKeys: ["version", "data_subjects", "recipients", "purposes"])
        try top.checkVersion()
        var file = PurposesFile()

        for (name, value) in try top.required("data_subjects").entries() {
            try checkIdentifier(name, at: value)
            let map = try value.mapping(allowedKeys: ["label", "requires"])
            let requires = try map.optional("requires")?.nameList() ?? []
            file.dataSubjects.append(DataSubjectCategory(name: name, label: try map.required("label").localized(),
                                                         requires: requires.map(\.name)))
            file.dataSubjectNodes[name] = requires
        }

        if let recipients = top.optional("recipients") {
            for (name, value) in try recipients.entries() {
                try checkIdentifier(name, at: value)
                file.recipients.append(try parseRecipient(name, value))
                file.recipientNodes[name] = value
            }
        }

        let purposesValue = try top.required("purposes")
        let entries = try purposesValue.entries()
        guard !entries.isEmpty else {
            throw purposesValue.error(.missingKey, "declare at least one purpose")
        }
        for (name, value) in entries {
            try checkIdentifier(name, at: value)
            try file.parsePurpose(name, value)
        }
        return file
    }

    private static func parseRecipient(_ name: String, _ value: YAMLValue) throws(PolicyError) -> Recipient {
        let map = try value.mapping(allowedKeys: [
            "connector", "label", "country", "cross_border", "transfer_basis", "eu_safeguard", "operator_note",
        ])
        let countryValue = try map.required("country")
        let country = try countryValue.string()
        guard country.count == 2, country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw countryValue.error(.invalidValue, "use a two-letter ISO 3166 country code such as RU or US")
        }
        let crossBorderValue = try map.required("cross_border")
        let crossBorder = try crossBorderValue.bool()
        let transferBasis = try map.optional("transfer_basis")?.localized()
        if crossBorder, transferBasis == nil {
            throw crossBorderValue.error(
                .missingKey,
                "a cross-border recipient needs `transfer_basis` {ru, en}: the Roskomnadzor notification and "
                    + "safeguards (152-FZ art. 12)")
        }
        var recipient = Recipient(
            name: name, connector: try map.required("connector").connectorKind(),
            label: try map.required("label").localized(), country: country, crossBorder: crossBorder,
            transferBasis: transferBasis)
        recipient.euSafeguard = try map.optional("eu_safeguard")?.localized()
        recipient.operatorNote = try map.optional("operator_note")?.localized()
        return recipient
    }

    private mutating func parsePurpose(_ name: String, _ value: YAMLValue) throws(PolicyError) {
        let map = try value.mapping(allowedKeys: [
            "description", "legal_basis", "direct_marketing", "data_subjects", "fields", "retention",
            "on_withdrawal", "recipients", "legacy_consent_sufficient", "notice",
        ])
        let basisValue = try map.required("legal_basis")
        let basis = try basisValue.oneOf(LegalBasis.self)

        let directValue = map.optional("direct_marketing")
        let directMarketing = try directValue?.bool() ?? false
        if let directValue, directMarketing, basis != .consent {
            throw directValue.error(
                .invalidValue,
                "advertising by phone, SMS, e-mail or messenger needs the person's prior consent (38-FZ art. 18); "
                    + "set `legal_basis: consent`")
        }

        var subjects: [String] = []
        for (subject, item) in try map.required("data_subjects").nameList() {
            guard dataSubjects.contains(where: { $0.name == subject }) else {
                throw item.error(
                    .unknownReference,
                    "unknown data subject category '\(subject)'; declare it under data_subjects "
                        + "(known: \(dataSubjects.map(\.name).joined(separator: ", ")))")
            }
            subjects.append(subject)
        }

        var recipientNames: [String] = []
        if let recipientsValue = map.optional("recipients") {
            for (recipient, item) in try recipientsValue.nameList() {
                guard recipients.contains(where: { $0.name == recipient }) else {
                    throw item.error(
                        .unknownReference,
                        "unknown recipient '\(recipient)'; declare it under recipients "
                            + "(known: \(recipients.map(\.name).joined(separator: ", ")))")
                }
                recipientNames.append(recipient)
            }
        }

        let fieldsValue = try map.required("fields")
        let fieldRefs = try fieldsValue.nameList()
        guard !fieldRefs.isEmpty else {
            throw fieldsValue.error(.invalidValue, "a purpose must use at least one field")
        }
        let retentionRefs = try map.required("retention").nameList()

        let withdrawalValue = map.optional("on_withdrawal")
        let legacyValue = map.optional("legacy_consent_sufficient")
        var notice: ConsentNotice?
        if basis == .consent {
            guard withdrawalValue != nil else {
                throw basisValue.error(
                    .missingKey,
                    "a consent purpose needs `on_withdrawal: <retention rule>` (what happens to the data after a "
                        + "withdrawal, 152-FZ art. 21 p. 5)")
            }
            let noticeValue = try map.required("notice")
            let noticeMap = try noticeValue.mapping(allowedKeys: ["id", "version"])
            notice = ConsentNotice(
                id: try noticeMap.required("id").string(), version: try noticeMap.required("version").string())
        } else {
            for (key, present) in [("on_withdrawal", withdrawalValue), ("notice", map.optional("notice"))] {
                if let present {
                    throw present.error(.invalidValue, "`\(key)` applies to consent purposes only; remove it")
                }
            }
            if let legacyValue, try legacyValue.bool() {
                throw legacyValue.error(
                    .invalidValue, "`legacy_consent_sufficient` applies to consent purposes only; remove it")
            }
        }

        purposes.append(
            Purpose(
                name: name, description: try map.required("description").localized(), legalBasis: basis,
                directMarketing: directMarketing, dataSubjects: subjects, fields: fieldRefs.map(\.name),
                retentionRules: retentionRefs.map(\.name), withdrawalRule: try withdrawalValue?.string(),
                recipients: recipientNames, legacyConsentSufficient: try legacyValue?.bool() ?? false,
                notice: notice))
        nodes[name] = Nodes(
            entry: value, legalBasis: basisValue, fields: fieldRefs, retention: retentionRefs,
            withdrawal: withdrawalValue)
    }
}
