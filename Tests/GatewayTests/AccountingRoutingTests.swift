import ConnectorKit
import Foundation
import PDGateTesting
import Gateway
import Import
import Testing
import Vault

/// Accounting systems receive only the people an accounting purpose covers (customers with a purchase, business
/// contacts of a customer company), not everyone who was imported; the dry run says who goes where and why.
@Suite("Routing people to accounting connectors")
struct AccountingRoutingTests {
    static let routes = [ConnectorRoute(name: "onec", purposes: ["order_fulfilment", "accounting"]),
                         ConnectorRoute(name: "moedelo", purposes: ["accounting"])]
    static let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
        + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"

    static func gateway(_ test: TestGateway) throws -> Gateway {
        try Gateway(directory: test.directory, policies: test.gateway.policies, notices: test.gateway.notices,
                    connectors: routes)
    }

    @Test("Leads, with or without a company, never reach 1C or Moe Delo; buyers and their company contacts do")
    func onlyPeopleWithABasis() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let rows = [
            "Покупатель Иван;+79160000001;buyer@example.com;;;01.07.2024;1000;активный;;;;;нет;;",
            "Представитель Олег;+79160000002;contact@example.com;;;02.07.2024;5000;активный;;ООО Ромашка;7707083893"
                + ";;нет;;",
            "Лид Компании;+79160000003;lead.company@example.com;;;;;лид;;ООО Лютик;7707083893;;нет;;",
            "Лид Просто;+79160000004;lead@example.com;;;;;лид;;;;;нет;;",
        ]
        _ = try test.importFile(try test.csv(Self.header + "\n" + rows.joined(separator: "\n") + "\n"))
        let gateway = try Self.gateway(test)
        var sent: [String: [String]] = [:]
        for email in ["buyer@example.com", "contact@example.com", "lead.company@example.com", "lead@example.com"] {
            let id = try #require(try await gateway.findSubjects(.email(email), principal: TestGateway.officer).first)
            for route in Self.routes {
                for purpose in route.purposes {
                    let person = try await gateway.personResolver.person(for: id.rawValue, purpose: purpose,
                                                                         connector: route.name)
                    if person != nil { sent["\(route.name)/\(purpose)", default: []].append(email) }
                }
            }
        }
        #expect(sent["moedelo/accounting"] == ["buyer@example.com", "contact@example.com"])
        #expect(sent["onec/accounting"] == ["buyer@example.com", "contact@example.com"])
        #expect(sent["onec/order_fulfilment"] == ["buyer@example.com", "contact@example.com"])

        let preview = try await gateway.routingPreview(principal: TestGateway.officer)
        #expect(preview.people == 4)
        #expect(preview.recipients == ["onec": 2, "moedelo": 2])
        let accounting = try #require(preview.routes.first { $0.connector == "moedelo" && $0.purpose == "accounting" })
        #expect(accounting.send == 2)
        #expect(accounting.withheld.count == 1)
        #expect(accounting.withheld.first?.key.contains("no last_purchase_date") == true)
        #expect(accounting.withheld.first?.value == 2)
    }

    @Test("An ИНН with wrong check digits is never sent; the quality report lists it")
    func badINNWithheld() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let rows = [
            "Хороший Инн;+79160000001;good@example.com;;;01.07.2024;1000;активный;;ООО Ромашка;7707083893;;нет;;",
            "Плохой Инн;+79160000002;bad@example.com;;;02.07.2024;5000;активный;;ООО Лютик;7707083890;;нет;;",
        ]
        _ = try test.importFile(try test.csv(Self.header + "\n" + rows.joined(separator: "\n") + "\n"))
        let gateway = try Self.gateway(test)
        func person(_ email: String) async throws -> ConnectorPerson? {
            let id = try #require(try await gateway.findSubjects(.email(email), principal: TestGateway.officer).first)
            return try await gateway.personResolver.person(for: id.rawValue, purpose: "accounting",
                                                           connector: "moedelo")
        }
        #expect(try await person("good@example.com")?.fields["inn"] == "7707083893")
        let bad = try #require(try await person("bad@example.com"))
        #expect(bad.fields["inn"] == nil)
        #expect(bad.fields["company"] == "ООО Лютик")
        let quality = try await gateway.qualityReport(principal: TestGateway.officer)
        let problems = quality.contactProblems.filter { $0.field == "inn" }
        #expect(problems.map(\.reason) == ["invalid_inn_checksum"])
    }

    @Test("With customers-1k.csv, accounting receives exactly the people with a purchase")
    func sharedFixture() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.importFileOffPool(Repository.fixture("customers-1k.csv"))
        let gateway = try Self.gateway(test)
        let purchasers = try await gateway.vault.read { tx in
            try tx.subjects(after: 0, limit: 10_000).filter { $0.record["last_purchase_date"] != nil }.count
        }
        let preview = try await gateway.routingPreview(principal: TestGateway.officer)
        #expect(preview.people > purchasers && purchasers > 0)
        #expect(preview.recipients["moedelo"] == purchasers)
        #expect(preview.recipients["onec"] == purchasers)
        let accounting = try #require(preview.routes.first { $0.connector == "moedelo" })
        #expect(accounting.withheld.values.reduce(0, +) == preview.people - purchasers)
    }
}
