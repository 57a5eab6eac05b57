import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Keyring
import Testing

/// Logs in through the console's form and keeps the session cookie and CSRF token.
struct ConsoleSession {
    let cookie: String
    let csrf: String

    static func login(_ client: any TestClientProtocol, token: String) async throws -> ConsoleSession {
        let form = try await LoginForm.fetch(client)
        let response = try await client.send(.post, "/console/login", headers: form.headers,
                                             body: "csrf=\(form.csrf)&token=\(token)")
        // The console opens on the request queue for roles that handle requests, on the subject search for others.
        #expect(response.status == .seeOther
                && ["/console/requests", "/console/subjects"].contains(response.headers[.location] ?? ""))
        let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("pdgate_session=") })
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.send(.get, "/console/subjects", headers: [.cookie: cookie])
        let csrf = try #require(Self.csrf(in: page.text))
        return ConsoleSession(cookie: cookie, csrf: csrf)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    var headers: HTTPFields { [.cookie: cookie] }

    var form: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }
}

/// The login page's pre-session cookie and the CSRF token its form repeats.
struct LoginForm {
    let cookie: String
    let csrf: String

    static func fetch(_ client: any TestClientProtocol) async throws -> LoginForm {
        let page = try await client.send(.get, "/console/login")
        let setCookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("pdgate_login=") })
        let csrf = try #require(ConsoleSession.csrf(in: page.text))
        return LoginForm(cookie: String(setCookie.split(separator: ";")[0]), csrf: csrf)
    }

    /// The cookie and the form's content type.
    var headers: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }
}

@Suite("The privacy officer's console")
struct ConsoleTests {
    @Test("Login page in both languages; login sets an HttpOnly, SameSite=Strict cookie; a bad token is refused")
    func login() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let english = try await client.send(.get, "/console/login?lang=en")
            #expect(english.status == .ok && english.text.contains("Log in") && english.text.contains(#"lang="en""#))
            #expect(english.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(english.headers[values: .setCookie].contains { $0.hasPrefix("pdgate_lang=en") })
            let russian = try await client.send(.get, "/console/login", headers: [.acceptLanguage: "ru-RU,ru;q=0.9"])
            #expect(russian.text.contains("Вход"))
            let form = try await LoginForm.fetch(client)
            let bad = try await client.send(.post, "/console/login", headers: form.headers,
                                            body: "csrf=\(form.csrf)&token=pdg_wrong")
            #expect(bad.status == .unauthorized && bad.text.contains("not valid"))
            let response = try await client.send(.post, "/console/login", headers: form.headers,
                                                 body: "csrf=\(form.csrf)&token=\(token)")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("pdgate_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))
            #expect(!cookie.contains(token))
            let anonymous = try await client.send(.get, "/console/requests")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/login")
        }
    }

    @Test("A cross-site login post is refused: another Origin, Origin null, a missing or wrong CSRF token")
    func loginRefusesCrossSitePosts() async throws {
        let test = try await TestServer.make()
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let form = try await LoginForm.fetch(client)
            #expect(form.csrf.count == 43)
            // The router's test client sends every request to `http://localhost`.
            let own = form.headers
            func post(_ headers: HTTPFields, _ body: String) async throws -> TestResponse {
                try await client.send(.post, "/console/login", headers: headers, body: body)
            }
            for origin in ["https://evil.example", "http://localhost:8081", "null", "http://localhost.evil"] {
                var headers = own
                headers[.origin] = origin
                let refused = try await post(headers, "csrf=\(form.csrf)&token=\(token)")
                #expect(refused.status == .forbidden, "Origin \(origin) was let in")
                #expect(!refused.headers[values: .setCookie].contains { $0.hasPrefix("pdgate_session=") })
            }
            let noField = try await post(own, "token=\(token)")
            #expect(noField.status == .forbidden)
            let wrongField = try await post(own, "csrf=\(String(repeating: "A", count: 43))&token=\(token)")
            #expect(wrongField.status == .forbidden)
            let noCookie = try await post([.contentType: "application/x-www-form-urlencoded"],
                                          "csrf=\(form.csrf)&token=\(token)")
            #expect(noCookie.status == .forbidden)
            var crossSite = own
            crossSite[.init("Sec-Fetch-Site")!] = "cross-site"
            #expect(try await post(crossSite, "csrf=\(form.csrf)&token=\(token)").status == .forbidden)
            var sameOrigin = own
            sameOrigin[.origin] = "http://localhost"
            let accepted = try await post(sameOrigin, "csrf=\(form.csrf)&token=\(token)")
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/console/requests")
            #expect(accepted.headers[values: .setCookie].contains { $0.hasPrefix("pdgate_session=") })
            #expect(accepted.headers[values: .setCookie].contains { $0.hasPrefix("pdgate_login=;") })
        }
    }

    @Test("Behind a proxy, a login posted from the --public-url origin is the server's own; another origin is not")
    func loginFromThePublicOrigin() async throws {
        let test = try await TestServer.make { $0.privacyCenter.publicBaseURL = "https://privacy.example.com/" }
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let form = try await LoginForm.fetch(client)
            var foreign = form.headers
            foreign[.origin] = "https://privacy.example.com.evil"
            let refused = try await client.send(.post, "/console/login", headers: foreign,
                                                body: "csrf=\(form.csrf)&token=\(token)")
            #expect(refused.status == .forbidden)
            var proxied = form.headers
            proxied[.origin] = "https://privacy.example.com"
            let accepted = try await client.send(.post, "/console/login", headers: proxied,
                                                 body: "csrf=\(form.csrf)&token=\(token)")
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/console/requests")
        }
    }

    @Test("The queue is sorted by deadline with overdue requests highlighted")
    func queue() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let officer = TestServer.officer
        let access = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                          jurisdiction: "RU", channel: "email", principal: officer)
        let objection = try await test.gateway.createRequest(kind: .objection, lookup: .email("anna.test@example.com"),
                                                             jurisdiction: "RU", channel: "email", principal: officer)
        test.clock.advance(by: 3 * 86_400)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/requests?lang=en", headers: session.headers)
            #expect(page.status == .ok)
            let html = page.text
            let first = try #require(html.range(of: objection.reference))
            let second = try #require(html.range(of: access.reference))
            #expect(first.lowerBound < second.lowerBound)
            #expect(html.contains(#"<tr class="overdue">"#) && html.contains("badge overdue"))
            #expect(html.contains("Overdue (1)"))
        }
    }

    @Test("A deadline counted on a provisional production calendar is noted on the request page")
    func provisionalDeadlineNoted() async throws {
        let test = try await TestServer.make()
        // Move into 2027, whose calendar file is marked provisional.
        let target = ISO8601DateFormatter().date(from: "2027-03-01T07:00:00Z") ?? Date()
        test.clock.advance(by: max(0, target.timeIntervalSince(test.clock.now())))
        let request = try await test.gateway.createRequest(kind: .access, lookup: .email("nobody@example.com"),
                                                           jurisdiction: "RU", channel: "email",
                                                           principal: TestServer.officer)
        #expect(request.deadlineCertainty == .provisionalCalendar)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/requests/\(request.reference)?lang=en",
                                             headers: session.headers)
            #expect(page.text.contains("Deadline note"))
            #expect(page.text.contains("marked provisional"))
        }
    }

    @Test("Request page: verify, run and download through forms with the CSRF token; without it, 403")
    func requestPageActions() async throws {
        let test = try await TestServer.make()
        _ = try await test.person()
        let request = try await test.gateway.createRequest(kind: .access, lookup: .email("anna.test@example.com"),
                                                           jurisdiction: "RU", channel: "email",
                                                           principal: TestServer.officer)
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let base = "/console/requests/\(request.reference)"
            let page = try await client.send(.get, base + "?lang=en", headers: session.headers)
            #expect(page.text.contains("Verify identity") && page.text.contains("/verify\""))
            #expect(!page.text.contains("Run the request"))
            let noToken = try await client.send(.post, base + "/verify", headers: session.form,
                                                body: "method=email_code")
            #expect(noToken.status == .forbidden && noToken.text.contains("form expired"))
            let wrongToken = try await client.send(.post, base + "/verify", headers: session.form,
                                                   body: "method=email_code&csrf=forged")
            #expect(wrongToken.status == .forbidden)
            var crossSite = session.form
            crossSite[.init("Sec-Fetch-Site")!] = "cross-site"
            let cross = try await client.send(.post, base + "/verify", headers: crossSite,
                                              body: "method=email_code&csrf=\(session.csrf)")
            #expect(cross.status == .forbidden)
            #expect(try await test.gateway.request(request.reference, principal: TestServer.officer).state == .received)
            let verified = try await client.send(.post, base + "/verify", headers: session.form,
                                                 body: "method=email_code&csrf=\(session.csrf)")
            #expect(verified.status == .seeOther && verified.headers[.location] == base + "?done=verified")
            let again = try await client.send(.post, base + "/verify", headers: session.form,
                                              body: "method=email_code&csrf=\(session.csrf)")
            #expect(again.status == .conflict && again.text.contains("class=\"problem\""))
            let run = try await client.send(.post, base + "/run", headers: session.form,
                                            body: "language=en&csrf=\(session.csrf)")
            #expect(run.status == .ok && run.text.contains("Delivery key"))
            let bundle = try await client.send(.get, base + "/bundle", headers: session.headers)
            #expect(bundle.status == .ok && bundle.headers[.contentDisposition]?.contains("attachment") == true)
            let logout = try await client.send(.post, "/console/logout", headers: session.form,
                                               body: "csrf=\(session.csrf)")
            #expect(logout.status == .seeOther)
            #expect(try await client.send(.get, base, headers: session.headers).status == .seeOther)
        }
    }

    @Test("A hostile name is shown as text, never as markup, on every page that shows it")
    func escapesHostileValues() async throws {
        let test = try await TestServer.make()
        let hostile = #"<script>alert("x")</script> Злой' Хакер"#
        let id = try await test.person(name: hostile, email: "hostile@example.com", phone: nil,
                                       extra: ["notes": "<img src=x onerror=alert(1)>"])
        let token = try #require(test.tokens["privacy_officer"])
        try await test.test { client async throws in
            let session = try await ConsoleSession.login(client, token: token)
            let page = try await client.send(.get, "/console/subjects/\(id.rawValue)", headers: session.headers)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>") && !page.text.contains("<img src=x"))
            #expect(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Злой&#39; Хакер"))
            #expect(page.text.contains("&lt;img src=x onerror=alert(1)&gt;"))
            let search = try await client.send(.post, "/console/subjects", headers: session.form,
                                               body: "kind=email&value=hostile%40example.com&csrf=\(session.csrf)")
            #expect(search.status == .ok && search.text.contains(id.rawValue))
            #expect(!search.text.contains("hostile@example.com"))
            let audit = try await client.send(.get, "/console/subjects/\(id.rawValue)/audit", headers: session.headers)
            #expect(audit.status == .ok && audit.text.contains("subject.read"))
        }
    }

    @Test("Purge preview and statistics pages render; a role without the right sees the refusal page")
    func otherPages() async throws {
        let test = try await TestServer.make()
        _ = try await test.person(extra: ["first_contact_date": "01.02.2020"])
        try await test.test { client async throws in
            let officer = try await ConsoleSession.login(client, token: try #require(test.tokens["privacy_officer"]))
            let purge = try await client.send(.get, "/console/purge?lang=ru", headers: officer.headers)
            // The rule in words (issue 27: no internal codes before the officer), with a filter link per rule.
            #expect(purge.status == .ok && purge.text.contains("Лид без покупок — 1 год после последнего контакта"))
            #expect(!purge.text.contains(">lead_no_purchase<") && purge.text.contains("rule=lead_no_purchase"))
            let stats = try await client.send(.get, "/console/stats", headers: officer.headers)
            #expect(stats.status == .ok && stats.text.contains("<meter"))
            let analyst = try await ConsoleSession.login(client, token: try #require(test.tokens["analyst"]))
            let refused = try await client.send(.get, "/console/requests", headers: analyst.headers)
            #expect(refused.status == .forbidden && refused.text.contains("refused"))
        }
    }
}
