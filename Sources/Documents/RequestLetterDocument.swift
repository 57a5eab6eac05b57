import Foundation
public import Policy
public import Requests

/// The readable letter extending a request's deadline or refusing it, in Russian or English (one language).
///
/// Every value is escaped for the output format; the HTML is one self-contained page.
public enum RequestLetterDocument {
    /// Renders the letter as an HTML page, dated in the jurisdiction's time zone (Moscow for `RU`, UTC otherwise).
    public static func html(_ letter: RequestLetter, language: Language) -> String {
        HTMLDocumentRenderer.render(RequestLetterOutline(
            letter, language: language, timeZone: DocumentTimeZone.zone(forJurisdiction: letter.jurisdiction)).document)
    }

    /// Renders the letter as Markdown, dated in the jurisdiction's time zone.
    public static func markdown(_ letter: RequestLetter, language: Language) -> String {
        MarkdownDocumentRenderer.render(RequestLetterOutline(
            letter, language: language, timeZone: DocumentTimeZone.zone(forJurisdiction: letter.jurisdiction)).document)
    }
}
