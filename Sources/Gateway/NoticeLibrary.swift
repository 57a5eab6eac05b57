public import Foundation
import Keyring
public import Policy

/// The consent notice documents shown to people, `notices/<id>/<version>.md` beside the policy files.
///
/// A captured consent records the id, version and SHA-256 of the exact document it was given on, so the operator
/// can later prove which text the person agreed to.
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

    /// The notice of a purpose, hashed from its file.
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
