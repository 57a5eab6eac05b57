extension SQLValue {
    /// A PostgreSQL text array (`{"a","b"}`) bound as text, for ``PostgresList/texts``: a whole list in one
    /// placeholder, so a batch of look-ups is one statement and one round trip. PostgreSQL only.
    public static func postgresTextArray(_ values: [String]) -> SQLValue {
        let elements = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return .text("{" + elements.joined(separator: ",") + "}")
    }
}

/// The SQL that tests a column against a list bound as one array parameter (``SQLValue/postgresTextArray(_:)``):
/// `column \(PostgresList.texts)`.
///
/// Written as a semi-join on `unnest`, never as `= ANY(array)`: a parameter's array is unknown when the statement is
/// planned, and `= ANY` over a scan compares every row with every element in turn (a purge batch's 5,000 against
/// 30,000 audit rows took 17.8 s, the semi-join 8 ms), while the semi-join hashes the list or walks the index.
public enum PostgresList {
    /// Membership in a `text[]` parameter.
    public static let texts = "IN (SELECT unnest(CAST(? AS text[])))"
    /// Membership in a `bigint[]` parameter (the elements written as decimal text).
    public static let integers = "IN (SELECT unnest(CAST(? AS bigint[])))"
}
