public import Core
import Foundation
import Keyring
import Audit

extension Gateway {
    /// Rotates the master key: adds a new version to `master.key` and rewraps every subject and named key under it,
    /// online, without touching any sealed field.
    ///
    /// Resumable and crash-safe: the file is replaced atomically before any key moves, each batch of keys is
    /// rewrapped in one key-store transaction, and a run that finds keys still under an older version finishes that
    /// rotation instead of starting another (``KeyRotationReport/resumed``). Older versions stay in the file:
    /// key-store backups were wrapped under them. Erasures running meanwhile are never undone.
    ///
    /// - Parameters:
    ///   - batchSize: Subject keys per transaction.
    ///   - principal: Needs the `admin` action.
    ///   - progress: Called with the number of subject keys rewrapped so far.
    /// - Throws: ``GatewayError`` (`refused`, `crypto`, `storage`).
    public func rotateKeys(batchSize: Int = 1_000, principal: Principal,
                           progress: (@Sendable (Int) -> Void)? = nil) async throws -> KeyRotationReport {
        try await require(.admin, principal, auditAction: .keysRotate)
        let started = Date()
        let previous = keyring.masterKey.currentVersion
        do {
            let pending = try await keyring.keysUnderOlderMasterVersions()
            let resumed = !pending.isEmpty
            if !resumed {
                _ = try keyring.rotateMasterKey(file: directory.masterKey)
            }
            let version = keyring.masterKey.currentVersion
            try await record(AuditEntry(at: nowSeconds, by: principal,
                                        action: .keysRotateBegin,
                                        detail: "master_version=\(version) resumed=\(resumed)"))
            let named = try await keyring.rewrapNamedKeys()
            var rewrapped = 0
            while true {
                let count = try await keyring.rewrapSubjectKeys(limit: max(1, batchSize))
                if count == 0 { break }
                rewrapped += count
                progress?(rewrapped)
            }
            try await keyring.checkpoint()
            let left = try await keyring.keysUnderOlderMasterVersions()
            let report = KeyRotationReport(
                masterVersion: version, previousVersion: resumed ? version : previous, resumed: resumed,
                subjectKeysRewrapped: rewrapped, namedKeysRewrapped: named,
                remaining: left.subjectKeys + left.namedKeys, seconds: Date().timeIntervalSince(started))
            try await record(AuditEntry(at: nowSeconds, by: principal,
                                        action: .keysRotate,
                                        detail: "master_version=\(version) subject_keys=\(rewrapped) "
                                            + "named_keys=\(named) "
                                            + "remaining=\(report.remaining)"))
            logger.notice("Master key rotated", metadata: [
                "pdgate.keys.version": "\(version)", "pdgate.keys.rewrapped": "\(rewrapped)",
            ])
            return report
        } catch {
            throw GatewayError.translated(error)
        }
    }
}
