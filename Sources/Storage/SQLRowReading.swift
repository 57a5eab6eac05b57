/// Column access to one row of a query's result, by position or by name.
///
/// A collected ``SQLRow`` provides it, and so does the live row a cursor hands to
/// ``SQLExecutor/forEachRow(_:_:_:)``, which reads each value from the statement when asked and is valid only
/// inside that call. Decoders written against this protocol read either without the row being copied first.
public protocol SQLRowReading {
    /// The stored value at `index`, in select order.
    func value(at index: Int) -> SQLValue

    /// The stored value of a column; `.null` for a column the query did not select.
    func value(_ column: String) -> SQLValue
}

extension SQLRowReading {
    /// The value of a column as `T`: `let id: Int64 = row["id"]`.
    ///
    /// A column whose stored type does not convert to `T` (a schema mistake, never bad input) stops the program,
    /// naming the column only.
    @inlinable
    public subscript<T: SQLValueConvertible>(_ column: String) -> T {
        guard let value = T(sqlValue: value(column)) else {
            preconditionFailure("column \(column) does not hold a \(T.self)")
        }
        return value
    }

    /// The value of the column at `index` (select order) as `T`: no name look-up, for queries read often.
    ///
    /// A column whose stored type does not convert to `T` stops the program, naming the position only.
    @inlinable
    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        guard let value = T(sqlValue: value(at: index)) else {
            preconditionFailure("column \(index) does not hold a \(T.self)")
        }
        return value
    }
}
