import Foundation
import Intake
import Testing

@Suite("CSVReader parsing")
struct CSVReaderTests {
    /// A sample with every quoting rule in it, read in chunks of every small size to exercise buffer boundaries.
    static let tricky = #"""
        name;note;tag\#r
        "Petrova; Anna";"She said ""hi""";x\#r
        "";"line one\#r
        line two";"a""b"\#r
        \#r
        plain;"ab"cd;\#r
        "two
        lines";last;"q;uote"
        """#

    static let trickyFields: [[String]] = [
        ["name", "note", "tag"],
        ["Petrova; Anna", "She said \"hi\"", "x"],
        ["", "line one\r\nline two", "a\"b"],
        ["plain", "abcd", ""],
        ["two\nlines", "last", "q;uote"],
    ]

    @Test("Quotes, \"\" escapes, delimiters and line breaks inside quotes, and a final line without a break")
    func quotingRules() throws {
        let result = try readAll(text: Self.tricky)
        #expect(result.fields == Self.trickyFields)
        #expect(result.records.map(\.number) == [1, 2, 3, 4, 5])
        #expect(result.records.map(\.line) == [1, 2, 3, 6, 7])
        #expect(result.bytesRead == result.fileSize)
    }

    @Test("Chunk boundaries anywhere give the same records", arguments: Array(1...9) + [16, 31])
    func chunkBoundaries(chunkSize: Int) throws {
        let result = try readAll(text: Self.tricky, bom: true, chunkSize: chunkSize)
        #expect(result.fields == Self.trickyFields)
        #expect(result.records.map(\.line) == [1, 2, 3, 6, 7])
        #expect(result.bytesRead == result.fileSize)
    }

    @Test("Comma-delimited input is detected, and semicolons inside it are data")
    func commaDelimited() throws {
        let result = try readAll(text: "\"a;b;c\",email,phone\nAnna;Petrova,anna@example.com,+79001234567\n")
        #expect(result.delimiter == UInt8(ascii: ","))
        #expect(result.fields == [["a;b;c", "email", "phone"], ["Anna;Petrova", "anna@example.com", "+79001234567"]])
    }

    @Test("Tab-delimited input is detected")
    func tabDelimited() throws {
        let result = try readAll(text: "name\temail\tnote\nAnna, Petrova\tanna@example.com\t\"a\tb\"\n")
        #expect(result.delimiter == UInt8(ascii: "\t"))
        #expect(result.fields == [["name", "email", "note"], ["Anna, Petrova", "anna@example.com", "a\tb"]])
    }

    @Test("Delimiters inside quoted header cells do not count, and ties go to the semicolon")
    func delimiterDetection() throws {
        #expect(try readAll(text: "\"x,y,z\";a;b\n1;2;3\n").delimiter == UInt8(ascii: ";"))
        #expect(try readAll(text: "\"x;y;z\",a,b\n1,2,3\n").delimiter == UInt8(ascii: ","))
        #expect(try readAll(text: "a;b,c\n").delimiter == UInt8(ascii: ";"))
        #expect(try readAll(text: "email\nanna@example.com\n").delimiter == UInt8(ascii: ";"))
    }

    @Test("An explicit delimiter overrides detection")
    func explicitDelimiter() throws {
        let result = try withTemporaryFile("a|b;c|d\n") { try readAll($0, delimiter: UInt8(ascii: "|")) }
        #expect(result.delimiter == UInt8(ascii: "|"))
        #expect(result.fields == [["a", "b;c", "d"]])
    }

    @Test("A UTF-8 byte order mark is stripped; without one the same fields come back")
    func byteOrderMark() throws {
        let text = "Имя;Email\nАнна;anna@example.com\n"
        let withBOM = try readAll(text: text, bom: true)
        let withoutBOM = try readAll(text: text)
        #expect(withBOM.fields == [["Имя", "Email"], ["Анна", "anna@example.com"]])
        #expect(withoutBOM.fields == withBOM.fields)
        #expect(withBOM.encoding == .utf8 && withoutBOM.encoding == .utf8)
        #expect(withBOM.bytesRead == withBOM.fileSize)
    }

    @Test("CRLF, LF and lone CR line ends read alike", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(separator: String) throws {
        let result = try readAll(text: ["a;b", "1;2", "3;4"].joined(separator: separator) + separator)
        #expect(result.fields == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(result.records.map(\.line) == [1, 2, 3])
    }

    @Test("Fully empty lines are skipped but counted as lines; a line of delimiters is a record")
    func emptyLines() throws {
        let result = try readAll(text: "\n\r\nh1;h2\n\n\r\nv1;v2\n;\n\n")
        #expect(result.fields == [["h1", "h2"], ["v1", "v2"], ["", ""]])
        #expect(result.records.map(\.number) == [1, 2, 3])
        #expect(result.records.map(\.line) == [3, 6, 7])
    }

    @Test("A trailing delimiter makes an empty last field; a missing final line break loses nothing")
    func trailingFields() throws {
        let result = try readAll(text: "a;b;\nc;d;\"e\"")
        #expect(result.fields == [["a", "b", ""], ["c", "d", "e"]])
    }

    @Test("A 70,000-character quoted field is read whole")
    func longField() throws {
        let note = String(repeating: "заметка ", count: 8_750)  // 70,000 characters, 131,250 bytes
        let result = try readAll(text: "id;note\n1;\"\(note)\"\n2;x\n")
        #expect(result.records.count == 3)
        #expect(result.records[1].fields[1].count == 70_000)
        #expect(result.records[2].fields == ["2", "x"])
    }

    @Test("bytesRead grows record by record up to the file size")
    func progress() throws {
        let (steps, size) = try withTemporaryFile("a;b\n1;2\n3;4\n") { url throws -> ([Int], Int) in
            var reader = try CSVReader(url: url, chunkSize: 4)
            var steps: [Int] = []
            while try reader.next() != nil {
                steps.append(reader.bytesRead)
            }
            return (steps, reader.fileSize)
        }
        #expect(steps == [4, 8, 12])
        #expect(size == 12)
    }
}
