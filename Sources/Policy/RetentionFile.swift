/// The parsed `retention.yaml`, with the nodes the withdrawal check points at.
struct RetentionFile {
    var policy: RetentionPolicy
    var backupsNode: YAMLValue

    static func parse(_ root: YAMLValue) throws(PolicyError) -> RetentionFile {
        let top = try root.mapping(allowedKeys: ["version", "rules", "backups", "legacy_consent_life"])
        try top.checkVersion()
        var rules: [RetentionRule] = []
        for (name, value) in try top.required("rules").entries() {
            try checkIdentifier(name, at: value)
            let map = try value.mapping(allowedKeys: ["description", "duration", "anchor", "applies_to", "legal_hold"])
            rules.append(
                RetentionRule(
                    name: name, description: try map.required("description").localized(),
                    duration: try duration(map.required("duration")),
                    anchor: try map.required("anchor").oneOf(RetentionAnchor.self),
                    appliesTo: try map.optional("applies_to")?.oneOf(SubjectScope.self) ?? .all,
                    legalHold: try map.optional("legal_hold")?.localized()))
        }

        let backupsNode = try top.required("backups")
        let backups = try backupsNode.mapping(allowedKeys: [
            "key_backup_retention", "erasure_execution_window", "withdrawal_rule",
        ])
        let keyBackup = try fixedDuration(backups.required("key_backup_retention"))
        let window = try fixedDuration(backups.required("erasure_execution_window"))
        let ruleValue = try backups.required("withdrawal_rule")
        let ruleName = try ruleValue.string()
        guard let rule = rules.first(where: { $0.name == ruleName }) else {
            throw ruleValue.error(
                .unknownReference,
                "unknown retention rule '\(ruleName)'; name a rule under rules (known: "
                    + "\(rules.map(\.name).joined(separator: ", ")))")
        }
        guard rule.anchor == .consentWithdrawn, rule.duration.fixedDays != nil else {
            throw ruleValue.error(
                .invalidValue,
                "the withdrawal rule must be counted from consent_withdrawn in days, such as `duration: 30d`")
        }
        let legacyLife = try top.optional("legacy_consent_life").map { value throws(PolicyError) in
            try duration(value)
        } ?? RetentionPolicy.defaultLegacyConsentLife
        return RetentionFile(
            policy: RetentionPolicy(
                rules: rules,
                backups: BackupPolicy(
                    keyBackupRetention: keyBackup, erasureExecutionWindow: window, withdrawalRule: ruleName),
                legacyConsentLife: legacyLife),
            backupsNode: backupsNode)
    }

    static func duration(_ value: YAMLValue) throws(PolicyError) -> RetentionDuration {
        guard let duration = RetentionDuration(parsing: try value.string()) else {
            throw value.error(
                .invalidDuration,
                "cannot read the duration; write a number and a unit d, w, m or y, such as 30d, 3y or "
                    + "'5y after end_of_year'")
        }
        return duration
    }

    static func fixedDuration(_ value: YAMLValue) throws(PolicyError) -> RetentionDuration {
        let result = try duration(value)
        guard result.fixedDays != nil else {
            throw value.error(
                .invalidDuration, "give this duration in days or weeks (such as 14d), so it can be summed")
        }
        return result
    }
}
