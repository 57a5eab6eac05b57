import Foundation
import PDGateTesting
#if canImport(Glibc)
import Glibc
#endif

/// Debian's nginx on a loopback port, balancing round-robin over servers on loopback: run as the current user, with
/// its configuration, pid file, logs and temporary files in a folder of its own.
///
/// Every answer carries `X-Upstream` (nginx's `$upstream_addr`), so a test sees which server answered. A server that
/// refuses the connection (killed) is skipped for two seconds, and the request goes to the next one.
final class NginxBalancer: Sendable {
    let port: Int
    private let process: ChildProcess
    private let folder: URL

    /// The nginx program: on PATH or where Debian puts it.
    static func executable() throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in path + ["/usr/sbin", "/usr/local/sbin"] {
            let candidate = folder + "/nginx"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MissingTool("nginx (apt-get install nginx-light, or make test-deps)")
    }

    /// Starts nginx in front of `upstreams` (loopback ports) and returns once it answers.
    ///
    /// - Throws: ``MissingTool`` without nginx; an error naming nginx's log when it does not start.
    static func start(upstreams: [Int]) async throws -> NginxBalancer {
        let executable = try executable()
        var lastError: (any Error)?
        for _ in 0..<3 {
            do {
                return try await NginxBalancer(executable, port: Int.random(in: 20_000...40_000), upstreams: upstreams)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? BalancerError(message: "nginx did not start")
    }

    private init(_ executable: String, port: Int, upstreams: [Int]) async throws {
        self.port = port
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = folder.appendingPathComponent("nginx.conf")
        try Data(Self.configuration(folder: folder.path, port: port, upstreams: upstreams).utf8).write(to: configuration)
        process = try await ChildProcess.start(
            executable, ["-p", folder.path, "-e", folder.appendingPathComponent("error.log").path,
                         "-c", configuration.path],
            standardOutput: folder.appendingPathComponent("stdout"),
            standardError: folder.appendingPathComponent("stderr"))
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, process.isRunning {
            if Self.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = stop()
        throw BalancerError(message: "nginx on port \(port) did not start: \(log.suffix(2_000))")
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Stops nginx and returns its error log.
    @discardableResult
    func stop() -> String {
        process.stop(with: SIGQUIT)
        let log = ((try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")
            + ((try? String(contentsOf: folder.appendingPathComponent("stderr"), encoding: .utf8)) ?? "")
        try? FileManager.default.removeItem(at: folder)
        return log
    }

    /// The configuration: one worker in the foreground, every path under `folder`, the current user.
    static func configuration(folder: String, port: Int, upstreams: [Int]) -> String {
        // nginx switches its workers to `nobody` when started as root, unless told to stay who it is.
        let user = geteuid() == 0 ? "user root;\n" : ""
        let servers = upstreams.map { "        server 127.0.0.1:\($0) max_fails=1 fail_timeout=2s;" }
            .joined(separator: "\n")
        let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .map { "    \($0)_temp_path \(folder)/\($0);" }.joined(separator: "\n")
        return """
            \(user)daemon off;
            master_process on;
            worker_processes 1;
            pid \(folder)/nginx.pid;
            error_log \(folder)/error.log warn;
            events { worker_connections 256; }
            http {
                access_log \(folder)/access.log;
            \(temporary)
                upstream pdgate {
            \(servers)
                }
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        proxy_pass http://pdgate;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_next_upstream error timeout;
                        proxy_connect_timeout 2s;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    struct BalancerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
