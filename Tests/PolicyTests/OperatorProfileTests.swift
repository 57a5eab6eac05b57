import Foundation
import Policy
import Testing

@Suite("operator.yaml and the cross-border gate")
struct OperatorProfileTests {
    static func shippedWithOperator(_ operatorText: String? = nil) throws -> [String: String] {
        var files = try PolicyFixtures.shippedFiles()
        files["operator.yaml"] = try operatorText ?? String(
            contentsOf: PolicyFixtures.shippedPolicies.appendingPathComponent("operator.yaml"), encoding: .utf8)
        return files
    }

    static var shippedOperator: String {
        (try? String(contentsOf: PolicyFixtures.shippedPolicies.appendingPathComponent("operator.yaml"),
                     encoding: .utf8)) ?? ""
    }

    static let notified = shippedOperator + """

        transfer_notifications:
          mailchimp: {date: 2025-03-14, reference: "RKN-0042"}

        """

    @Test("The shipped operator loads with its registration numbers, processors and storage country")
    func shippedOperatorLoads() throws {
        let policies = try PolicyFixtures.shipped.get()
        let profile = try #require(policies.operatorProfile)
        #expect(profile.inn == "7701234560" && profile.ogrn == "1027700123450")
        #expect(profile.dataCountry == "RU" && profile.jurisdiction == "RU")
        #expect(profile.processors.compactMap(\.recipient) == ["unisender", "moedelo", "voximplant", "mailchimp"])
        #expect(profile.policyURL == "https://example.com/privacy" && profile.protectionMeasures != nil)
        #expect(profile.transferNotifications.isEmpty)
    }

    @Test("A wrong check digit in the ИНН is rejected at its line")
    func badINN() throws {
        let text = Self.shippedOperator.replacingOnce(#"inn: "7701234560""#, with: #"inn: "7701234561""#)
        let error = try #require(try PolicyFixtures.withFolder(try Self.shippedWithOperator(text)) {
            PolicyFixtures.loadError(from: $0)
        })
        #expect(error.code == .invalidValue)
        #expect(error.location == "operator.yaml:\(text.line(of: "inn: ")!) operator.inn")
        #expect(!error.message.contains("7701234561"))
    }

    @Test("A notification for a recipient that is not abroad, or unknown, is rejected")
    func notificationMustNameCrossBorderRecipient() throws {
        for (recipient, code) in [("unisender", PolicyError.Code.invalidValue), ("nobody", .unknownReference)] {
            let text = Self.shippedOperator + "\ntransfer_notifications:\n  \(recipient): {date: 2025-03-14, reference: X}\n"
            let error = try #require(try PolicyFixtures.withFolder(try Self.shippedWithOperator(text)) {
                PolicyFixtures.loadError(from: $0)
            })
            #expect(error.code == code)
            #expect(error.keyPath == "transfer_notifications.\(recipient)")
        }
    }

    @Test("Mailchimp (US) is refused until the notification is recorded; Russian recipients never are")
    func gate() throws {
        let policies = try PolicyFixtures.shipped.get()
        let refusal = try #require(policies.transferRefusal(connector: "mailchimp", declaredCountry: "US"))
        #expect(refusal.contains("transfer_notifications.mailchimp in operator.yaml"))
        #expect(refusal.contains("152-FZ art. 12"))
        #expect(policies.transferRefusal(connector: "mailchimp", declaredCountry: nil) != nil)
        #expect(policies.transferRefusal(connector: "unisender", declaredCountry: "RU") == nil)
        // A connector declaring a foreign country for a recipient the policy calls domestic is refused too.
        #expect(policies.transferRefusal(connector: "webhook", declaredCountry: "DE")?.contains("cross_border") == true)

        let notified = try PolicyFixtures.withFolder(try Self.shippedWithOperator(Self.notified)) {
            try PolicySet.load(from: $0)
        }
        #expect(notified.transferRefusal(connector: "mailchimp", declaredCountry: "US") == nil)
        let transfer = try #require(notified.ropa().activities.first { $0.purpose == "marketing_email" }?.transfers.first)
        #expect(transfer.notification == "2025-03-14 RKN-0042")
        #expect(notified.ropaMarkdown(lang: .ru).contains("Уведомление Роскомнадзора: 2025-03-14 RKN-0042"))
        #expect(policies.ropaMarkdown(lang: .en).contains("No Roskomnadzor notification recorded"))
    }
}
