public import Foundation

/// Where a store keeps its tables: an SQLite file (the embedded default) or a PostgreSQL database.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(URL)
    case postgres(PostgresLocation)

    /// Parses `postgres://…` as PostgreSQL and anything else as the path of an SQLite file.
    ///
    /// - Throws: ``StorageError`` `invalidLocation` for a malformed `postgres://` URL.
    public init(parsing text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(parsing: text))
        } else {
            self = .sqlite(URL(fileURLWithPath: text))
        }
    }

    /// The dialect of the backend.
    public var dialect: SQLDialect {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// The file path, or the URL with its password hidden.
    public var description: String {
        switch self {
        case .sqlite(let url): return url.path
        case .postgres(let location): return location.description
        }
    }
}
