import Foundation

/// Where a PostgreSQL database is and how to log in: parsed from `postgres://user:password@host:port/database`.
///
/// `?host=/run/postgresql` connects through the Unix socket in that directory instead of TCP. The password is
/// never printed: ``description`` shows `***` in its place.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// A directory holding the server's Unix socket, used instead of ``host`` when set.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    /// How the connection is protected (`?sslmode=`); by default `verify-full` for any host but this machine.
    public var tls: PostgresTLSMode
    /// The CA certificates (PEM) the server's certificate must chain to (`?sslrootcert=`); nil: the system's roots.
    public var rootCertificate: String?

    public init(host: String = "127.0.0.1", port: Int = 5432, socketDirectory: String? = nil, username: String,
                password: String? = nil, database: String, tls: PostgresTLSMode? = nil,
                rootCertificate: String? = nil) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls ?? PostgresTLSMode.defaultMode(host: host, socket: socketDirectory != nil)
        self.rootCertificate = rootCertificate
    }

    /// Parses a `postgres://` or `postgresql://` URL.
    ///
    /// - Throws: ``StorageError`` `invalidLocation`, naming the part that is wrong (never the password).
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else {
            throw StorageError(.invalidLocation, "a database location must look like postgres://user@host:port/name")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else {
            throw StorageError(.invalidLocation, "the database location names no database (…/name)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StorageError(.invalidLocation, "the database location names no user (postgres://user@…)")
        }
        let query = components.queryItems ?? []
        let socket = query.first { $0.name == "host" }?.value
        if socket == nil, (components.host ?? "").isEmpty {
            throw StorageError(.invalidLocation, "the database location names no host (…@host:port/…) nor ?host=/dir")
        }
        let known: Set<String> = ["host", "sslmode", "sslrootcert"]
        if let unknown = query.first(where: { !known.contains($0.name) }) {
            throw StorageError(.invalidLocation, "the database location has an unknown option ?\(unknown.name)=; "
                + "known: host, sslmode, sslrootcert")
        }
        var tls: PostgresTLSMode?
        if let mode = query.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = PostgresTLSMode(rawValue: mode) else {
                throw StorageError(.invalidLocation, "sslmode must be one of "
                    + PostgresTLSMode.allCases.map(\.rawValue).joined(separator: ", ") + " (not \(mode))")
            }
            tls = parsed
        }
        let root = query.first { $0.name == "sslrootcert" }?.value
        if let root, !FileManager.default.isReadableFile(atPath: root) {
            throw StorageError(.invalidLocation, "sslrootcert \(root) is not a readable file")
        }
        self.init(host: components.host ?? "127.0.0.1", port: components.port ?? 5432, socketDirectory: socket,
                  username: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database,
                  tls: tls, rootCertificate: root)
    }

    /// The `?…` options of ``description`` and ``urlString``.
    private var queryItems: [URLQueryItem] {
        var items: [URLQueryItem] = []
        if let socketDirectory { items.append(URLQueryItem(name: "host", value: socketDirectory)) }
        if tls != PostgresTLSMode.defaultMode(host: host, socket: socketDirectory != nil) {
            items.append(URLQueryItem(name: "sslmode", value: tls.rawValue))
        }
        if let rootCertificate { items.append(URLQueryItem(name: "sslrootcert", value: rootCertificate)) }
        return items
    }

    /// The same location with another database name (the key database beside the data one, in tests).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// The location as a URL, with the password replaced by `***`.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let items = queryItems
        let query = items.isEmpty ? "" : "?" + items.map { "\($0.name)=\($0.value ?? "")" }.joined(separator: "&")
        return "postgres://\(credentials)@\(host):\(port)/\(database)\(query)"
    }

    /// The full URL, password included, for handing to another process of the same deployment.
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        let items = queryItems
        if !items.isEmpty { components.queryItems = items }
        return components.string ?? description
    }
}
