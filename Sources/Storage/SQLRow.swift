/// One row a query returned, collected: its column names (shared by every row of the result) and its values.
///
/// Read columns through ``SQLRowReading``: by name, `let id: Int64 = row["id"]`, or by position (`row[0]`) where a
/// query names its columns and is read often.
public struct SQLRow: SQLRowReading, Sendable {
    /// The column names, in select order.
    public let columns: [String]
    /// The values, in select order.
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public func value(at index: Int) -> SQLValue {
        values[index]
    }

    public func value(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }
}
