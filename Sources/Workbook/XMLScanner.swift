/// Receives what ``XMLScanner`` finds, in document order.
///
/// Element and attribute names are matched by their local part (`x:row` is `row`), which is all SpreadsheetML
/// readers need: the parts of a workbook use one namespace per element kind.
protocol XMLScannerHandler {
    /// An opening tag; `empty` for `<tag/>`, which gets no ``end(_:)``.
    mutating func start(_ tag: XMLTag, empty: Bool) throws
    /// A closing tag.
    mutating func end(_ name: XMLName) throws
    /// Character data between tags, entities still encoded (CDATA sections arrive decoded, with `cdata` set).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws
}

/// The local part of an element name.
struct XMLName {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Whether the local name is `name` (ASCII).
    func `is`(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}

/// An opening tag: its name and a lazy view of its attributes.
struct XMLTag {
    /// The bytes between `<` and `>` (without a trailing `/`).
    let raw: UnsafeBufferPointer<UInt8>
    let name: XMLName
    /// Where the attributes start in `raw`.
    let attributesStart: Int

    func `is`(_ local: StaticString) -> Bool { name.is(local) }

    /// The decoded value of the attribute whose local name is `local`, if present.
    func attribute(_ local: StaticString) -> String? {
        var index = attributesStart
        let count = raw.count
        while index < count {
            while index < count && XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameStart = index
            while index < count && raw[index] != UInt8(ascii: "=") && !XMLScanner.isSpace(raw[index]) { index += 1 }
            let nameEnd = index
            while index < count && raw[index] != UInt8(ascii: "=") { index += 1 }
            index += 1
            while index < count && XMLScanner.isSpace(raw[index]) { index += 1 }
            guard index < count else { return nil }
            let quote = raw[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            index += 1
            let valueStart = index
            while index < count && raw[index] != quote { index += 1 }
            let valueEnd = min(index, count)
            index += 1
            var localStart = nameStart
            for position in nameStart..<nameEnd where raw[position] == UInt8(ascii: ":") { localStart = position + 1 }
            let matches = local.withUTF8Buffer { wanted in
                wanted.elementsEqual(UnsafeBufferPointer(rebasing: raw[localStart..<nameEnd]))
            }
            if matches {
                let value = UnsafeBufferPointer(rebasing: raw[valueStart..<valueEnd])
                guard value.contains(UInt8(ascii: "&")) else { return String(decoding: value, as: UTF8.self) }
                var decoded: [UInt8] = []
                XMLText.decode(value, into: &decoded)
                return String(decoding: decoded, as: UTF8.self)
            }
        }
        return nil
    }
}

/// A push-driven XML tokenizer for the parts of a workbook: feed it the bytes of one part in chunks of any size,
/// as the archive inflates them, and it reports tags and text to a handler.
///
/// It holds only the unfinished token between chunks, so a sheet of any size streams in constant memory (a single
/// text run or tag is limited to ``maxTokenBytes``). Comments, processing instructions and the XML declaration
/// are skipped; a document type declaration is refused (workbooks have none, and refusing it rules out entity
/// expansion attacks).
struct XMLScanner {
    /// The largest single tag or text run accepted: 32 MiB (Excel caps a cell at 32,767 characters).
    static let maxTokenBytes = 32 << 20

    private var pending: [UInt8] = []
    private(set) var bytesScanned = 0
    /// The part being read, for error messages.
    let part: String

    init(part: String) {
        self.part = part
        pending.reserveCapacity(1 << 17)
    }

    /// Scans `chunk` after what is pending; tokens cut by the chunk's end wait for the next one.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, to handler: inout some XMLScannerHandler)
        throws
    {
        pending.append(contentsOf: chunk)
        bytesScanned += chunk.count
        let part = self.part
        let consumed = try pending.withUnsafeBufferPointer { buffer throws -> Int in
            try Self.scan(buffer, part: part, final: false, handler: &handler)
        }
        if consumed > 0 { pending.removeSubrange(0..<consumed) }
        if pending.count > Self.maxTokenBytes {
            throw WorkbookError(.malformed, "\(part): a tag or text run is larger than 32 MiB; the file is damaged")
        }
    }

    /// Ends the document: what is left must be whitespace or text.
    mutating func finish(to handler: inout some XMLScannerHandler) throws {
        let part = self.part
        _ = try pending.withUnsafeBufferPointer { buffer throws -> Int in
            try Self.scan(buffer, part: part, final: true, handler: &handler)
        }
        pending.removeAll()
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Scans complete tokens; returns how many bytes were consumed.
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, part: String, final: Bool, handler: inout some XMLScannerHandler
    ) throws -> Int {
        let count = bytes.count
        var position = 0
        while position < count {
            if bytes[position] != UInt8(ascii: "<") {
                var end = position
                while end < count && bytes[end] != UInt8(ascii: "<") { end += 1 }
                if end == count && !final { return position }
                try handler.text(UnsafeBufferPointer(rebasing: bytes[position..<end]), cdata: false)
                position = end
                continue
            }
            // A markup token starting at `position`.
            guard position + 1 < count else { return final ? try truncated(part) : position }
            let next = bytes[position + 1]
            if next == UInt8(ascii: "!") {
                if starts(bytes, at: position, with: "<!--") {
                    guard let end = find(bytes, from: position + 4, "-->") else {
                        return final ? try truncated(part) : position
                    }
                    position = end + 3
                } else if starts(bytes, at: position, with: "<![CDATA[") {
                    guard let end = find(bytes, from: position + 9, "]]>") else {
                        return final ? try truncated(part) : position
                    }
                    try handler.text(UnsafeBufferPointer(rebasing: bytes[(position + 9)..<end]), cdata: true)
                    position = end + 3
                } else if count - position < 9 && !final {
                    return position
                } else {
                    throw WorkbookError(.malformed,
                        "\(part) has a document type declaration; workbooks have none, so the file is refused")
                }
                continue
            }
            if next == UInt8(ascii: "?") {
                guard let end = find(bytes, from: position + 2, "?>") else {
                    return final ? try truncated(part) : position
                }
                position = end + 2
                continue
            }
            // A tag: find its `>` outside quoted attribute values.
            var end = position + 1
            var quote: UInt8 = 0
            while end < count {
                let byte = bytes[end]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                end += 1
            }
            if end == count { return final ? try truncated(part) : position }
            if next == UInt8(ascii: "/") {
                var nameEnd = position + 2
                while nameEnd < end && !isSpace(bytes[nameEnd]) { nameEnd += 1 }
                try handler.end(localName(bytes, from: position + 2, to: nameEnd))
            } else {
                let empty = bytes[end - 1] == UInt8(ascii: "/")
                let rawEnd = empty ? end - 1 : end
                var nameEnd = position + 1
                while nameEnd < rawEnd && !isSpace(bytes[nameEnd]) { nameEnd += 1 }
                let raw = UnsafeBufferPointer(rebasing: bytes[(position + 1)..<rawEnd])
                let tag = XMLTag(raw: raw, name: localName(bytes, from: position + 1, to: nameEnd),
                                 attributesStart: nameEnd - position - 1)
                try handler.start(tag, empty: empty)
            }
            position = end + 1
        }
        return position
    }

    private static func truncated(_ part: String) throws -> Int {
        throw WorkbookError(.malformed, "\(part) ends inside a tag; the file is truncated or damaged")
    }

    private static func localName(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> XMLName {
        var local = start
        for position in start..<end where bytes[position] == UInt8(ascii: ":") { local = position + 1 }
        return XMLName(bytes: UnsafeBufferPointer(rebasing: bytes[local..<end]))
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, with prefix: StaticString)
        -> Bool
    {
        prefix.withUTF8Buffer { wanted in
            position + wanted.count <= bytes.count
                && wanted.elementsEqual(UnsafeBufferPointer(rebasing: bytes[position..<(position + wanted.count)]))
        }
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ needle: StaticString) -> Int? {
        needle.withUTF8Buffer { wanted -> Int? in
            guard bytes.count >= wanted.count else { return nil }
            var position = start
            while position + wanted.count <= bytes.count {
                if bytes[position] == wanted[0]
                    && wanted.elementsEqual(UnsafeBufferPointer(rebasing: bytes[position..<(position + wanted.count)]))
                {
                    return position
                }
                position += 1
            }
            return nil
        }
    }
}
