public import Foundation
public import Policy
public import Requests

/// The act of destruction of personal data with its log extract (Roskomnadzor Order No. 179 of 28.10.2022).
///
/// Russian is the primary form; English serves EU deployments as a record of erasure. The act names the operator,
/// the subject by pseudonym, the categories and fields destroyed, the information system, the method, the reason and
/// the date, the fields kept under a legal hold and until when, what each external system did, and leaves room for
/// the positions, names and signatures of those who destroyed the data. The log extract ("выгрузка из журнала
/// регистрации событий в информационной системе") follows on a new page.
///
/// Every value is escaped for the output format. The HTML is one self-contained page: inline stylesheet, no script,
/// no external resource.
public enum DestructionActDocument {
    /// Renders the act as an HTML page, dated in Moscow time for Russian and UTC for English.
    ///
    /// - Parameters:
    ///   - act: The act to render.
    ///   - language: The language of the page.
    /// - Returns: A complete HTML document.
    public static func html(_ act: DestructionAct, language: Language) -> String {
        html(act, language: language, timeZone: defaultTimeZone(for: language))
    }

    /// Renders the act as an HTML page, dated in `timeZone`; fields are named by their labels in `fields`.
    public static func html(_ act: DestructionAct, language: Language, timeZone: TimeZone,
                            fields: FieldCatalogue? = nil) -> String {
        HTMLDocumentRenderer.render(DestructionActOutline(act, language: language, timeZone: timeZone,
                                                          fields: fields).document)
    }

    /// Renders the act as Markdown, dated in Moscow time for Russian and UTC for English.
    ///
    /// - Parameters:
    ///   - act: The act to render.
    ///   - language: The language of the text.
    /// - Returns: The Markdown text, ending with a newline.
    public static func markdown(_ act: DestructionAct, language: Language) -> String {
        markdown(act, language: language, timeZone: defaultTimeZone(for: language))
    }

    /// Renders the act as Markdown, dated in `timeZone`; fields are named by their labels in `fields`.
    public static func markdown(_ act: DestructionAct, language: Language, timeZone: TimeZone,
                                fields: FieldCatalogue? = nil) -> String {
        MarkdownDocumentRenderer.render(DestructionActOutline(act, language: language, timeZone: timeZone,
                                                              fields: fields).document)
    }

    private static func defaultTimeZone(for language: Language) -> TimeZone {
        language == .ru ? DocumentTimeZone.moscow : DocumentTimeZone.utc
    }
}
