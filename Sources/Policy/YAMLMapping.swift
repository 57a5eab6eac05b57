/// A mapping whose keys were checked against the schema; gives required and optional children.
struct YAMLMapping {
    let owner: YAMLValue
    let children: [String: YAMLValue]

    /// The child under `key`, or a `missingKey` error pointing at the mapping.
    func required(_ key: String) throws(PolicyError) -> YAMLValue {
        guard let value = children[key] else {
            let parent = owner.path.isEmpty ? "the top level of the file" : owner.path
            throw PolicyError(
                .missingKey, file: owner.file, line: owner.line,
                keyPath: owner.path.isEmpty ? key : "\(owner.path).\(key)",
                message: "missing required key '\(key)'; add it under \(parent)")
        }
        return value
    }

    /// The child under `key`, if present.
    func optional(_ key: String) -> YAMLValue? {
        children[key]
    }

    /// Checks the file's `version` key.
    func checkVersion() throws(PolicyError) {
        let value = try required("version")
        guard try value.string() == "1" else {
            throw value.error(.unsupportedVersion, "this build reads version 1 of the policy files; set `version: 1`")
        }
    }
}
