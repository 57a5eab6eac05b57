import Foundation

/// Reads `jurisdictions.yaml`; calendars are attached by ``PolicySet``.
struct JurisdictionsFile {
    struct Entry {
        let code: String
        let name: LocalizedText
        let timeZone: TimeZone
        let calendar: String?
        let rules: [RequestKind: DeadlineRule]
        let node: YAMLValue
        let calendarNode: YAMLValue?
        let withdrawalNode: YAMLValue
    }

    var entries: [Entry] = []

    static func parse(_ root: YAMLValue) throws(PolicyError) -> JurisdictionsFile {
        let top = try root.mapping(allowedKeys: ["version", "jurisdictions"])
        try top.checkVersion()
        var file = JurisdictionsFile()
        for (code, value) in try top.required("jurisdictions").entries() {
            guard code.count >= 2, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw value.error(.invalidValue, "'\(code)' is not a jurisdiction code; use capitals such as RU or EU")
            }
            let map = try value.mapping(allowedKeys: ["name", "time_zone", "calendar", "deadlines"])
            let zoneValue = try map.required("time_zone")
            guard let zone = TimeZone(identifier: try zoneValue.string()) else {
                throw zoneValue.error(.invalidValue, "unknown time zone; use an IANA name such as Europe/Moscow")
            }
            let calendarNode = map.optional("calendar")
            let deadlinesValue = try map.required("deadlines")
            let deadlines = try deadlinesValue.mapping(allowedKeys: RequestKind.allCases.map(\.rawValue))
            var rules: [RequestKind: DeadlineRule] = [:]
            for kind in RequestKind.allCases {
                let ruleValue = try deadlines.required(kind.rawValue)
                rules[kind] = try parseRule(kind, ruleValue)
                if case .workingDays = rules[kind]?.period, calendarNode == nil {
                    throw ruleValue.error(
                        .missingKey, "working-day deadlines need a production calendar; set `calendar` for \(code)")
                }
            }
            file.entries.append(
                Entry(
                    code: code, name: try map.required("name").localized(), timeZone: zone,
                    calendar: try calendarNode?.string(), rules: rules, node: value, calendarNode: calendarNode,
                    withdrawalNode: try deadlines.required(RequestKind.withdrawal.rawValue)))
        }
        return file
    }

    private static func parseRule(_ kind: RequestKind, _ value: YAMLValue) throws(PolicyError) -> DeadlineRule {
        let map = try value.mapping(allowedKeys: ["within", "extension", "basis", "note"])
        func period(_ value: YAMLValue) throws(PolicyError) -> DeadlinePeriod {
            guard let period = DeadlinePeriod(parsing: try value.string()) else {
                throw value.error(
                    .invalidDuration,
                    "cannot read the period; write 'immediately' or a number and hours, days, working_days or "
                        + "months, such as '10 working_days' or '1 month'")
            }
            return period
        }
        let within = try period(map.required("within"))
        var extensionPeriod: DeadlinePeriod?
        if let extensionValue = map.optional("extension") {
            let parsed = try period(extensionValue)
            guard within.adding(parsed) != nil, parsed != .immediately else {
                throw extensionValue.error(.invalidDuration, "give the extension in the same unit as `within`")
            }
            extensionPeriod = parsed
        }
        return DeadlineRule(
            kind: kind, period: within, extensionPeriod: extensionPeriod, basis: try map.required("basis").string(),
            note: try map.optional("note")?.string())
    }
}
