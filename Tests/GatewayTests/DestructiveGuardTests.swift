import Foundation
import PDGateTesting
import Gateway
import Keyring
import Policy
import Testing

/// Guards on what destroys data or grants access: no erasing purge on a future date, no token for a role the
/// gateway keeps to itself, no incident dated outside any plausible range, private database files.
@Suite("Guards: future purges, token-less roles, implausible dates, file modes", .serialized)
struct DestructiveGuardTests {
    @Test("A purge that erases refuses a date later than now; a dry run may look ahead")
    func futurePurgeIsPreviewOnly() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let id = try await test.person("Старый Лид;;old.lead@example.com;сайт;10.01.2020;;;лид;;;;;нет;;")
        let future = try #require(Calendar(identifier: .gregorian).date(byAdding: .year, value: 80, to: Date()))
        let preview = try await test.gateway.purge(dryRun: true, asOf: future, principal: TestGateway.officer)
        #expect(preview.items.contains { $0.subject == id.rawValue })
        await #expect(throws: GatewayError.self) {
            _ = try await test.gateway.purge(dryRun: false, asOf: future, principal: TestGateway.officer)
        }
        do {
            _ = try await test.gateway.purge(dryRun: false, asOf: future, principal: TestGateway.officer)
        } catch let error as GatewayError {
            #expect(error.code == .invalidArgument && error.message.contains("--dry-run"))
        }
        #expect(try await test.gateway.findSubjects(.email("old.lead@example.com"), principal: TestGateway.officer)
            == [id], "nobody is erased by a refused purge")
    }

    @Test("No token can be created for privacy_center, and a token carrying it never authenticates")
    func tokenlessRoles() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        do {
            _ = try await test.gateway.createToken(name: "pc", role: "privacy_center", validFor: 3600,
                                                   principal: TestGateway.officer)
            Issue.record("a privacy_center token was created")
        } catch let error as GatewayError {
            #expect(error.code == .invalidArgument && error.message.contains("tokens: false"))
        }
        // A token made while the policy still allowed it (an older roles.yaml) stops working under today's.
        let loose = try Repository.policies(editing: "roles.yaml", replacing: "    tokens: false\n", with: "")
        let older = try Gateway(directory: test.directory, policies: loose, notices: test.gateway.notices,
                                logger: test.logs.makeLogger())
        let token = try await older.createToken(name: "pc", role: "privacy_center", validFor: 3600,
                                                principal: TestGateway.officer)
        #expect(try await older.authenticate(token: token)?.role == "privacy_center")
        #expect(try await test.gateway.authenticate(token: token) == nil)
    }

    @Test("An incident dated in year 218 or in the future is refused with a message naming the date")
    func implausibleIncidentDates() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        let ancient = try #require(ISO8601DateFormatter().date(from: "0218-03-01T10:00:00Z"))
        for date in [ancient, Date().addingTimeInterval(90 * 86_400)] {
            do {
                _ = try await test.gateway.openIncident(detectedAt: date, summary: "lost laptop",
                                                        principal: TestGateway.officer)
                Issue.record("an incident detected at \(date) was accepted")
            } catch let error as GatewayError {
                #expect(error.code == .invalidArgument && error.message.contains("detection time"))
            }
        }
        let incident = try await test.gateway.openIncident(detectedAt: Date(), summary: "lost laptop",
                                                           principal: TestGateway.officer)
        #expect(incident.reference.hasPrefix("INC-"))
    }

    @Test("The vault and the key store are created readable by their owner only")
    func databaseFilesArePrivate() async throws {
        let test = try await TestGateway.make()
        defer { test.cleanup() }
        _ = try await test.person("Файлова Ольга;;olga.file@example.com;сайт;10.01.2024;;;лид;;;;;нет;;")
        for file in ["vault.sqlite", "keys.sqlite", "vault.sqlite-wal", "keys.sqlite-wal"] {
            let path = test.directory.root.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(file) is \(String(mode, radix: 8))")
        }
    }
}
