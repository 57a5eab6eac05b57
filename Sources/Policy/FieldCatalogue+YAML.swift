extension FieldCatalogue {
    /// Reads `fields.yaml`. Consent columns are checked against purposes later, by ``PolicySet``.
    static func parse(_ root: YAMLValue) throws(PolicyError) -> (FieldCatalogue, [String: YAMLValue]) {
        let top = try root.mapping(allowedKeys: ["version", "fields", "consent_columns"])
        try top.checkVersion()
        var fields: [FieldDefinition] = []
        var fieldNodes: [String: YAMLValue] = [:]
        var headerOwners: [String: String] = [:]

        func claim(_ header: String, by owner: String, at value: YAMLValue) throws(PolicyError) {
            let key = normalizedHeader(header)
            if let previous = headerOwners[key], previous != owner {
                throw value.error(
                    .duplicateName,
                    "header '\(header)' already maps to \(previous); a header may map to one column only")
            }
            headerOwners[key] = owner
        }

        let fieldsValue = try top.required("fields")
        let entries = try fieldsValue.entries()
        guard !entries.isEmpty else {
            throw fieldsValue.error(.missingKey, "declare at least one field")
        }
        for (name, value) in entries {
            try checkIdentifier(name, at: value)
            let map = try value.mapping(allowedKeys: [
                "category", "normalizer", "searchable", "max_length", "label", "headers", "role",
            ])
            let role = try map.optional("role")?.oneOf(FieldRole.self)
            if let role, let other = fields.first(where: { $0.role == role }) {
                throw try map.required("role").error(
                    .invalidValue, "role \(role.rawValue) is already \(other.name)'s; one field plays each role")
            }
            let label = try map.required("label").localized()
            var headers: [String] = []
            try claim(name, by: "field \(name)", at: value)
            if let headersValue = map.optional("headers") {
                for (header, item) in try headersValue.nameList() {
                    try claim(header, by: "field \(name)", at: item)
                    headers.append(header)
                }
            }
            fields.append(
                FieldDefinition(
                    name: name,
                    category: try map.required("category").oneOf(FieldCategory.self),
                    normalizer: try map.required("normalizer").oneOf(NormalizerKind.self),
                    searchable: try map.optional("searchable")?.bool() ?? false,
                    maxLength: try map.required("max_length").int(in: 1...1_000_000),
                    headers: headers,
                    labelRU: label.ru,
                    labelEN: label.en,
                    role: role))
            fieldNodes[name] = value
        }

        var columns: [String: String] = [:]
        if let columnsValue = top.optional("consent_columns") {
            for (purpose, value) in try columnsValue.entries() {
                for (header, item) in try value.nameList() {
                    try claim(header, by: "consent column of \(purpose)", at: item)
                    columns[normalizedHeader(header)] = purpose
                }
                fieldNodes["consent_columns.\(purpose)"] = value
            }
        }
        return (FieldCatalogue(fields: fields, consentColumns: columns), fieldNodes)
    }
}

/// Checks that a name chosen by the policy author is a snake_case identifier.
func checkIdentifier(_ name: String, at value: YAMLValue) throws(PolicyError) {
    let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    guard allowed, let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
        throw value.error(.invalidValue, "'\(name)' is not a valid name; use lowercase letters, digits and _")
    }
}
