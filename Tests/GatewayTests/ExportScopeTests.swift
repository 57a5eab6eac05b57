import Core
import Foundation
import PDGateTesting
import Gateway
import Import
import Keyring
import Policy
import Testing

/// The insider scenario of issue #26: a manager exports 864 people, under the 1,000-person limit; the file is gone
/// by the time the breach is found. The audit log still names everyone exported, so the breach's scope and the
/// access review see all 864.
@Suite("Export scope: exported people in incidents and access reviews after the file is gone", .serialized)
struct ExportScopeTests {
    static let header = "ФИО;Телефон;Email;Источник;Дата первого контакта;Дата последней покупки;"
        + "Сумма последней покупки;Статус;День рождения;Компания;ИНН;Теги;Согласие на рассылку;Менеджер;Заметки"

    /// `count` distinct customers, each with their own name, phone and e-mail.
    static func customers(_ count: Int) -> String {
        let letters = Array("абвгдежзиклмнопрстуфхцчшэюя")
        let rows = (1...count).map { index in
            let syllable = String([letters[index / 729 % 27], letters[index / 27 % 27], letters[index % 27]])
            return "Кл\(syllable)ова Анна;+7 916 \(String(format: "%07d", 3_000_000 + index));"
                + "client\(index)@example.com;сайт;10.01.2024;15.03.2024;1200;покупатель;;;;;нет;;"
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    @Test("An incident and the access review count all 864 people a manager exported, after the purge deleted the file")
    func exportedPeopleOutliveTheFile() async throws {
        let test = try await ExportTests.gateway(
            roles: [(ExportTests.managerActions, ExportTests.managerExporting(limit: 1_000))])
        defer { test.cleanup() }
        let report = try await test.importFileOffPool(try test.csv(Self.customers(864)))
        #expect(report.imported == 864)
        let manager = Principal(name: "cli:manager", role: "manager")
        let exportedAt = Date()
        let url = test.directory.root.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).csv")
        let result = try await test.gateway.export(ExportRequest(purpose: "order_fulfilment"), to: url,
                                                   principal: manager)
        #expect(result.people == 864 && !result.flagged)
        // Eight days later the purge has deleted the file (its life is 7 days) and the register forgot it.
        let later = try test.at(exportedAt.addingTimeInterval(8 * 86_400))
        let purge = try await later.purge(dryRun: false, principal: TestGateway.officer)
        #expect(purge.exportsExpired == 1 && !FileManager.default.fileExists(atPath: url.path))
        let incident = try await later.openIncident(
            detectedAt: exportedAt.addingTimeInterval(8 * 86_400 - 60), summary: "a customer list left the company",
            principals: [manager.name], principal: TestGateway.officer)
        #expect(incident.affectedCount == 864)
        #expect(incident.affectedCategories.contains("contact"))
        let review = try await later.accessReview(since: exportedAt.addingTimeInterval(-86_400),
                                                  principal: TestGateway.officer)
        let activity = try #require(review.principals.first { $0.principal == manager.name })
        #expect(activity.peopleRead == 864 && activity.peakInWindow == 864 && activity.flagged)
    }
}
