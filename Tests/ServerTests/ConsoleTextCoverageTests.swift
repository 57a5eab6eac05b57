import Foundation
import PDGateTesting
import Policy
@testable import Server
import Testing

/// Every text a console template asks for exists in both languages: a missing key renders blank (`{{s.key}}`) or as
/// the key itself, as the access review's missing "Tokens" heading once did.
@Suite("Console texts cover the templates")
struct ConsoleTextCoverageTests {
    /// The page texts (`{{s.…}}`) each template reads, by table.
    static let pageTables: [String: @Sendable (Language) -> [String: String]] = [
        "incidents": ConsoleRoutes.incidentStrings, "incident": ConsoleRoutes.incidentStrings,
        "incident_new": ConsoleRoutes.incidentStrings, "access_review": ConsoleRoutes.accessReviewStrings,
        "tokens": ConsoleRoutes.tokenStrings,
    ]

    @Test("Each {{t.key}} of every console template is in the Russian and the English table",
          arguments: ConsoleRenderer.templateNames)
    func sharedTexts(template: String) throws {
        let keys = try Self.keys(prefix: "t", in: template)
        for language in [Language.ru, .en] {
            let missing = keys.subtracting(ConsoleStrings.table(language).keys)
            #expect(missing.isEmpty, "\(template) in \(language.rawValue): \(missing.sorted())")
        }
    }

    @Test("Each {{s.key}} of a page is in that page's Russian and English texts",
          arguments: Array(pageTables.keys).sorted())
    func pageTexts(template: String) throws {
        let keys = try Self.keys(prefix: "s", in: template)
        #expect(!keys.isEmpty)
        let texts = try #require(Self.pageTables[template])
        for language in [Language.ru, .en] {
            let table = texts(language)
            let missing = keys.subtracting(table.keys)
            #expect(missing.isEmpty, "\(template) in \(language.rawValue): \(missing.sorted())")
        }
    }

    @Test("One table per language: every key in one part only, the same keys in Russian and English")
    func oneTable() {
        for (language, parts) in [(Language.en, ConsoleStrings.englishParts), (.ru, ConsoleStrings.russianParts)] {
            #expect(parts.map(\.count).reduce(0, +) == ConsoleStrings.table(language).count,
                    "a key of the \(language.rawValue) table is in two parts")
        }
        let english = Set(ConsoleStrings.english.keys)
        let russian = Set(ConsoleStrings.russian.keys)
        #expect(english == russian, "only in one language: \(english.symmetricDifference(russian).sorted())")
        for page in ["tokens", "access_review", "incidents", "incident", "event"] {
            #expect(!ConsoleStrings.page(page, .ru).isEmpty && !ConsoleStrings.page(page, .en).isEmpty, "\(page)")
        }
    }

    @Test("No console source writes a text inline (`ru ? … : …`): texts live in ConsoleStrings only")
    func noInlineTexts() throws {
        let folder = Repository.root.appendingPathComponent("Sources/Server/Console")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        let inline = try Regex(#"[^.\w]ru \?"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(inline), "\(file) writes a text inline")
        }
    }

    /// The keys a template reads as `{{prefix.key}}` (or in a section tag).
    static func keys(prefix: String, in template: String) throws -> Set<String> {
        let folder = try TemplateFolder.templatesDirectory().appendingPathComponent("Console")
        let text = try String(contentsOf: folder.appendingPathComponent("\(template).mustache"), encoding: .utf8)
        let pattern = try Regex("\\{\\{[#^/]?\(prefix)\\.([a-z_]+)\\}\\}")
        return Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }
}
