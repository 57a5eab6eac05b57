extension PolicySet {
    /// Parses and validates policies given as texts, keyed by their path in a policy folder (`fields.yaml`,
    /// `purposes.yaml`, `roles.yaml`, `retention.yaml`, `jurisdictions.yaml`, `calendars/ru-2026.yaml`, …).
    ///
    /// The same checks as ``load(from:)``, without the file system: for tools that hold the texts already, and for
    /// the policy fuzzer.
    /// - Throws: ``PolicyError`` for the first problem found, with its file, line and key path.
    public static func load(texts: [String: String]) throws(PolicyError) -> PolicySet {
        try PolicyLoader(texts: texts).load()
    }
}
