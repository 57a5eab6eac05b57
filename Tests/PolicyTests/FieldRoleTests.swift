import Foundation
import Policy
import Testing

/// The gateway's rules find the fields they need by role, not by a name written into the code.
@Suite("Field roles")
struct FieldRoleTests {
    @Test("The shipped fields play every role by normalizer or conventional name")
    func shippedRoles() throws {
        let fields = try PolicyFixtures.shipped.get().fields
        #expect(fields.fieldName(for: .email) == "email")
        #expect(fields.fieldName(for: .lastPurchase) == "last_purchase_date")
        #expect(fields.fieldName(for: .firstContact) == "first_contact_date")
        #expect(fields.fieldName(for: .customerStatus) == "status")
    }

    @Test("A field declaring a role is found under its own name; two fields cannot play one role")
    func declaredRole() throws {
        let text = PolicyFixtures.minimal["fields.yaml"]!
        let orderDay = """
          last_order_day:
            category: financial
            normalizer: date
            max_length: 10
            role: last_purchase
            label: {ru: Последний заказ, en: Last order}

        """
        let renamed = text.replacingOnce("consent_columns:", with: orderDay + "consent_columns:")
        var files = PolicyFixtures.minimal
        files["fields.yaml"] = renamed
        files["purposes.yaml"] = files["purposes.yaml"]!
            .replacingOnce("fields: [email]", with: "fields: [email, last_order_day]")
        let policies = try PolicyFixtures.withFolder(files) { try PolicySet.load(from: $0) }
        #expect(policies.fields.fieldName(for: .lastPurchase) == "last_order_day")
        #expect(policies.fields.fieldName(for: .firstContact) == nil)

        let twice = renamed.replacingOnce("consent_columns:", with: """
          second_order_day:
            category: financial
            normalizer: date
            max_length: 10
            role: last_purchase
            label: {ru: Заказ, en: Order}

        consent_columns:
        """)
        let error = try #require(try PolicyFixtures.loadError(replacing: ["fields.yaml": twice]))
        #expect(error.file == "fields.yaml" && error.message.contains("last_order_day"))
    }
}

/// Documents a person reads give retention periods in words, in their language.
@Suite("Retention periods in words")
struct RetentionPhraseTests {
    @Test("Russian plural forms and the end of the year; English singular and plural")
    func phrases() throws {
        func duration(_ text: String) throws -> RetentionDuration { try #require(RetentionDuration(parsing: text)) }
        #expect(try duration("1y").phrase(in: .ru) == "1 год")
        #expect(try duration("3y").phrase(in: .ru) == "3 года")
        #expect(try duration("5y after end_of_year").phrase(in: .ru) == "5 лет после окончания календарного года")
        #expect(try duration("11m").phrase(in: .ru) == "11 месяцев")
        #expect(try duration("21d").phrase(in: .ru) == "21 день")
        #expect(try duration("30d").phrase(in: .en) == "30 days")
        #expect(try duration("1y").phrase(in: .en) == "1 year")
    }
}
