/// LEB128 unsigned integers for the compact record encoding.
enum VarInt {
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw VaultError(.corruptRecord, "sealed record is truncated") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw VaultError(.corruptRecord, "sealed record has an oversized integer") }
                result |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }

        mutating func int() throws -> Int {
            let value = try uint()
            guard value <= UInt64(Int32.max) else { throw VaultError(.corruptRecord, "sealed record length out of range") }
            return Int(value)
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else {
                throw VaultError(.corruptRecord, "sealed record is truncated")
            }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
    }
}
