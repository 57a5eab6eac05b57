import Core
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

@Suite("Subjects and consent over HTTP")
struct SubjectEndpointTests {
    static let form = """
        {"fields": {"full_name": "Веб Форма Петровна", "email": "  Web.Form@Example.com ",
                    "phone": "8 (916) 555-01-02"},
         "consents": ["marketing_email"], "capture": {"channel": "web_form", "source": "form:landing-2026"}}
        """

    @Test("A web form creates a subject with captured consent; the same e-mail again merges, not duplicates")
    func createAndMerge() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let created = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: Self.form)
            #expect(created.status == .created)
            let subject = try #require(created.json["subject"] as? String)
            #expect(created.headers[.location] == "/v1/subjects/\(subject)")
            #expect(created.json["created"] as? Bool == true)
            #expect(created.json["consents"] as? [String] == ["marketing_email"])
            let again = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: """
                {"fields": {"full_name": "Веб Форма Петровна", "email": "web.form@example.com", "notes": "second form"}}
                """)
            #expect(again.status == .ok)
            #expect(again.json["subject"] as? String == subject && again.json["created"] as? Bool == false)
            let samePhoneSameName = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: """
                {"fields": {"full_name": "Петровна Веб", "phone": "+79165550102"}}
                """)
            #expect(samePhoneSameName.json["subject"] as? String == subject)
            let samePhoneOtherName = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: """
                {"fields": {"full_name": "Другой Человек", "phone": "+79165550102"}}
                """)
            #expect(samePhoneOtherName.status == .created)
            #expect(samePhoneOtherName.json["subject"] as? String != subject)
            #expect(samePhoneOtherName.json["needsReview"] as? Bool == true)
            let state = try await test.gateway.consentState(try #require(SubjectID(subject)),
                                                            purpose: "marketing_email")
            #expect(state.active && state.proven && state.provenance == "captured")
        }
    }

    @Test("Find by e-mail or phone (GET or POST search), read through the role, and update fields")
    func findReadUpdate() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            let byEmail = try await client.send(.get, "/v1/subjects?email=ANNA.TEST%40example.com",
                                                headers: test.headers())
            #expect(byEmail.status == .ok && byEmail.json["subjects"] as? [String] == [id.rawValue])
            let byPhone = try await client.send(.post, "/v1/subjects/search", headers: test.headers(),
                                                body: #"{"phone": "8 916 000 00 11"}"#)
            #expect(byPhone.json["subjects"] as? [String] == [id.rawValue])
            let nobody = try await client.send(.post, "/v1/subjects/search", headers: test.headers(),
                                               body: #"{"email": "nobody@example.com"}"#)
            #expect(nobody.status == .ok && nobody.json["subjects"] as? [String] == [])
            let officerView = try await client.send(.get, "/v1/subjects/\(id.rawValue)", headers: test.headers())
            let fields = try #require(officerView.json["fields"] as? [[String: Any]])
            #expect(fields.contains {
                $0["name"] as? String == "email" && $0["value"] as? String == "anna.test@example.com"
            })
            let supportView = try await client.send(.get, "/v1/subjects/\(id.rawValue)",
                                                    headers: test.headers("support"))
            let masked = try #require(supportView.json["fields"] as? [[String: Any]])
            #expect(masked.contains { $0["name"] as? String == "email" && $0["masked"] as? Bool == true })
            #expect(!supportView.text.contains("anna.test@example.com"))
            let patch = try await client.send(.patch, "/v1/subjects/\(id.rawValue)", headers: test.headers(),
                                              body: #"{"fields": {"email": "anna.new@example.com", "notes": "VIP"}}"#)
            #expect(patch.status == .ok)
            #expect(Set(patch.json["changed"] as? [String] ?? []) == ["email", "notes"])
            let moved = try await client.send(.get, "/v1/subjects?email=anna.new%40example.com",
                                              headers: test.headers())
            #expect(moved.json["subjects"] as? [String] == [id.rawValue])
            let old = try await client.send(.get, "/v1/subjects?email=anna.test%40example.com", headers: test.headers())
            #expect(old.json["subjects"] as? [String] == [])
            let removeAll = try await client.send(.patch, "/v1/subjects/\(id.rawValue)", headers: test.headers(),
                                                  body: #"{"fields": {"email": null, "phone": null}}"#)
            #expect(removeAll.status == .unprocessableContent && removeAll.errorCode == "invalid_argument")
        }
    }

    @Test("Consent: give, history, withdraw (withdrawing twice records nothing)")
    func consents() async throws {
        let test = try await TestServer.make()
        let id = try await test.person()
        try await test.test { client async throws in
            let base = "/v1/subjects/\(id.rawValue)/consents"
            let given = try await client.send(.post, base, headers: test.headers("support"), body: """
                {"purpose": "marketing_sms", "channel": "phone_call", "source": "ticket:4711"}
                """)
            #expect(given.status == .created && given.json["subject"] as? String == id.rawValue)
            #expect(given.json["noticeID"] as? String == "consent-marketing-sms")
            let history = try await client.send(.get, base, headers: test.headers())
            #expect((history.json["events"] as? [[String: Any]])?.count == 1)
            let withdrawn = try await client.send(.post, "\(base)/marketing_sms/withdraw",
                                                  headers: test.headers("connector", json: false))
            #expect(withdrawn.status == .ok && withdrawn.json["withdrawn"] as? Bool == true)
            let again = try await client.send(.post, "\(base)/marketing_sms/withdraw", headers: test.headers())
            #expect(again.json["withdrawn"] as? Bool == false)
            let notConsent = try await client.send(.post, base, headers: test.headers(),
                                                   body: #"{"purpose": "accounting"}"#)
            #expect(notConsent.status == .unprocessableContent)
        }
    }

    @Test("Bad input: malformed JSON or missing member 400, wrong content type 415, bad value 422, unknown 404")
    func errorShapes() async throws {
        let test = try await TestServer.make()
        try await test.test { client async throws in
            let malformed = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: "{\"fields\": ")
            #expect(malformed.status == .badRequest && malformed.errorCode == "bad_request")
            let missing = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: "{}")
            #expect(missing.status == .badRequest)
            #expect((missing.json["error"] as? [String: Any])?["message"] as? String == "fields is required")
            var form = test.headers(json: false)
            form[.contentType] = "application/x-www-form-urlencoded"
            let wrongType = try await client.send(.post, "/v1/subjects", headers: form, body: "full_name=x")
            #expect(wrongType.status == .unsupportedMediaType && wrongType.errorCode == "unsupported_media_type")
            let badEmail = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: """
                {"fields": {"full_name": "Иван Тестов", "email": "secret-value@@example"}}
                """)
            #expect(badEmail.status == .unprocessableContent && badEmail.errorCode == "invalid_argument")
            #expect(!badEmail.text.contains("secret-value"))
            let unknownField = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: """
                {"fields": {"full_name": "Иван Тестов", "email": "i@example.com", "passport": "4510 123456"}}
                """)
            #expect(unknownField.status == .unprocessableContent && !unknownField.text.contains("4510"))
            let unknown = try await client.send(.get, "/v1/subjects/sub_01AAAAAAAAAAAAAAAAAAAAAAAA",
                                                headers: test.headers())
            #expect(unknown.status == .notFound && unknown.errorCode == "not_found")
            let badID = try await client.send(.get, "/v1/subjects/anna@example.com", headers: test.headers())
            #expect(badID.status == .badRequest)
            let noRoute = try await client.send(.get, "/v1/nowhere", headers: test.headers())
            #expect(noRoute.status == .notFound && noRoute.errorCode == "not_found")
            let bothKeys = try await client.send(.get, "/v1/subjects?email=a%40example.com&phone=1",
                                                 headers: test.headers())
            #expect(bothKeys.status == .unprocessableContent)
        }
    }

    @Test("Bodies over the limit get 413, announced or streamed")
    func sizeLimit() async throws {
        let test = try await TestServer.make { $0.maxBodyBytes = 1024 }
        try await test.test(.live) { client async throws in
            let big = #"{"fields": {"full_name": ""# + String(repeating: "x", count: 2000) + #""}}"#
            let response = try await client.send(.post, "/v1/subjects", headers: test.headers(), body: big)
            #expect(response.status == .contentTooLarge && response.errorCode == "payload_too_large")
            let small = try await client.send(.post, "/v1/subjects/search", headers: test.headers(),
                                              body: #"{"email": "a@example.com"}"#)
            #expect(small.status == .ok)
        }
    }
}
