public import Core
import Foundation
import Keyring
import Vault
import Audit

extension Gateway {
    /// Deletes the export files whose life (`quality.yaml` `exports.file_life`) has ended, and forgets them; returns
    /// how many. Run by every purge that is not a dry run.
    @discardableResult
    public func expireExports(principal: Principal) async throws -> Int {
        let now = nowSeconds
        let expired = try await vault.read { tx in try tx.expiredExports(now: now) }
        try await removeExports(expired, reason: "expired", principal: principal)
        return expired.count
    }

    /// Deletes every registered export file that holds any of `subjects` (an erasure: no plaintext copy of an erased
    /// person may outlive it); returns how many files.
    @discardableResult
    public func deleteExports(holding subjects: [SubjectID], principal: Principal) async throws -> Int {
        let names = subjects.map(\.rawValue)
        let files = try await vault.read { tx in try tx.exports(holding: names) }
        try await removeExports(files, reason: "erasure", principal: principal)
        return files.count
    }

    /// The path an export file is registered under: relative to the data directory when inside it (so a copied data
    /// directory never reaches the original's files), else absolute.
    func registeredPath(of url: URL) -> String {
        let root = directory.root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    private func removeExports(_ files: [ExportFileRecord], reason: String, principal: Principal) async throws {
        guard !files.isEmpty else { return }
        let now = nowSeconds
        for file in files {
            let url = file.path.hasPrefix("/") ? URL(fileURLWithPath: file.path)
                : directory.root.appendingPathComponent(file.path)
            // A file already gone (moved or deleted by hand) is forgotten all the same; one that cannot be deleted
            // stays registered, so the next purge tries again.
            if FileManager.default.fileExists(atPath: url.path) {
                do {
                    try FileManager.default.removeItem(at: url)
                } catch {
                    logger.error("Export file not deleted", metadata: ["pdgate.export": "\(file.id)"])
                    continue
                }
            }
            try await audited(by: principal, at: now) { tx, log in
                try tx.forgetExport(id: file.id)
                try log.record(.exportDelete, detail: "export=\(file.id) reason=\(reason)")
            }
        }
    }
}
