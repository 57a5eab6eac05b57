import Foundation

/// A real SMTP server for tests: Debian's aiosmtpd (`python3-aiosmtpd`) on a loopback port, with STARTTLS on a
/// self-signed certificate made by `openssl` for `localhost`, optional AUTH, and every accepted message written to a
/// folder as `N.eml` with `N.json` (envelope, whether TLS and AUTH were used).
///
/// ``start(options:)`` returns nil (and the test should skip, saying why) when `/usr/bin/python3` cannot import
/// aiosmtpd or `openssl` is missing. Stop it with ``stop()``; the folder is removed then.
public final class LocalSMTPServer: Sendable {
    /// How the server behaves.
    public struct Options: Sendable {
        /// Offer STARTTLS (and require it before MAIL).
        public var startTLS = true
        /// Require AUTH with this user name and password (PLAIN and LOGIN offered, only over TLS).
        public var credentials: (user: String, password: String)?
        /// Accept the connection and never answer (for timeouts).
        public var silent = false
        /// Recipients containing this text are refused with 550.
        public var refuseRecipientsContaining: String?

        public init(startTLS: Bool = true, credentials: (user: String, password: String)? = nil, silent: Bool = false,
                    refuseRecipientsContaining: String? = nil) {
            self.startTLS = startTLS
            self.credentials = credentials
            self.silent = silent
            self.refuseRecipientsContaining = refuseRecipientsContaining
        }
    }

    /// One accepted message.
    public struct Delivery: Sendable {
        public var mailFrom: String
        public var recipients: [String]
        public var usedTLS: Bool
        public var authenticated: Bool
        /// The message as received (after dot-unstuffing), CRLF line endings.
        public var raw: String

        /// The headers as sent, names lowercased, folded lines joined; RFC 2047 words left encoded.
        public var rawHeaders: [String: String] {
            var headers: [String: String] = [:]
            var last: String?
            for line in (raw.components(separatedBy: "\r\n\r\n").first ?? "").components(separatedBy: "\r\n") {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), let last {
                    headers[last, default: ""] += line.trimmingCharacters(in: .whitespaces)
                } else if let colon = line.firstIndex(of: ":") {
                    let name = line[..<colon].lowercased()
                    headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    last = name
                }
            }
            return headers
        }

        /// The headers, names lowercased, folded lines joined; RFC 2047 words (`=?utf-8?B?…?=`) decoded.
        public var headers: [String: String] { rawHeaders.mapValues(Self.decodeWords) }

        /// The body as text: base64 decoded when it was sent so, CRLF line endings.
        public var text: String {
            let parts = raw.components(separatedBy: "\r\n\r\n")
            var body = parts.dropFirst().joined(separator: "\r\n\r\n")
            if body.hasSuffix("\r\n") { body.removeLast(1) }
            guard raw.lowercased().contains("content-transfer-encoding: base64") else { return body }
            let joined = body.components(separatedBy: "\r\n").joined()
            return Data(base64Encoded: joined).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }

        static func decodeWords(_ value: String) -> String {
            var bytes: [UInt8] = []
            var rest = Substring(value)
            while let start = rest.range(of: "=?utf-8?B?") {
                bytes += Array(rest[..<start.lowerBound].trimmingCharacters(in: .whitespaces).utf8)
                rest = rest[start.upperBound...]
                guard let end = rest.range(of: "?=") else { break }
                bytes += Data(base64Encoded: String(rest[..<end.lowerBound])).map(Array.init) ?? []
                rest = rest[end.upperBound...]
            }
            return String(decoding: bytes, as: UTF8.self) + rest
        }
    }

    public let port: Int
    /// The PEM of the server's self-signed certificate, to trust in clients.
    public let certificateFile: String
    private let folder: URL
    private let process: ChildProcess

    private init(port: Int, certificateFile: String, folder: URL, process: ChildProcess) {
        self.port = port
        self.certificateFile = certificateFile
        self.folder = folder
        self.process = process
    }

    /// Starts a server, or returns nil with the reason printed when python3/aiosmtpd or openssl is missing.
    public static func start(options: Options = Options()) async throws -> LocalSMTPServer {
        let python = "/usr/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python),
            (try? await ChildProcess.run(python, ["-c", "import aiosmtpd"]).status) == 0 else {
            throw MissingTool("/usr/bin/python3 with aiosmtpd (apt-get install python3-aiosmtpd, or make deps)")
        }
        guard let openssl = ["/usr/bin/openssl", "/bin/openssl"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            throw MissingTool("openssl, to make the test certificate (apt-get install openssl, or make deps)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mail"),
                                                withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let made = try await ChildProcess.run(
            openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard made.status == 0 else { throw SMTPServerError("openssl could not make the test certificate") }
        let script = folder.appendingPathComponent("smtp_server.py")
        try Data(Self.script.utf8).write(to: script)
        var arguments = [script.path, "--mail", folder.appendingPathComponent("mail").path, "--cert", cert,
                         "--key", key]
        if !options.startTLS { arguments.append("--no-starttls") }
        if options.silent { arguments.append("--silent") }
        if let credentials = options.credentials {
            arguments += ["--user", credentials.user, "--password", credentials.password]
        }
        if let refused = options.refuseRecipientsContaining { arguments += ["--refuse", refused] }
        // The script prints the port it bound once it listens.
        let (process, port) = try await ChildProcess.startListening(python, ["-u"] + arguments, prefix: "")
        guard let process else { throw SMTPServerError("the SMTP server did not start") }
        return LocalSMTPServer(port: port, certificateFile: cert, folder: folder, process: process)
    }

    /// The messages accepted so far, in order.
    public func deliveries() -> [Delivery] {
        let mail = folder.appendingPathComponent("mail")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mail.path)) ?? []
        let numbers = names.filter { $0.hasSuffix(".json") }.compactMap { Int($0.dropLast(5)) }.sorted()
        return numbers.compactMap { number in
            guard let meta = FileManager.default.contents(atPath: mail.appendingPathComponent("\(number).json").path),
                let object = try? JSONSerialization.jsonObject(with: meta) as? [String: Any],
                let raw = FileManager.default.contents(atPath: mail.appendingPathComponent("\(number).eml").path)
            else { return nil }
            return Delivery(mailFrom: object["mail_from"] as? String ?? "",
                            recipients: object["rcpt_tos"] as? [String] ?? [],
                            usedTLS: object["tls"] as? Bool ?? false,
                            authenticated: object["auth"] as? Bool ?? false,
                            raw: String(decoding: raw, as: UTF8.self))
        }
    }

    /// Waits (polling every 20 ms, at most `timeout`) until at least `count` messages have arrived, and returns them.
    public func deliveries(atLeast count: Int, timeout: Duration = .seconds(20)) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let arrived = deliveries()
            if arrived.count >= count || ContinuousClock.now >= deadline { return arrived }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the server and removes its folder.
    public func stop() {
        // SIGKILL: a test runner may start children with SIGTERM blocked.
        process.stop(with: SIGKILL)
        try? FileManager.default.removeItem(at: folder)
    }

    struct SMTPServerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The server: aiosmtpd's SMTP protocol on an asyncio server bound to port 0 of 127.0.0.1.
    static let script = #"""
        import argparse, asyncio, json, os, socket, ssl, sys
        from aiosmtpd.smtp import SMTP, AuthResult

        parser = argparse.ArgumentParser()
        parser.add_argument("--mail"); parser.add_argument("--cert"); parser.add_argument("--key")
        parser.add_argument("--no-starttls", action="store_true"); parser.add_argument("--silent", action="store_true")
        parser.add_argument("--user"); parser.add_argument("--password"); parser.add_argument("--refuse")
        args = parser.parse_args()

        class Handler:
            count = 0
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if args.refuse and args.refuse in address:
                    return "550 5.1.1 mailbox " + address + " unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"
            async def handle_DATA(self, server, session, envelope):
                Handler.count += 1
                base = os.path.join(args.mail, str(Handler.count))
                with open(base + ".eml", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                        "tls": session.ssl is not None, "auth": bool(session.authenticated)}
                with open(base + ".json.tmp", "w") as f:
                    json.dump(meta, f)
                os.rename(base + ".json.tmp", base + ".json")
                return "250 2.0.0 accepted"

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
            return AuthResult(success=ok, handled=False)

        async def main():
            loop = asyncio.get_running_loop()
            if args.silent:
                async def hold(reader, writer):
                    await asyncio.sleep(3600)
                server = await asyncio.start_server(hold, "127.0.0.1", 0)
            else:
                context = None
                if not args.no_starttls:
                    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                    context.load_cert_chain(args.cert, args.key)
                def factory():
                    options = dict(tls_context=context, require_starttls=context is not None, hostname="localhost")
                    if args.user:
                        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
                    else:
                        options.update(auth_require_tls=True)
                    return SMTP(Handler(), **options)
                server = await loop.create_server(factory, "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await asyncio.Event().wait()

        asyncio.run(main())
        """#
}
