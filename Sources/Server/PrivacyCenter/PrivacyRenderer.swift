import Foundation
import Hummingbird
import Mustache
import Policy

/// Renders the privacy center's pages inside its own layout (never the console's), with the console's security
/// headers.
struct PrivacyRenderer: Sendable {
    let library: MustacheLibrary
    /// Who processes the data (`operator.yaml`): named, with the link to its processing policy, on every page.
    let operatorProfile: OperatorProfile

    /// The templates every privacy-center page needs (`Templates/PrivacyCenter/<name>.mustache`).
    static let templateNames = [
        "privacy-layout", "privacy-start", "privacy-code", "privacy-me", "privacy-message", "privacy-signup",
        "privacy-signup-form", "privacy-confirm", "privacy-answer-open", "privacy-answer",
    ]

    /// Takes the privacy center's templates, read and parsed once per process (``TemplateFolder``).
    ///
    /// - Throws: ``TemplateFolder/LoadError`` when a template is missing or malformed.
    init(operator profile: OperatorProfile) throws {
        library = try TemplateFolder.privacyCenter.get()
        operatorProfile = profile
    }

    /// The per-request frame of a page.
    struct Frame {
        var language: Language
        var path: String
        /// Set when the language came from `?lang=` and should be remembered in a cookie.
        var rememberLanguage = false
    }

    /// A template rendered alone (the embeddable form), with the language's texts.
    func fragment(_ template: String, language: Language, values: [String: Any]) -> String {
        var context = values
        context["t"] = PrivacyStrings.table(language)
        context["lang"] = language.rawValue
        return library.render(context, withTemplate: template) ?? ""
    }

    /// Renders `template` with `values` inside the layout.
    func page(_ template: String, title: String, frame: Frame, values: [String: Any] = [:],
              status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        var context = values
        context["t"] = PrivacyStrings.table(frame.language)
        context["lang"] = frame.language.rawValue
        context["ru"] = frame.language == .ru
        context["path"] = frame.path
        context["operatorName"] = operatorProfile.name[frame.language]
        if let url = operatorProfile.policyURL { context["policyURL"] = url }
        context["body"] = library.render(context, withTemplate: template) ?? ""
        context["title"] = title
        let html = library.render(context, withTemplate: "privacy-layout") ?? ""
        var headers = ConsoleRenderer.headers
        headers.append(contentsOf: extraHeaders)
        if frame.rememberLanguage { headers[values: .setCookie].append(SiteCookies.privacy.language(frame.language)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page of a heading, paragraphs and a link back.
    func message(_ heading: String, _ paragraphs: [String], list: [String] = [], frame: Frame,
                 status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        page("privacy-message", title: heading, frame: frame,
             values: ["heading": heading, "paragraphs": paragraphs, "items": list.isEmpty ? [] : [["list": list]],
                      "backURL": "/privacy", "backLabel": PrivacyStrings.text("back", frame.language)],
             status: status, extraHeaders: extraHeaders)
    }
}
