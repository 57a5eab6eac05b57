/// One row a query returned: its column names (shared by every row of the result) and its values.
///
/// Read columns by name with the subscript, as the type they were stored as: `let id: Int64 = row["id"]`, or by
/// position (`row[0]`) where a query names its columns and is read often: no name look-up per value.
public struct SQLRow: Sendable {
    /// The column names, in select order.
    public let columns: [String]
    /// The values, in select order.
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The stored value of a column; `.null` for a column the query did not select.
    public func value(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// The value of a column as `T`.
    ///
    /// A column whose stored type does not convert to `T` (a schema mistake, never bad input) stops the program,
    /// naming the column only.
    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        guard let value = T(sqlValue: value(column)) else {
            preconditionFailure("column \(column) does not hold a \(T.self)")
        }
        return value
    }

    /// The value of the column at `index` (select order) as `T`.
    ///
    /// A column whose stored type does not convert to `T` stops the program, naming the position only.
    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        guard let value = T(sqlValue: values[index]) else {
            preconditionFailure("column \(index) does not hold a \(T.self)")
        }
        return value
    }
}
