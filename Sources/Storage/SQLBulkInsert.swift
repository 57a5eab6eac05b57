/// An `INSERT` of many rows into one table inside one transaction, such as the subjects, index rows and consent
/// events of an import.
///
/// Made by ``SQLExecutor/prepareInsert(into:columns:)``; valid only during the transaction closure of that
/// executor. SQLite writes each row at once. PostgreSQL queues the rows and sends them as one multi-row statement
/// when enough have queued, before any other statement of the transaction runs (so every read sees them) and
/// before commit; queued rows of several inserts are sent in the order the inserts were prepared, so prepare the
/// insert of a referenced table before the inserts that refer to it. An error of a queued row (a unique
/// violation, say) surfaces at the call that sends it and fails the transaction as any error does.
public protocol SQLBulkInsert {
    /// Adds one row, its values in the order of the insert's columns.
    func add(_ values: [SQLValue]) throws

    /// Adds one row to a table whose `id` column is generated and returns the id the row gets.
    func addReturningID(_ values: [SQLValue]) throws -> Int64
}
