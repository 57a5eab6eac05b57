import PostgresNIO

/// Maps postgres-nio's errors to ``StorageError``: the SQLSTATE and the kind of failure, never the statement's
/// bound values or the server's message (which may quote them).
enum PostgresErrors {
    static func storageError(_ error: any Error) -> StorageError {
        if let error = error as? StorageError { return error }
        guard let error = error as? PSQLError else {
            return StorageError(.unavailable, "PostgreSQL: \(type(of: error))")
        }
        if error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? "?"
            switch state {
            case "23505", "40001", "40P01":
                return StorageError(.conflict, "PostgreSQL: concurrent writers collided", state: state)
            case "28P01", "28000", "3D000":
                return StorageError(.unavailable, "PostgreSQL refused the login or the database", state: state)
            default:
                return StorageError(.statementFailed, "PostgreSQL statement failed", state: state)
            }
        }
        return StorageError(.unavailable, "PostgreSQL connection: \(error.code)")
    }
}
