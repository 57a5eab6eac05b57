import Foundation
import Hummingbird
import HummingbirdTesting
import Mailer
import Server
import Testing

/// Every page of the privacy center names the operator (`operator.yaml`) and links to its processing policy.
@Suite("The operator on every privacy-center page")
struct PrivacyOperatorTests {
    @Test("The start and sign-up pages name the operator in the page's language and link to the policy",
          arguments: ["/privacy?lang=en", "/privacy/signup?lang=ru"])
    func operatorNamed(path: String) async throws {
        let inbox = try FolderMailer(folder: FileManager.default.temporaryDirectory
            .appendingPathComponent("pdgate-inbox-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: inbox.folder) }
        let test = try await TestServer.make { $0.privacyCenter = PrivacyCenterConfiguration(mailer: inbox) }
        try await test.test { client async throws in
            let page = try await client.send(.get, path)
            #expect(page.status == .ok)
            let name = path.hasSuffix("lang=ru") ? "ООО «Кофейный дом»" : "Kofeyny Dom LLC"
            #expect(page.text.contains(name.replacingOccurrences(of: "«", with: "&laquo;")) || page.text.contains(name))
            #expect(page.text.contains(#"<a href="https://example.com/privacy">"#))
        }
    }
}
