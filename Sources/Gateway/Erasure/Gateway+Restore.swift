public import Core
public import Foundation
import Keyring
public import Logging
public import Policy
import Vault
import Audit

extension Gateway {
    /// Restores a vault backup and a key-store backup (taken by `pdgate backup`, kept apart) into a data directory,
    /// then re-applies everything recorded since that must not come back: the erasure ledger, the suppression list and
    /// the consent withdrawals; runs the consistency check and reports what it re-applied.
    ///
    /// The durable logs are taken from the longest copy among the data directory's and those beside the key backups
    /// (so a lost data directory still replays every erasure, given its master key). The files the backup replaces
    /// are moved to `DATA/replaced-<time>/`. Stop every gateway on the directory first. Pass the enabled
    /// `connectors`: the restored outbox predates what is re-applied, so every recipient is told again.
    /// - Throws: ``GatewayError`` `notInitialised` without the master key, `invalidArgument` for a missing backup
    ///   file or a PostgreSQL vault (restored with `pg_restore`), `storage`.
    public static func restore(
        vault vaultBackup: URL, keys keysBackup: URL, into directory: DataDirectory, policies: PolicySet,
        notices: NoticeLibrary, connectors: [ConnectorRoute] = [], logDirectories: [URL] = [], principal: Principal,
        logger: Logger = Logger(label: "pdgate"), clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RestoreReport {
        guard directory.database == nil, directory.keyDatabase == nil else {
            throw GatewayError(.invalidArgument, "a PostgreSQL vault or key store is restored with pg_restore; "
                + "restart pdgate afterwards and it re-applies erasures.log")
        }
        guard directory.isInitialised else {
            throw GatewayError(.notInitialised, "put the master key (kept apart from the backups) at "
                + "\(directory.masterKey.path) first")
        }
        for file in [vaultBackup, keysBackup] where !FileManager.default.fileExists(atPath: file.path) {
            throw GatewayError(.invalidArgument, "no backup file \(file.path)")
        }
        let replaced = try moveAside(directory, stamp: backupStamp(clock()))
        try place(vaultBackup, at: directory.vault)
        try place(keysBackup, at: directory.keyStore)
        let mirrors = logDirectories + BackupDestinations(directory: directory).all.map { $0.appendingPathComponent("keys") }
        for name in ["erasures.log", "suppressions.log"] {
            try adoptLongest(DurableLog(name: name, directory: directory), mirrors: mirrors)
        }
        let undone = try await undoneErasures(directory)
        let gateway = try Gateway(directory: directory, policies: policies, notices: notices, connectors: connectors,
                                  logger: logger, clock: clock)
        try await gateway.recover()
        let suppressions = try await gateway.replaySuppressions()
        let withdrawals = try await gateway.replayWithdrawals(from: replaced.appendingPathComponent("vault.sqlite"))
        let check = try await gateway.checkConsistency(principal: principal)
        let consistent = check.unreadableSubjects.isEmpty && check.erasedButPresent.isEmpty && check.pendingErasures == 0
        try await gateway.record(AuditEntry(
            at: gateway.nowSeconds, by: principal, action: .restoreRun,
            detail: "erasures=\(undone) suppressions=\(suppressions) withdrawals=\(withdrawals) consistent=\(consistent)"))
        return RestoreReport(vaultFile: vaultBackup.path, keysFile: keysBackup.path,
                             replacedFilesFolder: replaced.path, erasuresReapplied: undone,
                             suppressionsReapplied: suppressions, withdrawalsReapplied: withdrawals,
                             consistent: consistent)
    }

    /// Adds back every suppression the log holds that the vault lacks, and lifts what the log lifted; returns how
    /// many were added.
    func replaySuppressions() async throws -> Int {
        let entries = SuppressionLedgerFile(directory: directory).entries()
        guard !entries.isEmpty else { return 0 }
        return try await vault.write { tx in
            var added = 0
            for entry in entries {
                if entry.lifted {
                    try tx.liftSuppression(kind: entry.kind, digest: entry.digest)
                } else if try tx.suppressionReason(kind: entry.kind, digest: entry.digest) == nil {
                    try tx.suppress(kind: entry.kind, digest: entry.digest, reason: entry.reason, at: entry.at)
                    added += 1
                }
            }
            return added
        }
    }

    /// Records again the person's own choices (withdrawals and proven consents) the replaced vault holds and the
    /// restored one lacks, oldest first, through the one consent path, so every connector of the purpose is told
    /// again (the restored outbox predates them) and no proof of consent is lost; returns how many withdrawals.
    func replayWithdrawals(from replacedVault: URL) async throws -> Int {
        guard FileManager.default.fileExists(atPath: replacedVault.path) else { return 0 }
        let old = try Vault(url: replacedVault)
        let choices = try await old.read { tx in try tx.ownChoices() }
        try? old.close()
        var withdrawals = 0
        for event in choices {
            // A choice the restored ledger lacks was made after the backup, so it is newer than all it holds (even
            // within the same second); one it holds is never recorded twice.
            let lacking = try await vault.read { tx -> Bool in
                guard try tx.subjectExists(event.subject) else { return false }
                let events = try tx.consentEvents(of: event.subject, purpose: event.purpose)
                let held = events.contains {
                    $0.action == event.action && $0.at == event.at && $0.channel == event.channel
                        && $0.source == event.source
                }
                return !held && (events.last.map { $0.at <= event.at } ?? true)
            }
            guard lacking else { continue }
            var again = event
            again.id = nil
            let withdrawn = event.action == .withdrawn
            _ = try await append(again, principal: Self.system, auditAction: withdrawn ? .consentWithdraw : .consentGive,
                                 replayed: true)
            if withdrawn { withdrawals += 1 }
        }
        return withdrawals
    }

    /// How many erasures of the ledger the restored files undid (people the ledger erased who are back).
    private static func undoneErasures(_ directory: DataDirectory) async throws -> Int {
        let listed = Set(ErasureLedgerFile(directory: directory).entries().map(\.subject))
        guard !listed.isEmpty else { return 0 }
        let vault = try Vault(url: directory.vault)
        defer { try? vault.close() }
        return try await vault.read { tx in try listed.filter { try tx.subjectExists($0) }.count }
    }

    /// Moves the current databases (and their WAL files) to `DATA/replaced-<stamp>/`.
    private static func moveAside(_ directory: DataDirectory, stamp: String) throws -> URL {
        let folder = directory.root.appendingPathComponent("replaced-\(stamp)", isDirectory: true)
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for base in [directory.vault, directory.keyStore] {
            for suffix in ["", "-wal", "-shm"] {
                let file = URL(fileURLWithPath: base.path + suffix)
                guard fm.fileExists(atPath: file.path) else { continue }
                try fm.moveItem(at: file, to: folder.appendingPathComponent(file.lastPathComponent))
            }
        }
        return folder
    }

    private static func place(_ backup: URL, at destination: URL) throws {
        do {
            try FileManager.default.copyItem(at: backup, to: destination)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: destination.path)
        } catch {
            throw GatewayError(.storage, "cannot copy \(backup.lastPathComponent) into \(destination.path)")
        }
    }

    /// Makes the data directory's copy of a durable log the longest of its copies (the data directory's and those
    /// beside the key backups): every copy only grows, so the longest holds every line.
    private static func adoptLongest(_ log: DurableLog, mirrors: [URL]) throws {
        let local = log.lines()
        let longest = mirrors.map { DurableLog.lines(at: $0.appendingPathComponent(log.name)) }
            .max { $0.count < $1.count } ?? []
        guard longest.count > local.count else { return }
        let text = longest.map { $0 + "\n" }.joined()
        guard FileManager.default.createFile(atPath: log.primary.path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw GatewayError(.storage, "cannot write \(log.name) in the data directory")
        }
    }
}
