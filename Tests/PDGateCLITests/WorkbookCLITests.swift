import Foundation
import Testing

@Suite("pdgate export, import of workbooks, quality and merge on the command line", .serialized)
struct WorkbookCLITests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdgate-cli-xlsx-\(UUID().uuidString)")

    func json(_ output: PDGateProcess.Output) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test("An .xlsx export imports again with --sheet; only the purpose's fields travel; roles and codes hold")
    func exportImportRoundTrip() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = ["PDGATE_DATA": folder.appendingPathComponent("a").path]
        let second = ["PDGATE_DATA": folder.appendingPathComponent("b").path]
        #expect(try await PDGateProcess.run(["init"], environment: first).status == 0)
        #expect(try await PDGateProcess.run(["init"], environment: second).status == 0)
        #expect(try await PDGateProcess.run(["import", "Demo/customers-demo.csv", "--json"], environment: first).status == 0)

        let book = folder.appendingPathComponent("orders.xlsx").path
        let exported = try await PDGateProcess.run(["export", "--purpose", "order_fulfilment", "--format", "xlsx",
                                              "--out", book, "--json"], environment: first)
        #expect(exported.status == 0, "\(exported.stderr)")
        let summary = json(exported)
        #expect(summary["people"] as? Int == 200)
        #expect(summary["flagged"] as? Bool == false)
        #expect(!exported.stdout.contains("example.com"))

        let imported = try await PDGateProcess.run(["import", book, "--sheet", "pdgate export", "--json"], environment: second)
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = json(imported)
        #expect(report["format"] as? String == "xlsx")
        #expect(report["imported"] as? Int == 200)
        #expect(report["rejected"] as? Int == 0)

        let missingSheet = try await PDGateProcess.run(["import", book, "--sheet", "Лист9"], environment: second)
        #expect(missingSheet.status == 1)
        #expect(missingSheet.stderr.contains("\"pdgate export\""))

        let found = try await PDGateProcess.run(["subject", "find", "--email", "customer1@example.com"], environment: second)
        let id = found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = json(try await PDGateProcess.run(["subject", "show", id, "--json"], environment: second))
        let names = Set(((shown["fields"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
        #expect(!names.isEmpty && names.isSubset(of: ["full_name", "phone", "email", "company", "inn",
                                                      "last_purchase_date", "last_purchase_amount"]))

        let refused = try await PDGateProcess.run(["export", "--purpose", "order_fulfilment", "--role", "analyst",
                                             "--out", folder.appendingPathComponent("x.csv").path], environment: first)
        #expect(refused.status == 3)
        #expect(try await PDGateProcess.run(["export", "--purpose", "order_fulfilment", "--format", "ods"],
                                      environment: first).status == 64)
    }

    @Test("quality report --json and subject merge")
    func qualityAndMerge() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = ["PDGATE_DATA": folder.appendingPathComponent("q").path]
        #expect(try await PDGateProcess.run(["init"], environment: env).status == 0)
        #expect(try await PDGateProcess.run(["import", "Demo/customers-demo.csv"], environment: env).status == 0)
        let report = try await PDGateProcess.run(["quality", "report", "--json"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        let quality = json(report)
        #expect(quality["subjects"] as? Int == 200)
        #expect((quality["fields"] as? [[String: Any]])?.count ?? 0 > 10)
        #expect(!report.stdout.contains("example.com"))
        #expect(try await PDGateProcess.run(["quality", "report", "--role", "support"], environment: env).status == 3)

        func id(_ email: String) async throws -> String {
            try await PDGateProcess.run(["subject", "find", "--email", email], environment: env).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let keep = try await id("customer1@example.com")
        let other = try await id("customer2@example.com")
        let merged = try await PDGateProcess.run(["subject", "merge", keep, other, "--json"], environment: env)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(json(merged)["merged"] as? String == other)
        #expect(try await PDGateProcess.run(["subject", "find", "--email", "customer2@example.com"], environment: env).status == 1)
        #expect(try await PDGateProcess.run(["subject", "merge", keep, "nonsense"], environment: env).status == 64)
    }
}
