import Core
import Foundation
import Hummingbird
import Mustache
import Policy
import Gateway

/// Renders console pages from the Mustache templates, inside the layout, with the security headers every page
/// carries.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    /// The templates every console page needs (`Templates/Console/<name>.mustache`).
    static let templateNames = [
        "layout", "login", "requests", "request", "request_new", "request_confirm", "subjects", "subject",
        "subject_actions", "subject_confirm", "audit", "purge", "stats", "error", "connectors", "incidents",
        "dev-inbox", "confirm", "paging", "incident", "incident_new", "access_review", "tokens",
    ]

    /// Takes the console's templates, read and parsed once per process (``TemplateFolder``).
    ///
    /// - Throws: ``TemplateFolder/LoadError`` when a template is missing or malformed.
    init() throws {
        library = try TemplateFolder.console.get()
    }

    /// The per-request frame of a page: language, who is signed in, the CSRF token, the current path.
    struct Chrome {
        var language: Language
        var principal: Principal?
        var csrf: String?
        var path: String
        /// Set when the language came from `?lang=` and should be remembered in a cookie.
        var rememberLanguage = false
    }

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        .init("X-Content-Type-Options")!: "nosniff",
        .init("X-Frame-Options")!: "DENY",
        // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with every form post, which
        // the cross-site check must refuse, so no real browser could log in. URLs carry no personal data either way.
        .init("Referrer-Policy")!: "same-origin",
    ]

    /// Renders `template` with `values` inside the layout.
    func page(_ template: String, title: String, chrome: Chrome, values: [String: Any] = [:],
              status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        let strings = ConsoleStrings.table(chrome.language)
        var context: [String: Any] = values
        context["t"] = strings
        context["lang"] = chrome.language.rawValue
        context["csrf"] = chrome.csrf ?? ""
        context["path"] = chrome.path
        if let principal = chrome.principal {
            context["principal"] = ["name": principal.name, "role": principal.role]
        }
        let body = library.render(context, withTemplate: template) ?? ""
        context["body"] = body
        context["title"] = title
        let html = library.render(context, withTemplate: "layout") ?? ""
        var headers = Self.headers
        headers.append(contentsOf: extraHeaders)
        if chrome.rememberLanguage {
            headers[values: .setCookie].append(SiteCookies.console.language(chrome.language))
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
