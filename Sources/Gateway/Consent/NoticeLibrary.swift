public import Foundation
public import Documents
import Keyring
public import Policy
import Requests

/// The consent notice documents shown to people, `notices/<id>/<version>.md` beside the policy files.
///
/// A captured consent records the id, version and SHA-256 of the exact document it was given on, so the operator
/// can later prove which text the person agreed to. That document is the consent as a separate document
/// (152-FZ art. 9 p. 4): the notice wording wrapped in the operator's details, the data, the recipients and the term,
/// generated from the policies by ``consentDocument(for:policies:)`` (and by `pdgate docs build`), in the operator's
/// language; its Markdown bytes are what the hash covers.
public struct NoticeLibrary: Sendable {
    /// A notice as shown.
    public struct Notice: Sendable, Equatable {
        public var id: String
        public var version: String
        public var sha256: String
    }

    public let directory: URL?

    public init(directory: URL?) {
        self.directory = directory
    }

    /// The consent document of a purpose and the notice reference a captured consent records: id, version and the
    /// SHA-256 of the generated document's Markdown.
    ///
    /// - Throws: ``GatewayError`` `policy` when the purpose has no notice or its wording is missing.
    public func consentDocument(for purpose: Purpose, policies: PolicySet) throws
        -> (notice: Notice, document: GeneratedDocument)
    {
        let raw = try notice(for: purpose)
        let text = try wording(id: raw.id, version: raw.version)
        let document = OperatorDocuments.consent(
            for: purpose, policies: policies, noticeText: text, language: policies.operatorDetails.primaryLanguage)
        let hash = Sodium.hex(Sodium.sha256(Array(document.markdown.utf8)))
        return (Notice(id: raw.id, version: raw.version, sha256: hash), document)
    }

    /// The wording of every consent purpose's notice, by notice id, for ``OperatorDocuments``; missing files are left
    /// out.
    public func wordings(for policies: PolicySet) -> [String: String] {
        var texts: [String: String] = [:]
        for purpose in policies.purposes {
            if let notice = purpose.notice, let text = try? wording(id: notice.id, version: notice.version) {
                texts[notice.id] = text
            }
        }
        return texts
    }

    private func wording(id: String, version: String) throws -> String {
        guard let directory,
            let data = FileManager.default.contents(
                atPath: directory.appendingPathComponent(id).appendingPathComponent("\(version).md").path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw GatewayError(.policy, "notice document notices/\(id)/\(version).md is missing or not UTF-8")
        }
        return text
    }

    /// The notice file of a purpose, hashed as it is on disk (the wording alone, without the consent document).
    ///
    /// - Throws: ``GatewayError`` `policy` when the purpose has no notice or its document is missing.
    public func notice(for purpose: Purpose) throws -> Notice {
        guard let notice = purpose.notice else {
            throw GatewayError(.policy, "purpose \(purpose.name) declares no consent notice in purposes.yaml")
        }
        guard let directory else {
            throw GatewayError(.policy, "no notices folder configured; consent cannot be tied to its document")
        }
        let file = directory.appendingPathComponent(notice.id).appendingPathComponent("\(notice.version).md")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw GatewayError(.policy,
                "notice document notices/\(notice.id)/\(notice.version).md is missing; consent needs the exact text shown")
        }
        return Notice(id: notice.id, version: notice.version, sha256: Sodium.hex(Sodium.sha256(Array(data))))
    }
}
