public import Foundation
public import Policy
public import Requests

/// The readable answer to an access request (GDPR Art. 15, 152-FZ Art. 14 p. 7), in Russian or English.
///
/// States whether data is held; shows the data, purposes with their legal bases, retention, recipients (transfers
/// abroad called out), consent history, what each external system holds and the sources; lists the person's rights
/// and how to use them; names the operator, the request reference and the date. When nothing is held it says so
/// plainly and still lists the rights.
///
/// Every value comes from customer data and is escaped for the output format. The HTML is one self-contained page:
/// inline stylesheet, no script, no external resource.
public enum AccessAnswerDocument {
    /// Renders the answer as an HTML page, dated in the jurisdiction's time zone (Moscow for `RU`, UTC otherwise).
    ///
    /// - Parameters:
    ///   - answer: The answer to render.
    ///   - language: The language of the page.
    /// - Returns: A complete HTML document.
    public static func html(_ answer: AccessAnswer, language: Language) -> String {
        html(answer, language: language, timeZone: DocumentTimeZone.zone(forJurisdiction: answer.jurisdiction))
    }

    /// Renders the answer as an HTML page, dated in `timeZone`.
    public static func html(_ answer: AccessAnswer, language: Language, timeZone: TimeZone) -> String {
        HTMLDocumentRenderer.render(AccessAnswerOutline(answer, language: language, timeZone: timeZone).document)
    }

    /// Renders the answer as Markdown, dated in the jurisdiction's time zone (Moscow for `RU`, UTC otherwise).
    ///
    /// - Parameters:
    ///   - answer: The answer to render.
    ///   - language: The language of the text.
    /// - Returns: The Markdown text, ending with a newline.
    public static func markdown(_ answer: AccessAnswer, language: Language) -> String {
        markdown(answer, language: language, timeZone: DocumentTimeZone.zone(forJurisdiction: answer.jurisdiction))
    }

    /// Renders the answer as Markdown, dated in `timeZone`.
    public static func markdown(_ answer: AccessAnswer, language: Language, timeZone: TimeZone) -> String {
        MarkdownDocumentRenderer.render(AccessAnswerOutline(answer, language: language, timeZone: timeZone).document)
    }
}
