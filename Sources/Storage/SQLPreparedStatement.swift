/// A statement prepared once and run many times inside one transaction, such as the insert of a bulk import.
///
/// Made by ``SQLExecutor/prepare(_:)``; valid only during the transaction closure of that executor.
public protocol SQLPreparedStatement {
    /// Runs the statement with `arguments` and returns how many rows it changed.
    @discardableResult
    func execute(_ arguments: [SQLValue]) throws -> Int

    /// Runs an `INSERT` into a table whose `id` column is generated, with `arguments`, and returns the new row's id.
    func insert(_ arguments: [SQLValue]) throws -> Int64
}
