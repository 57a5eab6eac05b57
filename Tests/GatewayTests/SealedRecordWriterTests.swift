import Testing
import Vault

/// Which writer sealed a field decides whether a re-import may replace it (issue 24, finding 4).
@Suite("Sealed record writers")
struct SealedRecordWriterTests {
    static let box: [UInt8] = Array(1...40)

    @Test("An import's mark survives storage and holds only while the box is the one the import sealed")
    func importMarkFollowsTheBox() throws {
        let field = SealedRecord.Field(name: "company", keyVersion: 1, box: Self.box, createdAt: 10, updatedAt: 10,
                                       confirmedAt: 10, importRun: 7)
        let stored = try SealedRecord(encoded: SealedRecord(fields: [field]).encoded())
        let decoded = try #require(stored["company"])
        #expect(decoded == field && decoded.isFromImport() && decoded.importRun == 7)
        var resealed = decoded
        resealed.box = Array(2...41)
        resealed.updatedAt = 10
        #expect(!resealed.isFromImport(importTimes: [10]), "another writer's box never passes for the file's")
        let other = SealedRecord.Field(name: "company", keyVersion: 1, box: Self.box, createdAt: 10, updatedAt: 10,
                                       confirmedAt: 10)
        #expect(!other.isFromImport(importTimes: [10]), "a same-second rectification is not the file's")
    }

    @Test("Fields stored before writers were recorded count as the file's when an import run wrote them then")
    func unrecordedFieldsFallBackToImportTimes() throws {
        var bytes: [UInt8] = [1, 1, 7] + Array("company".utf8) + [1, 10, 10, 10, UInt8(Self.box.count)]
        bytes += Self.box
        let field = try #require(try SealedRecord(encoded: bytes)["company"])
        #expect(field.isFromImport(importTimes: [10]))
        #expect(!field.isFromImport(importTimes: [11]))
        let again = try #require(try SealedRecord(encoded: SealedRecord(fields: [field]).encoded())["company"])
        #expect(again.isFromImport(importTimes: [10]) && again == field, "the unknown writer is kept when re-stored")
    }
}
