import Foundation
import Intake
import Testing

@Suite("CSVReader on the customer fixtures")
struct CSVReaderFixtureTests {
    static let files = [Fixtures.utf8File, Fixtures.windows1251File]

    @Test("Each fixture yields 1001 records with a 15-field header", arguments: files)
    func recordCountAndHeader(file: URL) throws {
        let result = try readAll(file)
        #expect(result.records.count == 1001)
        #expect(result.records.map(\.number) == Array(1...1001))
        #expect(result.delimiter == UInt8(ascii: ";"))
        let header = try #require(result.records.first)
        #expect(header.number == 1 && header.line == 1)
        #expect(header.fields.count == 15)
        #expect(header.fields.first == "ФИО")  // no byte order mark left
        #expect(header.fields.last == "Заметки")
        #expect(result.bytesRead == result.fileSize)
    }

    @Test("Encodings are detected: UTF-8 with BOM, and Windows-1251")
    func encodingsAreDetected() throws {
        #expect(try readAll(Fixtures.utf8File).encoding == .utf8)
        #expect(try readAll(Fixtures.windows1251File).encoding == .windows1251)
    }

    @Test("The Windows-1251 fixture decodes to the same Cyrillic header as the UTF-8 one")
    func windows1251DecodesCyrillic() throws {
        let utf8Header = try #require(try readAll(Fixtures.utf8File).records.first)
        let cp1251 = try readAll(Fixtures.windows1251File)
        #expect(cp1251.records.first?.fields == utf8Header.fields)
        // Every full row's name has Cyrillic letters, and no decoding produced replacement characters.
        for record in cp1251.records.dropFirst() where !record.fields[0].isEmpty {
            #expect(record.fields[0].unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) })
        }
        #expect(!cp1251.records.contains { $0.fields.contains { $0.contains("\u{FFFD}") } })
    }

    @Test("Short rows appear at the record numbers the manifest lists", arguments: files)
    func shortRowsMatchManifest(file: URL) throws {
        let manifest = try Fixtures.manifest(for: file)
        let records = try readAll(file).records
        let shortRows = records.filter { $0.fields.count == 5 }.map(\.number)
        #expect(!shortRows.isEmpty)
        #expect(shortRows == manifest.records(rejectedFor: "short_row"))
        #expect(records.allSatisfy { $0.fields.count == 15 || $0.fields.count == 5 })
    }

    @Test("Quoted notes keep their line breaks, and line numbers count them", arguments: files)
    func embeddedNewlinesAreKept(file: URL) throws {
        let records = try readAll(file).records
        let multiline = records.filter { $0.fields.contains { $0.contains("\n") } }
        #expect(multiline.count >= 10)
        var line = 1
        for record in records {
            #expect(record.line == line, "record \(record.number)")
            line += 1 + record.fields.reduce(0) { $0 + $1.utf8.count { $0 == 0x0A } }
        }
    }

    @Test("Rows rejected as too long still parse, with their 70,000-character notes", arguments: files)
    func longNotesParse(file: URL) throws {
        let manifest = try Fixtures.manifest(for: file)
        let records = try readAll(file).records
        let tooLong = manifest.records(rejectedFor: "too_long")
        #expect(!tooLong.isEmpty)
        for number in tooLong {
            #expect(records[number - 1].fields.count == 15)
            #expect(records[number - 1].fields[14].count == 70_000)
        }
    }

    @Test("Reading in tiny chunks gives the same records", arguments: files)
    func chunkBoundariesDoNotMatter(file: URL) throws {
        let whole = try readAll(file)
        let chunked = try readAll(file, chunkSize: 997)
        #expect(chunked.encoding == whole.encoding)
        #expect(chunked.records == whole.records)
    }

    @Test("Normalisers agree with the manifest on every row", arguments: files)
    func normalisersAgreeWithManifest(file: URL) throws {
        let manifest = try Fixtures.manifest(for: file)
        let records = try readAll(file).records
        for row in manifest.rows {
            let fields = records[row.row - 1].fields
            switch (row.expect, row.why) {
            case ("new", _):
                #expect(try Normalizer.name(fields[0]).isEmpty == false)
                if let phone = row.phone {
                    #expect(try Normalizer.phone(fields[1]) == phone, "record \(row.row)")
                } else {
                    #expect(fields[1].isEmpty)
                }
                if let email = row.email {
                    #expect(try Normalizer.email(fields[2]) == email, "record \(row.row)")
                } else {
                    #expect(fields[2].isEmpty)
                }
            case (_, "bad_email"?):
                #expect(throws: ValueProblem.self) { try Normalizer.email(fields[2]) }
            case (_, "bad_phone"?):
                #expect(throws: ValueProblem.self) { try Normalizer.phone(fields[1]) }
            case (_, "no_name"?):
                #expect(throws: ValueProblem.self) { try Normalizer.name(fields[0]) }
            case (_, "no_contact"?):
                #expect(fields[1].isEmpty && fields[2].isEmpty)
            default:
                break
            }
        }
    }

    @Test("Every date, amount, INN and consent cell of the fixtures normalises", arguments: files)
    func otherColumnsNormalise(file: URL) throws {
        let records = try readAll(file).records.dropFirst().filter { $0.fields.count == 15 }
        for record in records {
            let fields = record.fields
            for column in [4, 5, 8] where !fields[column].isEmpty {
                #expect(throws: Never.self, "record \(record.number)") { try Normalizer.date(fields[column]) }
            }
            if !fields[6].isEmpty {
                #expect(throws: Never.self, "record \(record.number)") { try Normalizer.amount(fields[6]) }
            }
            if !fields[10].isEmpty {
                #expect(throws: Never.self, "record \(record.number)") { try Normalizer.inn(fields[10]) }
            }
            #expect(Normalizer.consentAnswer(fields[12]) != nil, "record \(record.number)")
        }
    }
}
