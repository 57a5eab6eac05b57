extension SQLValue {
    /// A PostgreSQL text array (`{"a","b"}`) bound as text, for `= ANY(CAST(? AS text[]))`: a whole list in one
    /// placeholder, so a batch of look-ups is one statement and one round trip. PostgreSQL only.
    public static func postgresTextArray(_ values: [String]) -> SQLValue {
        let elements = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return .text("{" + elements.joined(separator: ",") + "}")
    }
}
