import Foundation
import Keyring

/// The erasure ledger kept beside the databases, `erasures.log`: one line per erased subject id and date.
///
/// It outlives any restore of `vault.sqlite` or `keys.sqlite` from a backup: ``Gateway/reapplyErasures()``
/// erases again everyone it lists. It holds pseudonyms and dates only.
struct ErasureLedgerFile {
    let url: URL

    init(directory: DataDirectory) {
        url = directory.root.appendingPathComponent("erasures.log")
    }

    func append(_ subject: SubjectID, at seconds: Int64) throws {
        try append([subject], at: seconds)
    }

    /// Appends one line per subject and syncs the file once.
    func append(_ subjects: [SubjectID], at seconds: Int64) throws {
        let line = Data(subjects.map { "\($0.rawValue) \(seconds)\n" }.joined().utf8)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw GatewayError(.storage, "cannot append to erasures.log")
        }
    }

    func subjects() -> [SubjectID] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { SubjectID(String($0)) } }
    }
}
