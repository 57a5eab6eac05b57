/// The parsed `roles.yaml`, with the nodes of per-field exceptions for the cross-file check.
struct RolesFile {
    var roles: [Role] = []
    /// The `accounts:` section, when present.
    var accounts: [OperatorAccount]?
    var fieldNodes: [(role: String, field: String, value: YAMLValue)] = []

    static func parse(_ root: YAMLValue) throws(PolicyError) -> RolesFile {
        let top = try root.mapping(allowedKeys: ["version", "roles", "accounts"])
        try top.checkVersion()
        var file = RolesFile()
        let rolesValue = try top.required("roles")
        for (name, value) in try rolesValue.entries() {
            try checkIdentifier(name, at: value)
            let map = try value.mapping(allowedKeys: [
                "description", "access", "fields", "write", "actions", "aggregates", "tokens", "export_limit",
            ])
            var access: [FieldCategory: AccessLevel] = [:]
            for (category, levelValue) in try map.required("access").entries() {
                guard let key = FieldCategory(rawValue: category) else {
                    throw levelValue.error(
                        .unknownKey,
                        YAMLValue.unknownKeyMessage(category, allowed: FieldCategory.allCases.map(\.rawValue)))
                }
                access[key] = try levelValue.oneOf(AccessLevel.self)
            }
            var fieldAccess: [String: AccessLevel] = [:]
            if let fieldsValue = map.optional("fields") {
                for (field, levelValue) in try fieldsValue.entries() {
                    fieldAccess[field] = try levelValue.oneOf(AccessLevel.self)
                    file.fieldNodes.append((name, field, levelValue))
                }
            }
            var writable: Set<FieldCategory> = []
            if let writeValue = map.optional("write") {
                for item in try writeValue.sequence() {
                    let category = try item.oneOf(FieldCategory.self)
                    guard access[category] == .read else {
                        throw item.error(
                            .invalidValue,
                            "role \(name) may write \(category.rawValue) only if it reads it: "
                                + "set `access.\(category.rawValue): read` or remove it from write")
                    }
                    writable.insert(category)
                }
            }
            var actions: Set<RoleAction> = []
            for item in try map.required("actions").sequence() {
                actions.insert(try item.oneOf(RoleAction.self))
            }
            var exportLimit: Int?
            if let limitValue = map.optional("export_limit") {
                guard actions.contains(.export) else {
                    throw limitValue.error(.invalidValue, "role \(name) has an export_limit but not the export action: "
                                               + "add export to its actions or remove export_limit")
                }
                exportLimit = try limitValue.int(in: 0...10_000_000)
            }
            file.roles.append(
                Role(
                    name: name, description: try map.required("description").localized(), categoryAccess: access,
                    fieldAccess: fieldAccess, writableCategories: writable, actions: actions,
                    aggregates: try map.optional("aggregates")?.bool() ?? false,
                    tokens: try map.optional("tokens")?.bool() ?? true, exportLimit: exportLimit))
        }
        if let accountsValue = top.optional("accounts") {
            file.accounts = try parseAccounts(accountsValue, roles: Set(file.roles.map(\.name)))
        }
        return file
    }

    /// `accounts:`: operating-system user → `{role, name, position}`; the role must be one of the file's.
    private static func parseAccounts(_ value: YAMLValue, roles: Set<String>) throws(PolicyError)
        -> [OperatorAccount]
    {
        var accounts: [OperatorAccount] = []
        for (account, entry) in try value.entries() {
            let allowed = account.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-".unicodeScalars.contains($0)
            }
            guard allowed, !account.isEmpty else {
                throw entry.error(.invalidValue, "'\(account)' is not an operating-system account name")
            }
            let map = try entry.mapping(allowedKeys: ["role", "name", "position"])
            let roleValue = try map.required("role")
            let role = try roleValue.string()
            guard roles.contains(role) else {
                throw roleValue.error(.unknownReference, "account \(account) names role \(role), which roles.yaml "
                                          + "does not define (known: \(roles.sorted().joined(separator: ", ")))")
            }
            accounts.append(OperatorAccount(account: account, role: role, name: try map.optional("name")?.string(),
                                            position: try map.optional("position")?.string()))
        }
        return accounts
    }
}
