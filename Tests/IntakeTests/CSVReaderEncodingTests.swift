import Foundation
import Intake
import Testing

@Suite("CSVReader encodings")
struct CSVReaderEncodingTests {
    /// Python's `bytes(range(0x80, 0x100)).decode("cp1251")` without the undefined 0x98.
    static let windows1251Upper =
        "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџ\u{A0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{AD}®Ї°±Ііґµ¶·ё№є»јЅѕї"
        + "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя"

    @Test("Every defined Windows-1251 byte decodes to its character")
    func windows1251Table() throws {
        let upper = (0x80...0xFF).map(UInt8.init).filter { $0 != 0x98 }
        let result = try withTemporaryFile(Array("x;".utf8) + upper + Array("\n".utf8)) { try readAll($0) }
        #expect(result.encoding == .windows1251)
        #expect(result.fields == [["x", Self.windows1251Upper]])
    }

    @Test("Windows-1251 Cyrillic is detected without being told")
    func windows1251IsDetected() throws {
        // "Имя;Телефон\nПётр Иванов;+79001234567\n" in Windows-1251.
        let bytes: [UInt8] =
            [0xC8, 0xEC, 0xFF, 0x3B, 0xD2, 0xE5, 0xEB, 0xE5, 0xF4, 0xEE, 0xED, 0x0A]
            + [0xCF, 0xB8, 0xF2, 0xF0, 0x20, 0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2, 0x3B]
            + Array("+79001234567\n".utf8)
        let result = try withTemporaryFile(bytes) { try readAll($0) }
        #expect(result.encoding == .windows1251)
        #expect(result.fields == [["Имя", "Телефон"], ["Пётр Иванов", "+79001234567"]])
    }

    @Test("UTF-8 without a BOM is detected even when multi-byte characters straddle chunks", arguments: [1, 2, 3, 5])
    func utf8IsDetectedAcrossChunks(chunkSize: Int) throws {
        let text = "name;city\n" + String(repeating: "Анна Ёлкина;Москва 😀\n", count: 20)
        let result = try readAll(text: text, chunkSize: chunkSize)
        #expect(result.encoding == .utf8)
        #expect(result.records.count == 21)
        #expect(result.records.last?.fields == ["Анна Ёлкина", "Москва 😀"])
    }

    @Test("UTF-8 detection holds for 2-, 3- and 4-byte characters at every chunk boundary", arguments: 1...40)
    func utf8DetectionAtEveryBoundary(chunkSize: Int) throws {
        let text = "h;t\n" + String(repeating: "aЖ✨😀bЖЖ;✨✨😀Ж\n", count: 8)
        let result = try readAll(text: text, chunkSize: chunkSize)
        #expect(result.encoding == .utf8)
        #expect(result.records.last?.fields == ["aЖ✨😀bЖЖ", "✨✨😀Ж"])
    }

    @Test("A file that ends inside a UTF-8 sequence is not UTF-8")
    func truncatedUTF8AtEnd() throws {
        let bytes = Array(String(repeating: "ascii;row\n", count: 5).utf8) + Array("x;Ж".utf8).dropLast()
        let result = try withTemporaryFile(bytes) { try readAll($0, chunkSize: 8) }
        #expect(result.encoding == .windows1251)
    }

    @Test("A Windows-1251 byte far past the first chunk still makes the file Windows-1251")
    func lateWindows1251Byte() throws {
        let bytes = Array(("h;n\n" + String(repeating: "ascii;row\n", count: 50) + "x;").utf8) + [0xB8, 0x0A]
        let result = try withTemporaryFile(bytes) { try readAll($0, chunkSize: 16) }
        #expect(result.encoding == .windows1251)
        #expect(result.records.last?.fields == ["x", "ё"])
    }

    @Test("Pure ASCII is read as UTF-8")
    func asciiIsUTF8() throws {
        #expect(try readAll(text: "a;b\n1;2\n").encoding == .utf8)
    }

    @Test("An explicit encoding is used as given")
    func explicitEncoding() throws {
        // The UTF-8 bytes of "ё" (D1 91) read as Windows-1251 are "С‘".
        let result = try withTemporaryFile("a;ё\n") { try readAll($0, encoding: .windows1251) }
        #expect(result.encoding == .windows1251)
        #expect(result.fields == [["a", "С‘"]])
    }

    @Test("Invalid UTF-8 after a BOM names its record and line, and reading continues")
    func invalidUTF8NamesRecord() throws {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("a;b\n\"x\ny\";z\nc;".utf8) + [0xC0, 0xAF]
            + Array("\ne;f\n".utf8)
        try withTemporaryFile(bytes) { url in
            var reader = try CSVReader(url: url)
            #expect(reader.encoding == .utf8)
            _ = try reader.next()
            _ = try reader.next()
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .invalidEncoding)
            #expect(error.record == 3 && error.line == 4)
            #expect(error.message.contains("field 2"))
            let after = try reader.next()
            #expect(after == CSVRecord(number: 4, line: 5, fields: ["e", "f"]))
        }
    }

    @Test("Windows-1251's undefined byte 0x98 is an encoding error for its record")
    func undefinedWindows1251Byte() throws {
        let bytes = Array("a;b\nc;".utf8) + [0x98] + Array("\n".utf8)
        try withTemporaryFile(bytes) { url in
            var reader = try CSVReader(url: url, encoding: .windows1251)
            _ = try reader.next()
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .invalidEncoding && error.record == 2 && error.line == 2)
            #expect(try reader.next() == nil)
        }
    }

    @Test("UTF-16 files are refused with a hint")
    func utf16IsRefused() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("a;b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let error = try #require(try readError(bytes))
        #expect(error.code == .invalidEncoding)
        #expect(error.message.contains("UTF-16"))
    }
}

@Suite("Mixed encodings")
struct MixedEncodingTests {
    @Test("A UTF-8 record in a Windows-1251 file is a mixedEncoding error for that record only")
    func utf8RecordInWindows1251File() throws {
        let windows1251: [UInt8] = [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2]  // "Иванов"
        let bytes = Array("name;city\n".utf8) + windows1251 + Array(";a\n".utf8)
            + Array("Смирнова;b\n".utf8) + windows1251 + Array(";c\n".utf8)
        try withTemporaryFile(bytes) { url in
            var reader = try CSVReader(url: url)
            #expect(reader.encoding == .windows1251)
            _ = try reader.next()
            #expect(try reader.next()?.fields == ["Иванов", "a"])
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .mixedEncoding && error.record == 3 && error.isRecordLevel)
            #expect(error.message.contains("field 1") && error.message.contains("UTF-8"))
            #expect(try reader.next()?.fields == ["Иванов", "c"])
        }
    }

    @Test("Windows-1251 text with punctuation that forms UTF-8 byte pairs is not taken for UTF-8",
          arguments: [[0xAB, 0xDF, 0xBB], [0xCE, 0xCE, 0xCE, 0x20, 0xAB, 0xDF, 0xBB], [0xD0, 0xBB], [0xB9, 0x20, 0x35]]
            as [[UInt8]])
    func windows1251PunctuationIsNotUTF8(_ field: [UInt8]) throws {
        // «Я», ООО «Я», Р», № 5
        let bytes = Array("name\n".utf8) + field + Array("\n".utf8) + [0xC0, 0xC1]
        try withTemporaryFile(bytes) { url in
            var reader = try CSVReader(url: url, encoding: .windows1251)
            _ = try reader.next()
            #expect(try reader.next()?.fields.count == 1)
        }
    }
}

extension MixedEncodingTests {
    @Test("A UTF-8 file with one Windows-1251 row is read as UTF-8, the odd row a mixedEncoding error")
    func windows1251RecordInUTF8File() throws {
        let bytes = Array("name;city\nСмирнова;a\nПетров;b\n".utf8) + [0xC8, 0xE2, 0xE0, 0xED, 0xEE, 0xE2]
            + Array(";c\nСидоров;d\n".utf8)
        try withTemporaryFile(bytes) { url in
            var reader = try CSVReader(url: url)
            #expect(reader.encoding == .utf8)
            _ = try reader.next()
            #expect(try reader.next()?.fields == ["Смирнова", "a"])
            #expect(try reader.next()?.fields == ["Петров", "b"])
            let error = try #require(throws: CSVError.self) { try reader.next() }
            #expect(error.code == .mixedEncoding && error.record == 4 && error.message.contains("field 1"))
            #expect(try reader.next()?.fields == ["Сидоров", "d"])
        }
    }
}
