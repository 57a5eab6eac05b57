/// The sealed personal fields of one subject, stored as one compact blob in the subject's row.
///
/// Each field is sealed on its own (so a role can open only what it may see, and a ciphertext cannot be moved
/// between fields) and carries when it was first stored, last changed and last confirmed — how fresh the data
/// is. One row per subject, not one per field, keeps bulk import within the machine's insert rate.
public struct SealedRecord: Sendable, Equatable {
    /// One sealed field.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var keyVersion: Int
        public var box: [UInt8]
        /// Unix seconds when the value was first stored.
        public var createdAt: Int64
        /// Unix seconds when the value last changed.
        public var updatedAt: Int64
        /// Unix seconds when the value was last confirmed (seen again in an import, or confirmed by the person).
        public var confirmedAt: Int64
        /// The import that sealed ``box``, with a fingerprint of that box (see ``isFromImport(importTimes:)``).
        var importMark: ImportMark?

        /// A field; `importRun` names the import that sealed `box`, nil for any other writer.
        public init(name: String, keyVersion: Int, box: [UInt8], createdAt: Int64, updatedAt: Int64, confirmedAt: Int64,
                    importRun: Int64? = nil) {
            self.name = name
            self.keyVersion = keyVersion
            self.box = box
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.confirmedAt = confirmedAt
            // Every value written now says who wrote it: an import (its run and the box's fingerprint) or another
            // writer. Only records from before marks existed have none, and fall back on the import times.
            importMark = importRun.map { ImportMark(run: $0, seal: Self.fingerprint(box)) } ?? .otherWriter
        }

        /// Whether the stored value is the one an import's file gave, rather than one a later writer (the person, a
        /// rectification, a form, a re-keying) sealed since.
        ///
        /// The mark holds a fingerprint of the box the import sealed, and every sealing draws a fresh nonce: a writer
        /// that replaces ``box`` without knowing about imports leaves a mark that no longer matches, so its value
        /// never passes for the file's. Records stored before marks existed carry none: `importTimes` (the start
        /// times of the vault's import runs, which imports use as ``updatedAt``) recognises their imported values.
        public func isFromImport(importTimes: Set<Int64> = []) -> Bool {
            if let importMark { return importMark.run > 0 && importMark.seal == Self.fingerprint(box) }
            return importTimes.contains(updatedAt)
        }

        /// The import run that sealed the stored value, while it is that import's (see ``isFromImport(importTimes:)``).
        public var importRun: Int64? {
            guard let importMark, importMark.run > 0, importMark.seal == Self.fingerprint(box) else { return nil }
            return importMark.run
        }

        /// Four bytes of a sealed box's authentication tag: different for every sealing.
        static func fingerprint(_ box: [UInt8]) -> UInt32 {
            box.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    /// Which import sealed a field's value: its run, and a fingerprint of the box it sealed.
    struct ImportMark: Sendable, Equatable {
        var run: Int64
        var seal: UInt32
        /// A value sealed by a writer other than an import (the person, a rectification, a form, a re-keying).
        static let otherWriter = ImportMark(run: 0, seal: 0)
    }

    /// Fields in insertion order; names are unique.
    public private(set) var fields: [Field]

    public init(fields: [Field] = []) {
        self.fields = []
        for field in fields { set(field) }
    }

    /// The field with a name, if stored.
    public subscript(name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// Stores or replaces a field.
    public mutating func set(_ field: Field) {
        if let index = fields.firstIndex(where: { $0.name == field.name }) {
            fields[index] = field
        } else {
            fields.append(field)
        }
    }

    /// Removes a field; returns whether it was there.
    @discardableResult
    public mutating func remove(_ name: String) -> Bool {
        guard let index = fields.firstIndex(where: { $0.name == name }) else { return false }
        fields.remove(at: index)
        return true
    }

    // MARK: Encoding

    /// Format 1: no import marks; format 2: after each field's times, who sealed its value: 0 unknown (a value from
    /// before marks existed), 1 a writer other than an import, or an import's run plus 1 followed by the 4-byte
    /// fingerprint of the box that import sealed.
    static let format: UInt8 = 1
    static let markedFormat: UInt8 = 2

    /// The binary form stored in `subject.fields`.
    public func encoded() -> [UInt8] {
        let marked = fields.contains { $0.importMark != nil }
        var out: [UInt8] = [marked ? Self.markedFormat : Self.format]
        out.reserveCapacity(fields.reduce(8) { $0 + $1.box.count + $1.name.utf8.count + 24 })
        VarInt.append(UInt64(fields.count), to: &out)
        for field in fields {
            let name = Array(field.name.utf8)
            VarInt.append(UInt64(name.count), to: &out)
            out.append(contentsOf: name)
            VarInt.append(UInt64(field.keyVersion), to: &out)
            VarInt.append(UInt64(bitPattern: field.createdAt), to: &out)
            VarInt.append(UInt64(bitPattern: field.updatedAt), to: &out)
            VarInt.append(UInt64(bitPattern: field.confirmedAt), to: &out)
            if marked {
                if let mark = field.importMark, mark.run > 0 {
                    VarInt.append(UInt64(bitPattern: mark.run) + 1, to: &out)
                    withUnsafeBytes(of: mark.seal.bigEndian) { out.append(contentsOf: $0) }
                } else {
                    VarInt.append(field.importMark == nil ? 0 : 1, to: &out)
                }
            }
            VarInt.append(UInt64(field.box.count), to: &out)
            out.append(contentsOf: field.box)
        }
        return out
    }

    /// Decodes the binary form.
    ///
    /// - Throws: ``VaultError`` `corruptRecord` for bytes that are not a sealed record.
    public init(encoded bytes: [UInt8]) throws {
        var reader = VarInt.Reader(bytes: bytes)
        let format = try reader.byte()
        guard format == Self.format || format == Self.markedFormat else {
            throw VaultError(.corruptRecord, "unknown sealed record format")
        }
        let count = try reader.int()
        var fields: [Field] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            let name = String(decoding: try reader.bytes(reader.int()), as: UTF8.self)
            let version = try reader.int()
            let created = Int64(bitPattern: try reader.uint())
            let updated = Int64(bitPattern: try reader.uint())
            let confirmed = Int64(bitPattern: try reader.uint())
            var mark: ImportMark?
            if format == Self.markedFormat {
                let writer = try reader.uint()
                if writer == 1 {
                    mark = .otherWriter
                } else if writer > 1 {
                    let seal = try reader.bytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    mark = ImportMark(run: Int64(bitPattern: writer - 1), seal: seal)
                }
            }
            let box = try reader.bytes(reader.int())
            var field = Field(name: name, keyVersion: version, box: box, createdAt: created, updatedAt: updated,
                              confirmedAt: confirmed)
            field.importMark = mark
            fields.append(field)
        }
        self.fields = fields
    }
}
