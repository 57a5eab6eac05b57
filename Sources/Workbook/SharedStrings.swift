/// The shared string table of a workbook, packed in one byte buffer: a sheet refers to its strings by index.
///
/// Excel writes every text cell through this table, so it grows with the distinct texts of the workbook; it is
/// the one part read whole. Packing keeps it near the size of its text (a `String` per entry would double it).
struct SharedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    /// The number of strings.
    var count: Int { ends.count }

    /// The size of the packed text in bytes.
    var byteCount: Int { bytes.count }

    mutating func append(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
    }

    /// The string at `index`, or nil when the index is out of range.
    subscript(index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { String(decoding: $0[start..<ends[index]], as: UTF8.self) }
    }
}

/// Reads `sharedStrings.xml`: each `si` is a plain `t` or rich-text runs (`r/t`); phonetic runs (`rPh`) are not
/// part of the text.
struct SharedStringsParser: XMLScannerHandler {
    var table = SharedStrings()
    /// The largest total text accepted, in bytes.
    let limit: Int
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private var current: [UInt8] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func start(_ tag: XMLTag, empty: Bool) throws {
        if tag.is("si") {
            inItem = true
            current.removeAll(keepingCapacity: true)
            if empty { finishItem() }
        } else if tag.is("rPh") {
            if !empty { phoneticDepth += 1 }
        } else if tag.is("t") && inItem && phoneticDepth == 0 && !empty {
            inText = true
        }
    }

    mutating func end(_ name: XMLName) throws {
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        } else if name.is("si") {
            finishItem()
            if table.byteCount > limit {
                throw WorkbookError(.tooLarge,
                    "the workbook's shared strings hold more than \(limit >> 20) MiB of text; split the workbook")
            }
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws {
        guard inText else { return }
        if cdata { current.append(contentsOf: bytes) } else { XMLText.decode(bytes, into: &current) }
    }

    private mutating func finishItem() {
        guard inItem else { return }
        table.append(XMLText.unescapeOOXML(current))
        inItem = false
        inText = false
    }
}
