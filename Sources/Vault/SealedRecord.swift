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

        public init(name: String, keyVersion: Int, box: [UInt8], createdAt: Int64, updatedAt: Int64, confirmedAt: Int64) {
            self.name = name
            self.keyVersion = keyVersion
            self.box = box
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.confirmedAt = confirmedAt
        }
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

    static let format: UInt8 = 1

    /// The binary form stored in `subject.fields`.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.format]
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
        guard try reader.byte() == Self.format else { throw VaultError(.corruptRecord, "unknown sealed record format") }
        let count = try reader.int()
        var fields: [Field] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            let name = String(decoding: try reader.bytes(reader.int()), as: UTF8.self)
            let version = try reader.int()
            let created = Int64(bitPattern: try reader.uint())
            let updated = Int64(bitPattern: try reader.uint())
            let confirmed = Int64(bitPattern: try reader.uint())
            let box = try reader.bytes(reader.int())
            fields.append(Field(name: name, keyVersion: version, box: box, createdAt: created, updatedAt: updated,
                                confirmedAt: confirmed))
        }
        self.fields = fields
    }
}
