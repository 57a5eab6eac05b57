import ConnectorKit
import Foundation

/// The publication's `$metadata` checked against the settings once, tabular-section annotations, reading writes
/// back, and 1C's business errors.
extension OneCConnector {
    /// `КонтактнаяИнформация@odata.type`: without it 1C has been reported to ignore the rows while the rest of
    /// the update succeeds.
    var rowTypeAnnotation: String { "КонтактнаяИнформация@odata.type" }

    /// The rows' type as `$metadata` names it: `Collection(StandardODATA.<set>_КонтактнаяИнформация_RowType)`.
    var rowType: String { "Collection(StandardODATA.\(settings.entitySet)_КонтактнаяИнформация_RowType)" }

    /// Checks once per connector that the counterparty set and every property the settings name exist in the
    /// publication's `$metadata`: 1C ignores a write to a property its configuration lacks, so a wrong name would
    /// make an erasure report success while clearing nothing. A mismatch is an `invalidConfiguration` error naming
    /// the properties (the same error for every later call, without asking 1C again).
    func checkSchema() async throws {
        if let verdict = await schema.verdict {
            if let verdict { throw verdict }
            return
        }
        let url = endpoint.url(["$metadata"])
        let response = try await send(.json("GET", url, headers: headers), "read $metadata")
        let text = String(decoding: response.body, as: UTF8.self)
        let verdict = Self.schemaProblem(text, settings: settings).map {
            ConnectorError(.invalidConfiguration, "\(name): \($0); fix the connector settings or the publication's "
                + "OData composition")
        }
        await schema.store(verdict)
        if let verdict { throw verdict }
    }

    /// What the settings name that `$metadata` lacks, or nil.
    static func schemaProblem(_ metadata: String, settings: OneCSettings) -> String? {
        let set = settings.entitySet
        guard let start = metadata.range(of: "<EntityType Name=\"\(set)\""),
              let end = metadata.range(of: "</EntityType>", range: start.upperBound..<metadata.endIndex)
        else {
            return "the publication's $metadata has no entity type \(set)"
        }
        let body = metadata[start.upperBound..<end.lowerBound]
        var properties: Set<String> = []
        var rest = body[...]
        while let found = rest.range(of: "<Property Name=\"") {
            let tail = rest[found.upperBound...]
            guard let close = tail.firstIndex(of: "\"") else { break }
            properties.insert(String(tail[..<close]))
            rest = tail[close...]
        }
        let wanted = ["Description", "НаименованиеПолное", "ИНН", "DeletionMark", "КонтактнаяИнформация",
                      settings.legalFormField, settings.commentField] + settings.freeTextFields
        let missing = wanted.filter { !properties.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "\(set) in the publication's $metadata has no properties \(missing.joined(separator: ", "))"
    }

    /// The counterparty as 1C holds it after a write.
    func readBack(_ key: String) async throws -> JSONValue {
        try await send(.json("GET", entityURL(key), headers: headers), "read back").json ?? .null
    }

    /// Reads the counterparty back after an erasure write; nil when every written value is there, else the outcome
    /// that says what to clear by hand.
    func notCleared(_ key: String, _ written: [String: JSONValue]) async throws -> ErasureOutcome? {
        let stored = try await readBack(key)
        let left = written.keys.filter { $0 != rowTypeAnnotation && stored[$0] != written[$0] }.sorted()
        guard !left.isEmpty else { return nil }
        return .cannotErase(reason: "cannot erase through the API: 1C did not clear \(left.joined(separator: ", ")) "
            + "of counterparty \(key) (read back after the write); clear them by hand in 1C "
            + "(Справочник «Контрагенты», Ref_Key \(key)).")
    }

    /// A business error: HTTP 500 with an `odata.error` of code -1, 1C's answer to a write its handlers or the
    /// platform refuse (a missing `LineNumber` gives it too). Retrying cannot fix it, so it is permanent; its
    /// message is kept with digit runs and e-mail addresses masked.
    /// Lock conflicts and timeouts, which pass, stay transient.
    static func businessError(_ response: TransportResponse, connector: String, operation: String)
        -> ConnectorError? {
        guard response.status == 500, let error = response.json?["odata.error"],
              error["code"]?.stringValue == "-1" else { return nil }
        let message = error["message"]?["value"]?.stringValue ?? ""
        let lowered = message.lowercased()
        guard !["блокиров", "lock", "timeout", "таймаут"].contains(where: { lowered.contains($0) })
        else { return nil }
        return ConnectorError(.permanent, "\(connector) \(operation) refused by 1C: \(mask(message))", status: 500,
                              apiErrorType: "odata -1")
    }

    /// The message without digit runs, e-mail addresses or parenthesised names, cut to 200 characters.
    static func mask(_ message: String) -> String {
        var words: [String] = []
        var inParentheses = false
        for word in message.split(separator: " ") {
            if word.hasPrefix("(") { inParentheses = true }
            defer { if word.hasSuffix(")") { inParentheses = false } }
            if inParentheses || word.contains("@") || word.contains(where: \.isNumber) {
                if words.last != "…" { words.append("…") }
                continue
            }
            words.append(String(word))
        }
        return String(words.joined(separator: " ").prefix(200))
    }
}

/// Whether the publication's `$metadata` fits the settings, decided once per connector.
actor SchemaCheck {
    /// nil: not checked yet; `.some(nil)`: fine; `.some(error)`: the configuration error.
    private(set) var verdict: ConnectorError??

    func store(_ verdict: ConnectorError?) { self.verdict = .some(verdict) }
}
