public import ConnectorKit
internal import Foundation

/// Batched upserts through `importContacts`, after UniSender's documentation
/// (<https://www.unisender.com/en/support/api/partners/importcontacts/>): at most 500 rows a call, positional
/// `data[row][column]` under `field_names[column]`; the answer counts `total`, `inserted`, `updated`, `deleted`,
/// `invalid` and lists per-row errors and warnings in `log` (`index` = the row in `data`, `code`, `message`).
///
/// - Only people whose consent is already held are batched (``canBatch(_:)``): `importContacts` sends no opt-in letter,
///   so people to invite or re-confirm still go through `subscribe` with its `double_optin`.
/// - A row carries what `subscribe` would: the same fields under the same names (``contactFields(of:)``), the
///   configured lists as `email_list_ids` / `phone_list_ids` (`overwrite_lists=0`: other lists are kept), tags with
///   `overwrite_tags=1` when passed. No `email_status` is sent: new addresses become `new`, existing ones keep theirs,
///   as with `double_optin=3`, so an unsubscribed contact is never re-activated.
/// - People are grouped by the columns they fill, one call per group, so no row has an empty cell that could
///   blank a field the service holds.
/// - Withdrawal and erasure stay per person (`unsubscribe`, `exclude`, a `delete=1` row): the import cannot change
///   the status of an existing address that is not `active` or `inactive`, so it cannot express a withdrawal safely.
extension UniSenderConnector: BatchUpserting {
    /// `importContacts` takes at most 500 contacts a call.
    public var maxBatchSize: Int { 500 }

    public func canBatch(_ person: ConnectorPerson) -> Bool {
        !person.doubleOptIn && (person.email != nil || person.phone != nil)
    }

    public func upsertBatch(_ people: [ConnectorPerson]) async throws -> [Result<String?, ConnectorError>] {
        var results = [Result<String?, ConnectorError>?](repeating: nil, count: people.count)
        var groups: [[String]: [Int]] = [:]
        var order: [[String]] = []
        for (index, person) in people.enumerated() {
            let columns = columns(of: person)
            if groups[columns] == nil { order.append(columns) }
            groups[columns, default: []].append(index)
        }
        for columns in order {
            let indices = groups[columns] ?? []
            let answers = try await importRows(indices.map { people[$0] }, columns: columns)
            for (index, answer) in zip(indices, answers) { results[index] = answer }
        }
        return results.map { $0 ?? .failure(ConnectorError(.invalidResponse, "\(name) upsert: row not answered")) }
    }

    // MARK: - Rows

    /// The columns `person` fills: their fields, the lists of each channel, and tags when they have some.
    private func columns(of person: ConnectorPerson) -> [String] {
        var columns = contactFields(of: person).map(\.name)
        if person.email != nil { columns.append("email_list_ids") }
        if person.phone != nil { columns.append("phone_list_ids") }
        if tags(of: person) != nil { columns.append("tags") }
        return columns
    }

    private func cells(of person: ConnectorPerson, columns: [String]) -> [String] {
        let lists = settings.listIDs.map(String.init).joined(separator: ",")
        var values = Dictionary(contactFields(of: person).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        values["email_list_ids"] = lists
        values["phone_list_ids"] = lists
        values["tags"] = tags(of: person)
        return columns.map { values[$0] ?? "" }
    }

    /// One `importContacts` call for people who fill the same columns, and each row's result.
    private func importRows(_ people: [ConnectorPerson], columns: [String]) async throws
        -> [Result<String?, ConnectorError>] {
        var params: [(String, String)] = columns.enumerated().map { ("field_names[\($0.offset)]", $0.element) }
        for (row, person) in people.enumerated() {
            for (column, value) in cells(of: person, columns: columns).enumerated() {
                params.append(("data[\(row)][\(column)]", value))
            }
        }
        params.append(("overwrite_tags", columns.contains("tags") ? "1" : "0"))
        params.append(("overwrite_lists", "0"))
        let result = try await call("importContacts", params, operation: "upsert")
        guard result["total"]?.intValue == Int64(people.count), let invalid = result["invalid"]?.intValue else {
            throw ConnectorError(.invalidResponse, "\(name) upsert: importContacts answered without the rows' count")
        }
        let logged = try rowLog(result["log"], rows: people.count)
        if logged.count < invalid {
            throw ConnectorError(.invalidResponse, "\(name) upsert: importContacts counted \(invalid) invalid rows "
                                 + "but named \(logged.count)")
        }
        var answers: [Result<String?, ConnectorError>] = []
        for (row, person) in people.enumerated() {
            guard let entry = logged[row] else {
                answers.append(.success(nil))
                continue
            }
            if logged.count == invalid {
                answers.append(.failure(rowError(entry, of: person)))
            } else {
                // Some entries are warnings on imported rows and the log does not say which: ask `subscribe`.
                do {
                    answers.append(.success(try await upsert(person)))
                } catch let error as ConnectorError {
                    answers.append(.failure(error))
                }
            }
        }
        return answers
    }

    /// The `log` entries by row (the first entry of a row), checked against the rows sent.
    private func rowLog(_ log: JSONValue?, rows: Int) throws -> [Int: (code: String, message: String)] {
        var logged: [Int: (code: String, message: String)] = [:]
        for entry in log?.arrayValue ?? [] {
            guard let index = entry["index"]?.intValue.map(Int.init), (0..<rows).contains(index) else {
                throw ConnectorError(.invalidResponse, "\(name) upsert: importContacts logged a row it was not sent")
            }
            if logged[index] == nil {
                logged[index] = (entry["code"]?.stringValue ?? "unspecified", entry["message"]?.stringValue ?? "")
            }
        }
        return logged
    }

    /// A refused row as that person's error: the service's code, and its message without the person's data.
    private func rowError(_ entry: (code: String, message: String), of person: ConnectorPerson) -> ConnectorError {
        var message = entry.message
        for value in contactFields(of: person).map(\.value) + [tags(of: person) ?? ""] where value.count > 1 {
            message = message.replacingOccurrences(of: value, with: "…", options: .caseInsensitive)
        }
        message = message
            .replacingOccurrences(of: #"[^\s'"«»<>,;]+@[^\s'"«»<>,;]+"#, with: "…", options: .regularExpression)
            .replacingOccurrences(of: #"\+?\d[\d ()-]{5,}\d"#, with: "…", options: .regularExpression)
        return ConnectorError(.permanent, "\(name) upsert: importContacts refused the row (\(message))",
                              apiErrorType: entry.code)
    }
}
