public import Foundation

/// A development mail and SMS sink: every message is written as an `.eml` file (RFC 5322, UTF-8) into a folder instead of
/// being sent, so a demo's codes and requester messages can be read (`pdgate serve --dev-inbox`).
///
/// Files are named `<sequence>-<kind of time>.eml` in the order written and created with mode 0600; the folder is
/// the data directory's `dev-inbox/`. Never use it in production: the messages hold personal data in clear.
public struct FolderMailer: Mailer, TextMessenger {
    /// The folder messages are written to.
    public let folder: URL

    /// Creates the folder (mode 0700) when missing.
    ///
    /// - Throws: The file system's error when the folder cannot be created.
    public init(folder: URL) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    public func send(_ message: MailMessage) async throws {
        try write(message)
    }

    /// An SMS lands in the same folder, addressed to the phone number, with the subject `SMS`.
    public func send(_ message: TextMessage) async throws {
        try write(MailMessage(to: message.to, subject: "SMS", text: message.text))
    }

    private func write(_ message: MailMessage) throws {
        let stamp = Date()
        let formatter = ISO8601DateFormatter()
        let name = "\(Int64(stamp.timeIntervalSince1970 * 1_000_000))-\(UUID().uuidString.prefix(8)).eml"
        let text = "Date: \(formatter.string(from: stamp))\r\nTo: \(message.to)\r\nSubject: \(message.subject)\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + message.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let file = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600])
        else {
            throw MailerError(.connection, "cannot write to the development inbox folder")
        }
    }

    /// The messages written so far, newest first: file name, date, recipient, subject and body.
    public func messages() -> [(name: String, date: String, to: String, subject: String, body: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted(by: >).compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                return nil
            }
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            let parts = text.components(separatedBy: "\n\n")
            var headers: [String: String] = [:]
            for line in parts[0].split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return (name, headers["Date"] ?? "", headers["To"] ?? "", headers["Subject"] ?? "",
                    parts.dropFirst().joined(separator: "\n\n"))
        }
    }
}
