import Foundation
import GRDB
import GRDBSQLite

/// Binds ``SQLValue`` arguments straight to an SQLite statement.
///
/// GRDB's `StatementArguments` initialisers are generic and not inlinable, so building one from outside GRDB for
/// every statement of a scan or an import looked up generic metadata (and instantiated a key path) each time: a
/// measurable share of a bulk import. Binding through SQLite's C API costs nothing of the kind.
enum SQLiteBindings {
    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Resets `statement`, clears its bindings and binds `arguments` to its `?` placeholders in order.
    ///
    /// - Throws: ``StorageError`` `statementFailed` when the count differs from the statement's placeholders or
    ///   SQLite refuses a value (the message names positions only, never values).
    static func bind(_ arguments: [SQLValue], to statement: Statement) throws {
        let handle = statement.sqliteStatement
        // A reset reports the last step's failure (a constraint the caller caught, say) once; take it here, so the
        // reset inside GRDB's setUncheckedArguments, which would trap on it, finds the statement clean.
        _ = sqlite3_reset(handle)
        // Clears the bindings and marks them valid for GRDB's execution and cursors.
        statement.setUncheckedArguments(StatementArguments())
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw StorageError(.statementFailed, "statement expects \(expected) arguments, got \(arguments.count)")
        }
        for (offset, value) in arguments.enumerated() {
            let code = bind(value, at: CInt(offset + 1), to: handle)
            guard code == SQLITE_OK else {
                throw StorageError(.statementFailed, "cannot bind argument \(offset + 1)", state: "\(code)")
            }
        }
    }

    private static func bind(_ value: SQLValue, at index: CInt, to handle: OpaquePointer) -> CInt {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(let text):
            guard !text.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, transient) }
            var text = text
            return text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(handle, index, chars.baseAddress, CInt(chars.count), transient)
                }
            }
        case .blob(let data):
            guard !data.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return data.withUnsafeBytes { bytes in
                sqlite3_bind_blob(handle, index, bytes.baseAddress, CInt(bytes.count), transient)
            }
        }
    }
}
