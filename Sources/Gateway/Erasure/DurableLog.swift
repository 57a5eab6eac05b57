import Foundation

/// An append-only log that must outlive a restore: kept in the data directory and mirrored beside the key backups
/// of every destination `pdgate backup` has written to, each line synced before the change it records commits.
///
/// The erasure ledger, the suppression list's digests and the consent withdrawals are such logs: restoring an older
/// `vault.sqlite` or `keys.sqlite` (or losing the data directory) must not bring back what they record, so
/// `pdgate restore` re-applies them from whichever copy is the longest. They hold pseudonyms, keyed digests, dates,
/// purposes and field names only.
struct DurableLog {
    /// The file name, the same in the data directory and beside each key backup.
    let name: String
    let directory: DataDirectory

    /// The copy in the data directory.
    var primary: URL { directory.root.appendingPathComponent(name) }

    /// The copies beside the key backups of every registered backup destination.
    var mirrors: [URL] {
        BackupDestinations(directory: directory).all.map { $0.appendingPathComponent("keys/\(name)") }
    }

    /// Appends lines to the data directory's copy (synced; a failure throws) and to every mirror (a mirror that
    /// cannot be written is skipped: the next backup copies the whole log there again).
    func append(_ lines: [String]) throws {
        guard !lines.isEmpty else { return }
        let data = Data(lines.map { $0 + "\n" }.joined().utf8)
        try Self.append(data, to: primary)
        for mirror in mirrors where FileManager.default.fileExists(atPath: mirror.deletingLastPathComponent().path) {
            try? Self.append(data, to: mirror)
        }
    }

    /// The lines of the data directory's copy, oldest first.
    func lines() -> [String] { Self.lines(at: primary) }

    /// The lines of a copy, oldest first (none when it is missing).
    static func lines(at url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Makes `mirror` a whole copy of the log (a backup registering its destination, or catching up a mirror that
    /// missed appends).
    func copy(to mirror: URL) throws {
        let text = lines().map { $0 + "\n" }.joined()
        let temporary = mirror.deletingLastPathComponent().appendingPathComponent(".\(name).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]),
            rename(temporary.path, mirror.path) == 0
        else {
            try? FileManager.default.removeItem(at: temporary)
            throw GatewayError(.storage, "cannot write \(name) beside the key backups in "
                + mirror.deletingLastPathComponent().path)
        }
    }

    private static func append(_ data: Data, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw GatewayError(.storage, "cannot append to \(url.lastPathComponent)")
        }
    }
}

/// The backup destinations `pdgate backup` has written to, one absolute path a line in `DATA/backup-destinations`:
/// where the durable logs are mirrored, and where old key backups are expired.
struct BackupDestinations {
    let directory: DataDirectory

    var file: URL { directory.root.appendingPathComponent("backup-destinations") }

    var all: [URL] {
        DurableLog.lines(at: file).filter { !$0.isEmpty }.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// Adds a destination (once).
    func register(_ destination: URL) throws {
        let path = destination.standardizedFileURL.path
        guard !all.map(\.path).contains(path) else { return }
        try DurableLog(name: "backup-destinations", directory: directory).appendLocal(path)
    }
}

extension DurableLog {
    /// Appends one line to the data directory's copy only (for files that are not mirrored).
    fileprivate func appendLocal(_ line: String) throws {
        try Self.append(Data((line + "\n").utf8), to: primary)
    }
}
