extension CSVReader {
    /// Detects the encoding of a file without a byte order mark: UTF-8 if the whole file is valid UTF-8, otherwise
    /// Windows-1251.
    ///
    /// Reads the rest of the file once, streaming, and returns to where `file`'s buffer ends.
    ///
    /// - Throws: ``CSVError`` with ``CSVError/Code/binaryContent`` on a NUL byte, or
    ///   ``CSVError/Code/unreadableFile``.
    static func detectEncoding(of file: ChunkedFile) throws(CSVError) -> TextEncoding {
        var carry: [UInt8] = []
        var valid = true
        var binary = false
        /// Validates `chunk` after the bytes carried over from the previous one.
        func check(_ chunk: UnsafeBufferPointer<UInt8>, isFinal: Bool) -> Bool {
            if chunk.contains(0) {
                binary = true
                return false
            }
            var bytes = chunk
            if !carry.isEmpty {
                // Complete the sequence cut off at the end of the previous chunk, and check it alone.
                let length = UTF8Validator.sequenceLength(lead: carry[0])
                let needed = min(length - carry.count, chunk.count)
                carry.append(contentsOf: chunk.prefix(needed))
                let complete = carry.count == length
                let outcome = carry.withUnsafeBufferPointer {
                    UTF8Validator.validate($0, isFinal: complete || isFinal)
                }
                guard outcome != .invalid else {
                    valid = false
                    return false
                }
                guard complete else { return true }  // a chunk shorter than the rest of the sequence
                carry.removeAll()
                bytes = UnsafeBufferPointer(rebasing: chunk[needed...])
            }
            switch UTF8Validator.validate(bytes, isFinal: isFinal) {
            case .valid:
                return true
            case .invalid:
                valid = false
                return false
            case .truncated(let offset):
                carry = Array(bytes[offset...])
                return true
            }
        }
        _ = file.bytes.withUnsafeBufferPointer { check($0, isFinal: file.atEOF) }
        if valid && !binary && !file.atEOF {
            try file.scanRemainder { check($0, isFinal: false) }
            if valid && !binary && !carry.isEmpty {
                valid = false  // the file ends inside a sequence
            }
        }
        if binary {
            throw CSVError(.binaryContent, binaryMessage)
        }
        return valid ? .utf8 : .windows1251
    }

    /// How many lines of the first ``voteSampleBytes`` of a file that is not all UTF-8 hold non-ASCII bytes that
    /// are valid UTF-8, and how many hold bytes that are not: a UTF-8 file with a few rows pasted from a
    /// Windows-1251 one has far more of the first.
    ///
    /// Reads from the start of `file`'s buffer and returns to where it ends.
    static func voteOnLines(of file: ChunkedFile) throws(CSVError) -> (utf8: Int, other: Int) {
        var votes = (utf8: 0, other: 0)
        var carry: [UInt8] = []
        var scanned = 0
        func vote(_ line: UnsafeBufferPointer<UInt8>) {
            guard line.contains(where: { $0 >= 0x80 }) else { return }
            if UTF8Validator.validate(line) == .valid { votes.utf8 += 1 } else { votes.other += 1 }
        }
        func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
            var start = chunk.startIndex
            while let end = chunk[start...].firstIndex(of: RecordScanner.lineFeed) {
                let piece = UnsafeBufferPointer(rebasing: chunk[start..<end])
                if carry.isEmpty {
                    vote(piece)
                } else {
                    carry.append(contentsOf: piece)
                    carry.withUnsafeBufferPointer { vote($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
            if carry.count < 1 << 16 { carry.append(contentsOf: chunk[start...]) }
            scanned += chunk.count
            return scanned < voteSampleBytes
        }
        let more = file.bytes.withUnsafeBufferPointer { feed($0) }
        if more && !file.atEOF { try file.scanRemainder(feed) }
        carry.withUnsafeBufferPointer { vote($0) }
        return votes
    }

    /// How much of a file ``voteOnLines(of:)`` reads.
    static let voteSampleBytes = 8 << 20

    /// Moves `position` past line breaks, reading more of `file` as needed.
    ///
    /// - Returns: Whether a record follows.
    static func skipEmptyLines(
        in file: inout ChunkedFile,
        position: inout Int,
        line: inout Int
    ) throws(CSVError) -> Bool {
        while true {
            if position >= file.bytes.count {
                if file.atEOF { return false }
                position -= try file.refill(keepingFrom: position)
                continue
            }
            let byte = file.bytes[position]
            if byte == RecordScanner.lineFeed {
                position += 1
            } else if byte == RecordScanner.carriageReturn {
                if position + 1 >= file.bytes.count && !file.atEOF {
                    position -= try file.refill(keepingFrom: position)
                    continue
                }
                let crlf = position + 1 < file.bytes.count && file.bytes[position + 1] == RecordScanner.lineFeed
                position += crlf ? 2 : 1
            } else {
                return true
            }
            line += 1
        }
    }

    /// Picks the most frequent of `;`, `,` and tab outside quotes in the line at `position`; `;` when there is
    /// none, and on a tie `;` before `,` before tab.
    ///
    /// Reads more of `file` until the line ends, the file ends, or `limit` bytes are buffered.
    static func detectDelimiter(in file: inout ChunkedFile, position: inout Int, limit: Int) throws(CSVError) -> UInt8 {
        let candidates: [UInt8] = [0x3B, 0x2C, 0x09]
        while true {
            var counts = [0, 0, 0]
            var inQuotes = false
            var complete = false
            for byte in file.bytes[position...] {
                if byte == RecordScanner.quote {
                    inQuotes.toggle()
                } else if !inQuotes {
                    if byte == RecordScanner.lineFeed || byte == RecordScanner.carriageReturn {
                        complete = true
                        break
                    }
                    if let index = candidates.firstIndex(of: byte) { counts[index] += 1 }
                }
            }
            if complete || file.atEOF || file.bytes.count - position > limit {
                let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }
                return best.map { counts[$0] > 0 ? candidates[$0] : candidates[0] } ?? candidates[0]
            }
            position -= try file.refill(keepingFrom: position, minimum: file.bytes.count - position)
        }
    }
}
