import Foundation
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

    /// The keys a template reads as `{{prefix.key}}` (or in a section tag).
    static func keys(prefix: String, in template: String) throws -> Set<String> {
        let folder = try TemplateFolder.templatesDirectory().appendingPathComponent("Console")
        let text = try String(contentsOf: folder.appendingPathComponent("\(template).mustache"), encoding: .utf8)
        let pattern = try Regex("\\{\\{[#^/]?\(prefix)\\.([a-z_]+)\\}\\}")
        return Set(text.matches(of: pattern).compactMap { $0.output[1].substring.map(String.init) })
    }
}
