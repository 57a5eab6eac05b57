/// Parses the policy texts and runs the checks that span files.
struct PolicyLoader {
    let texts: [String: String]

    func load() throws(PolicyError) -> PolicySet {
        let (fields, fieldNodes) = try FieldCatalogue.parse(root("fields.yaml"))
        let purposes = try PurposesFile.parse(root("purposes.yaml"))
        let roles = try RolesFile.parse(root("roles.yaml"))
        let retention = try RetentionFile.parse(root("retention.yaml"))
        let jurisdictions = try JurisdictionsFile.parse(root("jurisdictions.yaml"))
        let calendars = try loadCalendars()

        try checkPurposes(purposes, fields: fields, retention: retention.policy)
        try checkFieldsHavePurposes(fields, fieldNodes, purposes: purposes)
        try checkConsentColumns(fields, fieldNodes, purposes: purposes)
        try checkRoles(roles, fields: fields)
        let resolved = try resolveJurisdictions(jurisdictions, calendars: calendars)
        try checkWithdrawalWindow(retention, jurisdictions: jurisdictions)

        var policies = PolicySet(
            fields: fields, dataSubjects: purposes.dataSubjects, recipients: purposes.recipients,
            purposes: purposes.purposes, roles: roles.roles, retention: retention.policy, jurisdictions: resolved,
            calendars: calendars)
        policies.accounts = roles.accounts
        if texts["operator.yaml"] != nil {
            let operatorFile = try OperatorFile.parse(root("operator.yaml"))
            try checkOperator(operatorFile, recipients: purposes.recipients, recipientNodes: purposes.recipientNodes,
                              jurisdictions: jurisdictions)
            policies.operatorProfile = operatorFile.profile
        }
        return policies
    }

    private func root(_ name: String) throws(PolicyError) -> YAMLValue {
        guard let text = texts[name] else {
            throw PolicyError(.fileNotFound, file: name, message: "the policy folder has no \(name); create it")
        }
        return try YAMLValue.parse(text, file: name)
    }

    private func loadCalendars() throws(PolicyError) -> [ProductionCalendar] {
        var years: [String: [CalendarYear]] = [:]
        var order: [String] = []
        for name in texts.keys.sorted() where name.hasPrefix("calendars/") {
            let (identifier, year) = try CalendarFile.parse(
                root(name), fileName: String(name.dropFirst("calendars/".count)))
            if years[identifier] == nil {
                order.append(identifier)
            }
            years[identifier, default: []].append(year)
        }
        return order.map { ProductionCalendar(identifier: $0, years: years[$0] ?? []) }
    }

    // MARK: Cross-file checks

    private func checkPurposes(
        _ file: PurposesFile, fields: FieldCatalogue, retention: RetentionPolicy
    ) throws(PolicyError) {
        for (category, entries) in file.dataSubjectNodes {
            for (name, value) in entries where fields.field(named: name) == nil {
                throw value.error(
                    .unknownReference,
                    "data subject category \(category) requires unknown field '\(name)'; use a field declared in "
                        + "fields.yaml")
            }
        }
        for purpose in file.purposes {
            guard let nodes = file.nodes[purpose.name] else { continue }
            for (name, value) in nodes.fields {
                guard let field = fields.field(named: name) else {
                    throw value.error(
                        .unknownReference,
                        "unknown field '\(name)'; use a field declared in fields.yaml "
                            + "(\(fields.fields.map(\.name).joined(separator: ", ")))")
                }
                if field.category == .special, purpose.legalBasis != .consent {
                    throw value.error(
                        .invalidValue,
                        "\(name) is a special category; only a purpose with written consent may use it "
                            + "(152-FZ art. 10)")
                }
            }
            for (name, value) in nodes.retention where retention.rule(named: name) == nil {
                throw value.error(
                    .unknownReference,
                    "unknown retention rule '\(name)'; use a rule declared in retention.yaml "
                        + "(\(retention.rules.map(\.name).joined(separator: ", ")))")
            }
            if let withdrawal = nodes.withdrawal {
                let name = try withdrawal.string()
                guard let rule = retention.rule(named: name) else {
                    throw withdrawal.error(
                        .unknownReference, "unknown retention rule '\(name)'; use a rule declared in retention.yaml")
                }
                guard rule.anchor == .consentWithdrawn else {
                    throw withdrawal.error(
                        .invalidValue, "rule \(name) is not counted from consent_withdrawn; name a withdrawal rule")
                }
            }
        }
    }

    private func checkFieldsHavePurposes(
        _ fields: FieldCatalogue, _ nodes: [String: YAMLValue], purposes: PurposesFile
    ) throws(PolicyError) {
        for field in fields.fields where !purposes.purposes.contains(where: { $0.fields.contains(field.name) }) {
            let node = nodes[field.name]
            throw PolicyError(
                .invalidValue, file: "fields.yaml", line: node?.line, keyPath: node?.path ?? "fields.\(field.name)",
                message: "no purpose in purposes.yaml uses \(field.name); data without a purpose must not be held: "
                    + "add it to a purpose's fields or remove it")
        }
    }

    private func checkConsentColumns(
        _ fields: FieldCatalogue, _ nodes: [String: YAMLValue], purposes: PurposesFile
    ) throws(PolicyError) {
        for purposeName in Set(fields.consentColumns.values).sorted() {
            let node = nodes["consent_columns.\(purposeName)"]
            let location = (line: node?.line, path: node?.path ?? "consent_columns.\(purposeName)")
            guard let purpose = purposes.purposes.first(where: { $0.name == purposeName }) else {
                throw PolicyError(
                    .unknownReference, file: "fields.yaml", line: location.line, keyPath: location.path,
                    message: "unknown purpose '\(purposeName)'; consent columns must name a purpose in purposes.yaml")
            }
            guard purpose.legalBasis == .consent else {
                throw PolicyError(
                    .invalidValue, file: "fields.yaml", line: location.line, keyPath: location.path,
                    message: "\(purposeName) does not rest on consent, so a consent column cannot feed it")
            }
        }
    }

    private func checkRoles(_ file: RolesFile, fields: FieldCatalogue) throws(PolicyError) {
        for (_, field, value) in file.fieldNodes where fields.field(named: field) == nil {
            throw PolicyError(
                .unknownReference, file: value.file, line: value.line, keyPath: value.path,
                message: "unknown field '\(field)'; per-field access must name a field declared in fields.yaml")
        }
    }

    private func resolveJurisdictions(
        _ file: JurisdictionsFile, calendars: [ProductionCalendar]
    ) throws(PolicyError) -> [Jurisdiction] {
        var result: [Jurisdiction] = []
        for entry in file.entries {
            var calendar: ProductionCalendar?
            if let name = entry.calendar {
                calendar = calendars.first { $0.identifier == name }
                if calendar == nil, let node = entry.calendarNode {
                    throw node.error(
                        .unknownReference, "no production calendar '\(name)'; add calendars/\(name)-<year>.yaml files")
                }
            }
            result.append(
                Jurisdiction(
                    code: entry.code, name: entry.name, timeZone: entry.timeZone, calendar: calendar,
                    rules: entry.rules))
        }
        return result
    }

    /// 152-FZ art. 21 p. 5: every copy, backups included, is unreadable within the withdrawal deadline.
    private func checkWithdrawalWindow(_ file: RetentionFile, jurisdictions: JurisdictionsFile) throws(PolicyError) {
        let backups = file.policy.backups
        var limit = file.policy.rule(named: backups.withdrawalRule)?.duration.fixedDays ?? 0
        var limitSource = "retention rule \(backups.withdrawalRule)"
        for entry in jurisdictions.entries {
            if let days = entry.rules[.withdrawal]?.period.maximumDays, days < limit {
                limit = days
                limitSource = "the \(entry.code) withdrawal deadline in jurisdictions.yaml"
            }
        }
        let total = backups.daysUntilUnreadable
        guard total <= limit else {
            throw file.backupsNode.error(
                .withdrawalWindowExceeded,
                "erasure_execution_window (\(backups.erasureExecutionWindow)) + key_backup_retention "
                    + "(\(backups.keyBackupRetention)) = \(total) days, more than the \(limit) days allowed by "
                    + "\(limitSource); erased data would stay readable in key backups. Shorten one of them")
        }
    }
}
