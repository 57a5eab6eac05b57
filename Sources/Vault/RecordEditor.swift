public import Keyring

/// Writes new values into one subject's sealed record: opens the stored value, compares, reseals only what
/// changed, and keeps the blind index of an e-mail or phone in step. The one place every writer of an existing
/// person's fields (import merge, update, rectification) goes through.
///
/// Edits collect in ``subject``; ``save(in:)`` stores the record once. Valid inside the transaction passed to
/// ``write(_:to:index:in:byImport:)``.
public struct RecordEditor {
    /// What one write did to a field.
    public enum Outcome: Sendable, Equatable {
        /// The field was not stored: it is now.
        case added
        /// The stored value differed: the new one replaced it.
        case changed
        /// The stored value is the same: only its confirmation time moved.
        case confirmed
        /// An import's value differs from one written after that import (by the person, a rectification, a form):
        /// the newer value stays.
        case keptNewer
    }

    /// How an import writes: which run, and whether it may replace values written since an import gave them.
    public struct ImportWrite: Sendable {
        /// The import run writing.
        public var run: Int64
        /// Whether the file's values replace values changed after the import that wrote them (`--overwrite-newer`).
        public var overwritesNewer: Bool
        /// The start times of earlier import runs (``VaultTransaction/importTimes()``), for records stored before
        /// imports marked their values.
        public var importTimes: Set<Int64>

        public init(run: Int64, overwritesNewer: Bool, importTimes: Set<Int64>) {
            self.run = run
            self.overwritesNewer = overwritesNewer
            self.importTimes = importTimes
        }
    }

    /// The subject with every edit so far.
    public private(set) var subject: StoredSubject
    /// Fields added or changed, in the order written.
    public private(set) var changed: [String] = []
    /// Fields whose stored value was confirmed.
    public private(set) var confirmed: [String] = []
    /// Fields whose newer value an import left in place.
    public private(set) var keptNewer: [String] = []
    /// Fields removed.
    public private(set) var removed: [String] = []
    private let key: SubjectKey
    private let now: Int64

    /// Starts editing a subject read in the same transaction, under its key.
    public init(_ subject: StoredSubject, key: SubjectKey, now: Int64) {
        self.subject = subject
        self.key = key
        self.now = now
    }

    /// Writes a (normalised) value to a field.
    ///
    /// - Parameters:
    ///   - index: The blind index of the field, for an e-mail or phone: its row follows a new value.
    ///   - byImport: The import writing, if one is: its value is marked as the file's, and it does not replace a
    ///     value changed after the import that wrote it unless ``ImportWrite/overwritesNewer``.
    /// - Returns: What was done.
    /// - Throws: ``KeyringError`` when the stored value does not open, ``VaultError`` when the index cannot be written.
    @discardableResult
    public mutating func write(_ value: String, to field: String, index: BlindIndex?, in tx: VaultTransaction,
                               byImport importWrite: ImportWrite? = nil) throws -> Outcome {
        guard var stored = subject.record[field] else {
            subject.record.set(.init(name: field, keyVersion: key.version, box: key.seal(value, field: field),
                                     createdAt: now, updatedAt: now, confirmedAt: now, importRun: importWrite?.run))
            try reindex(index, value: value, in: tx)
            changed.append(field)
            return .added
        }
        if try key.open(stored.box, field: field) == value {
            stored.confirmedAt = now
            subject.record.set(stored)
            confirmed.append(field)
            return .confirmed
        }
        if let importWrite, !importWrite.overwritesNewer, !stored.isFromImport(importTimes: importWrite.importTimes) {
            keptNewer.append(field)
            return .keptNewer
        }
        subject.record.set(.init(name: field, keyVersion: key.version, box: key.seal(value, field: field),
                                 createdAt: stored.createdAt, updatedAt: now, confirmedAt: now,
                                 importRun: importWrite?.run))
        try reindex(index, value: value, in: tx)
        changed.append(field)
        return .changed
    }

    /// What taking a field of a merged person did.
    public enum MergeOutcome: Sendable, Equatable {
        /// This person had no such field: the other's value and dates are now theirs.
        case added
        /// The values differed and the other's was confirmed more recently: it replaced this one, with its dates.
        case replaced
        /// This person's value stays (the same value: its confirmation time moves to the later of the two).
        case unchanged
    }

    /// Takes a field of another subject being merged into this one (the merge rule): added when missing here;
    /// where both hold different values, the more recently confirmed one stays. The value is resealed under this
    /// person's key and keeps the other field's dates.
    ///
    /// - Parameters:
    ///   - value: The other field's value, opened under the other person's key.
    ///   - field: The other person's stored field (its dates).
    ///   - index: The blind index of the field, for an e-mail or phone: its row follows a new value.
    @discardableResult
    public mutating func merge(_ value: String, from field: SealedRecord.Field, index: BlindIndex?,
                               in tx: VaultTransaction) throws -> MergeOutcome {
        let taken = SealedRecord.Field(name: field.name, keyVersion: key.version, box: key.seal(value, field: field.name),
                                       createdAt: field.createdAt, updatedAt: field.updatedAt,
                                       confirmedAt: field.confirmedAt)
        guard var current = subject.record[field.name] else {
            subject.record.set(taken)
            try reindex(index, value: value, in: tx)
            changed.append(field.name)
            return .added
        }
        if try key.open(current.box, field: field.name) == value {
            current.confirmedAt = max(current.confirmedAt, field.confirmedAt)
            subject.record.set(current)
            confirmed.append(field.name)
            return .unchanged
        }
        guard field.confirmedAt > current.confirmedAt else { return .unchanged }
        subject.record.set(taken)
        try reindex(index, value: value, in: tx)
        changed.append(field.name)
        return .replaced
    }

    /// Removes a field (and its index row); returns whether it was stored.
    @discardableResult
    public mutating func remove(_ field: String, index: BlindIndex.Kind?, in tx: VaultTransaction) throws -> Bool {
        guard subject.record.remove(field) else { return false }
        if let index { try tx.removeIndex(kind: index, rowID: subject.rowID) }
        removed.append(field)
        return true
    }

    /// Whether anything was written or removed (a confirmation counts: it moves a time).
    public var hasEdits: Bool { !changed.isEmpty || !confirmed.isEmpty || !removed.isEmpty }

    /// Stores the edited record, when there is anything to store.
    public func save(in tx: VaultTransaction) throws {
        guard hasEdits else { return }
        try tx.updateSubject(rowID: subject.rowID, record: subject.record, now: now)
    }

    private func reindex(_ index: BlindIndex?, value: String, in tx: VaultTransaction) throws {
        guard let index else { return }
        try tx.removeIndex(kind: index.kind, rowID: subject.rowID)
        try tx.addIndex(kind: index.kind, digest: index.digest(value), rowID: subject.rowID)
    }
}
