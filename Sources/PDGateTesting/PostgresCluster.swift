public import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for tests: `initdb` into a temporary folder, the server on a loopback port (and
/// a Unix socket in the same folder), run as an unprivileged user, removed when the test process exits.
///
/// One cluster serves the whole test process; each test makes databases of its own in it with
/// ``makeDatabase(prefix:)``. Where PostgreSQL's programs are missing, ``shared()`` returns nil and
/// ``unavailableReason`` says why, so tests can skip with a clear message.
public final class PostgresCluster: Sendable {
    /// The folder holding the data, the socket and the log.
    public let folder: URL
    public let port: Int
    /// The superuser (trust authentication on loopback).
    public let admin = "pdgate_admin"
    private let binaries: URL
    private let runAs: String?
    private let counter = Atomic<Int>(0)

    private static let state = Mutex<(started: Bool, cluster: PostgresCluster?, reason: String?)>((false, nil, nil))

    /// The cluster of this test process, started on first use; nil where PostgreSQL cannot run here.
    public static func shared() -> PostgresCluster? {
        state.withLock { state in
            if !state.started {
                state.started = true
                do {
                    state.cluster = try PostgresCluster()
                    atexit { PostgresCluster.stopShared() }
                } catch {
                    state.reason = "\(error)"
                }
            }
            return state.cluster
        }
    }

    /// ``shared()`` for a suite's `.enabled(if:)`: where PostgreSQL cannot run, prints that `what` is skipped and why.
    public static func shared(orSkipping what: String) -> PostgresCluster? {
        guard let cluster = shared() else {
            print("note: \(what) skipped: \(unavailableReason ?? "unknown reason")")
            return nil
        }
        return cluster
    }

    /// Why ``shared()`` returned nil.
    public static var unavailableReason: String? {
        _ = shared()
        return state.withLock { $0.reason }
    }

    /// Whether PostgreSQL's programs exist on this machine (without starting anything).
    public static var isInstalled: Bool { findBinaries() != nil }

    private static func stopShared() {
        if let cluster = state.withLock({ $0.cluster }) { cluster.stop() }
    }

    private init() throws {
        guard let binaries = Self.findBinaries() else {
            throw ClusterError("PostgreSQL is not installed (no initdb/pg_ctl on PATH or under /usr/lib/postgresql)")
        }
        self.binaries = binaries
        runAs = getuid() == 0 ? Self.unprivilegedUser() : nil
        if getuid() == 0, runAs == nil {
            throw ClusterError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")
        }
        folder = URL(fileURLWithPath: "/tmp/pdgate-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.makeCertificates(in: folder.appendingPathComponent("tls"))
        if let runAs { try Self.run("/bin/chown", ["-R", runAs, folder.path]) }
        try Self.run(binaries.appendingPathComponent("initdb").path,
                     ["-D", folder.appendingPathComponent("data").path, "-U", admin, "--auth=trust", "-E", "UTF8",
                      "--no-sync", "--locale=C"], as: runAs)
        let tls = folder.appendingPathComponent("tls")
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<40_000)
            do {
                try Self.run(binaries.appendingPathComponent("pg_ctl").path, [
                    "-D", folder.appendingPathComponent("data").path, "-l", folder.appendingPathComponent("log").path,
                    "-w", "-t", "30", "-o",
                    "-k \(folder.path) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 "
                        + "-c deadlock_timeout=100ms -c ssl=on -c ssl_cert_file=\(tls.path)/server.pem "
                        + "-c ssl_key_file=\(tls.path)/server.key",
                    "start",
                ], as: runAs)
                self.port = port
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ClusterError("the server did not start")
    }

    /// The CA that signed the server's certificate (which names `localhost` only), for `sslrootcert`.
    public var certificateAuthority: URL { folder.appendingPathComponent("tls/ca.pem") }
    /// A CA that signed nothing the server presents: a server verified against it must be refused.
    public var untrustedAuthority: URL { folder.appendingPathComponent("tls/other-ca.pem") }

    /// Makes a throwaway CA and a server certificate for `localhost` signed by it (Debian's openssl), and a second
    /// CA that signed nothing.
    private static func makeCertificates(in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        let script = """
            set -e
            cd \(quoted(folder.path))
            openssl req -x509 \(key) -keyout ca.key -out ca.pem -days 3 -subj '/CN=pdgate test CA'
            openssl req \(key) -keyout server.key -out server.csr -subj '/CN=localhost'
            printf 'subjectAltName=DNS:localhost\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3 \\
                -extfile san.ext
            openssl req -x509 \(key) -keyout other-ca.key -out other-ca.pem -days 3 -subj '/CN=untrusted CA'
            chmod 600 server.key
            """
        try run("/bin/sh", ["-c", script])
    }

    /// Creates a database owned by a new login role of the same name and returns its `postgres://` URL.
    ///
    /// Each call makes a new, empty database (`prefix_N_random`), so tests never see one another's rows.
    public func makeDatabase(prefix: String) throws -> String {
        let name = "\(prefix)_\(counter.wrappingAdd(1, ordering: .relaxed).newValue)_\(Int.random(in: 1000...9999))"
        try psql("CREATE ROLE \(name) LOGIN PASSWORD 'secret-\(name)'")
        try psql("CREATE DATABASE \(name) OWNER \(name)")
        return "postgres://\(name):secret-\(name)@127.0.0.1:\(port)/\(name)"
    }

    /// Runs SQL as the superuser on `database`.
    public func psql(_ sql: String, database: String = "postgres") throws {
        try Self.run("/usr/bin/psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", admin, "-d", database,
                                       "-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
    }

    /// Stops the server and removes its folder.
    public func stop() {
        _ = try? Self.run(binaries.appendingPathComponent("pg_ctl").path,
                          ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: Helpers

    private static func findBinaries() -> URL? {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in candidates {
            let url = URL(fileURLWithPath: folder)
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("initdb").path),
                FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("pg_ctl").path) {
                return url
            }
        }
        return nil
    }

    private static func unprivilegedUser() -> String? {
        for user in ["postgres", "nobody"] where getpwnam(user) != nil { return user }
        return nil
    }

    /// Runs a program to its end (posix_spawn and waitpid: Foundation's `Process` can miss the exit of a
    /// program that leaves a daemon behind, as `pg_ctl start` does) and returns its output.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> String {
        let command = (user.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [executable] + arguments
        let log = "/tmp/pdgate-pg-run-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        // Output goes to a file, not a pipe: the server pg_ctl starts would inherit a pipe and hold it open.
        let script = "cd /tmp && exec " + command.map(quoted).joined(separator: " ") + " >\(quoted(log)) 2>&1 </dev/null"
        let words: [String] = ["/bin/sh", "-c", script]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else {
            throw ClusterError("cannot start \((executable as NSString).lastPathComponent)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw ClusterError("\((executable as NSString).lastPathComponent) failed: \(text.suffix(400))")
        }
        return text
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Why the test cluster could not start.
struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
