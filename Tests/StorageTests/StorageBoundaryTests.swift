import Foundation
import Testing

/// Storage is the one target that talks to a database library: every other target reaches SQLite and PostgreSQL
/// through its ``SQLDatabase`` and ``SQLExecutor``, so the backend switch is written once.
@Suite("Only Storage imports GRDB or PostgresNIO")
struct StorageBoundaryTests {
    /// The modules of the database libraries.
    static let databaseModules: Set<String> = ["GRDB", "GRDBSQLite", "PostgresNIO", "_PostgresNIO"]

    /// The package's root: this file is Tests/StorageTests/StorageBoundaryTests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The database module an `import` line names, if any (access levels, attributes and `import struct` forms
    /// included); nil for any other line.
    static func databaseImport(in line: String) -> String? {
        var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "fileprivate",
                                                               "private"].contains(first) {
            words.removeFirst()
        }
        guard words.first == "import", words.count >= 2 else { return nil }
        let kinds = ["struct", "class", "enum", "protocol", "typealias", "func", "let", "var"]
        let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
        let module = String(path.split(separator: ".").first ?? "")
        return databaseModules.contains(module) ? module : nil
    }

    /// Every Swift file under `folder` of the package, as paths relative to the root.
    static func swiftFiles(under folder: String) -> [String] {
        let base = packageRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }
    }

    @Test("The scanner recognises each form of import")
    func recognisesImports() {
        #expect(Self.databaseImport(in: "import GRDB") == "GRDB")
        #expect(Self.databaseImport(in: "internal import GRDB") == "GRDB")
        #expect(Self.databaseImport(in: "@preconcurrency public import PostgresNIO") == "PostgresNIO")
        #expect(Self.databaseImport(in: "import struct GRDB.DatabaseQueue") == "GRDB")
        #expect(Self.databaseImport(in: "@testable import GRDBSQLite") == "GRDBSQLite")
        #expect(Self.databaseImport(in: "import GRDBKit") == nil)
        #expect(Self.databaseImport(in: "public import Storage") == nil)
        #expect(Self.databaseImport(in: "// import GRDB") == nil)
    }

    @Test("No source outside Sources/Storage imports a database library")
    func onlyStorageImports() throws {
        let files = Self.swiftFiles(under: "Sources") + Self.swiftFiles(under: "Connectors")
        // The scan read the package: finding no file would pass without looking at anything.
        #expect(files.count > 200, "found \(files.count) Swift files under \(Self.packageRoot.path)")
        var inStorage = 0
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.packageRoot.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let module = Self.databaseImport(in: String(line)) else { continue }
                if file.hasPrefix("Sources/Storage/") { inStorage += 1 } else { offenders.append("\(file): \(module)") }
            }
        }
        #expect(inStorage > 0, "Storage itself imports the libraries, so the scan recognises the imports")
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test("No target but Storage depends on GRDB or postgres-nio in Package.swift")
    func onlyStorageDepends() throws {
        let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = /\.(?:target|testTarget|executableTarget|systemLibrary)\(\s*name: "([^"]+)"/
        let starts = manifest.matches(of: declaration)
        var storageSeen = false
        var offenders: [String] = []
        for (index, start) in starts.enumerated() {
            // From this target's declaration to the next one's: its dependencies.
            let end = index + 1 < starts.count ? starts[index + 1].range.lowerBound : manifest.endIndex
            let target = manifest[start.range.lowerBound..<end]
            let dependsOnLibrary = target.contains("package: \"GRDB.swift\"")
                || target.contains("package: \"postgres-nio\"")
            let name = String(start.output.1)
            if name == "Storage" { storageSeen = dependsOnLibrary } else if dependsOnLibrary { offenders.append(name) }
        }
        #expect(starts.count > 20, "read \(starts.count) targets")
        #expect(storageSeen, "the manifest was read: Storage depends on the libraries")
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
