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
        /// Who sealed ``box``, as far as imports are concerned (see ``isFromImport(importTimes:)``).
        var writer: Writer

        /// A field; `importRun` names the import that sealed `box`, nil for any other writer.
        public init(name: String, keyVersion: Int, box: [UInt8], createdAt: Int64, updatedAt: Int64, confirmedAt: Int64,
                    importRun: Int64? = nil) {
            self.name = name
            self.keyVersion = keyVersion
            self.box = box
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.confirmedAt = confirmedAt
            writer = importRun.map { .importRun($0, seal: Self.fingerprint(box)) } ?? .other
        }

        /// Whether the stored value is the one an import's file gave, rather than one a later writer (the person, a
        /// rectification, a form, a re-keying) sealed since.
        ///
        /// The mark holds a fingerprint of the box the import sealed, and every sealing draws a fresh nonce: a writer
        /// that replaces ``box`` without knowing about imports leaves a mark that no longer matches, so its value
        /// never passes for the file's. Fields stored before marks existed carry none: `importTimes` (the start
        /// times of the vault's import runs, which imports use as ``updatedAt``) recognises their imported values.
        public func isFromImport(importTimes: Set<Int64> = []) -> Bool {
            switch writer {
            case .importRun(_, let seal): seal == Self.fingerprint(box)
            case .unknown: importTimes.contains(updatedAt)
            case .other: false
            }
        }

        /// The import run that sealed the stored value, while it is that import's (see ``isFromImport(importTimes:)``).
        public var importRun: Int64? {
            guard case .importRun(let run, let seal) = writer, seal == Self.fingerprint(box) else { return nil }
            return run
        }

        /// Four bytes of a sealed box's authentication tag: different for every sealing.
        static func fingerprint(_ box: [UInt8]) -> UInt32 {
            box.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
    }

    /// Who sealed a field's value, as far as imports are concerned.
    enum Writer: Sendable, Equatable {
        /// An import run, with a fingerprint of the box it sealed.
        case importRun(Int64, seal: UInt32)
        /// A writer other than an import (the person, a rectification, a form, a re-keying).
        case other
        /// Not recorded: the field was stored before writers were (format 1).
        case unknown
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

    /// Format 1: no writers (every field's is ``Writer/unknown``); format 2: after each field's times, its writer:
    /// 0 other, 1 unknown, 2 an import run followed by the run and the 4-byte fingerprint of the box it sealed.
    static let format: UInt8 = 1
    static let markedFormat: UInt8 = 2

    /// The binary form stored in `subject.fields`.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.markedFormat]
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
            switch field.writer {
            case .other:
                out.append(0)
            case .unknown:
                out.append(1)
            case .importRun(let run, let seal):
                out.append(2)
                VarInt.append(UInt64(bitPattern: run), to: &out)
                withUnsafeBytes(of: seal.bigEndian) { out.append(contentsOf: $0) }
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
            var writer = Writer.unknown
            if format == Self.markedFormat {
                switch try reader.byte() {
                case 0: writer = .other
                case 1: writer = .unknown
                case 2:
                    let run = Int64(bitPattern: try reader.uint())
                    writer = .importRun(run, seal: try reader.bytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                default: throw VaultError(.corruptRecord, "unknown field writer in a sealed record")
                }
            }
            let box = try reader.bytes(reader.int())
            var field = Field(name: name, keyVersion: version, box: box, createdAt: created, updatedAt: updated,
                              confirmedAt: confirmed)
            field.writer = writer
            fields.append(field)
        }
        self.fields = fields
    }
}
