public import Foundation
import Documents
import Policy
public import Requests

extension Gateway {
    /// Where request letters are kept: beside the vault, readable by the owner only.
    var lettersDirectory: URL { directory.root.appendingPathComponent("letters", isDirectory: true) }

    /// The readable letter (HTML) written when a request was extended or refused: `letters/<reference>-<kind>.html`,
    /// with `.md` and `.json` beside it.
    public func letterFile(for reference: String, kind: RequestLetter.Kind) -> URL {
        lettersDirectory.appendingPathComponent("\(reference)-\(kind.rawValue).html")
    }

    /// Writes the letter telling the person their request was extended or refused, with the reason, their rights
    /// and the authority to complain to, in the jurisdiction's language.
    ///
    /// - Returns: The HTML file.
    @discardableResult
    func writeLetter(_ kind: RequestLetter.Kind, for request: SubjectRequest) throws -> URL {
        let language = Self.documentLanguage(jurisdiction: request.jurisdiction)
        let reason = (kind == .refusal ? request.refusalReason : request.extensionReason) ?? ""
        let letter = RequestLetter(
            kind: kind, reference: request.reference, requestKind: request.kind.rawValue,
            jurisdiction: request.jurisdiction, receivedAt: request.receivedAt, deadline: request.deadline,
            extendedDeadline: request.extendedDeadline, reason: reason, writtenAt: now,
            operatorInfo: answerOperator(language: language, russianLaw: request.jurisdiction.uppercased() == "RU"))
        let html = letterFile(for: request.reference, kind: kind)
        try writePrivate(Data(RequestLetterDocument.html(letter, language: language).utf8), to: html)
        try writePrivate(Data(RequestLetterDocument.markdown(letter, language: language).utf8),
                         to: html.deletingPathExtension().appendingPathExtension("md"))
        try writePrivate(try Self.json(letter), to: html.deletingPathExtension().appendingPathExtension("json"))
        return html
    }
}
