public import ConnectorKit
internal import Foundation

/// Batched upserts through Mailchimp's "Batch subscribe or unsubscribe" (`POST /lists/{list_id}`), after
/// <https://mailchimp.com/developer/marketing/api/lists/batch-subscribe-or-unsubscribe/>: at most 500 `members` a
/// call, each with `email_address`, `status`, `merge_fields` and `tags`; the answer lists `new_members`,
/// `updated_members` and `errors` (`email_address`, `error`, `error_code` such as `ERROR_CONTACT_EXISTS` or
/// `ERROR_GENERIC`, `field`, `field_message`) with `total_created`, `total_updated` and `error_count`.
///
/// - The call is sent with `update_existing: false`, so it only adds members: with `true` Mailchimp would set an
///   existing member's status (a pending member subscribed without confirming, say), which the single upsert
///   never does. A member who already exists comes back as `ERROR_CONTACT_EXISTS` and is then updated through
///   the single ``MailchimpConnector/upsert(_:)`` (`PUT` with `status_if_new`), which keeps their status.
/// - A new member gets the status the single path gives (``MailchimpConnector/statusIfNew(of:)``: `pending` for
///   double opt-in, so Mailchimp sends the confirmation) and the same merge fields
///   (``MailchimpConnector/mergeFields(for:)``): only what the purpose declares.
/// - Any other per-member error is that person's dead letter with Mailchimp's `error_code` (the `error` text
///   can echo the address and is dropped); the other members are delivered.
/// - Re-permission (``ConnectorPerson/reconfirm``) changes an existing member's status, so it stays per person.
extension MailchimpConnector: BatchUpserting {
    /// "Up to 500 members may be added or updated with each API call."
    public var maxBatchSize: Int { 500 }

    public func canBatch(_ person: ConnectorPerson) -> Bool {
        !person.reconfirm && person.email != nil
    }

    public func upsertBatch(_ people: [ConnectorPerson]) async throws -> [Result<String?, ConnectorError>] {
        var batched: [Int] = []
        var hashes = Set<String>()
        for (index, person) in people.enumerated() {
            // An address twice in one call would be added once and refused once: the second goes alone.
            if let email = person.email, hashes.insert(Self.subscriberHash(email)).inserted { batched.append(index) }
        }
        var answers = [Row](repeating: .alone, count: people.count)
        if !batched.isEmpty {
            for (index, row) in zip(batched, try await subscribeBatch(batched.map { people[$0] })) {
                answers[index] = row
            }
        }
        var results: [Result<String?, ConnectorError>] = []
        for (person, answer) in zip(people, answers) {
            switch answer {
            case .added(let hash): results.append(.success(hash))
            case .refused(let error): results.append(.failure(error))
            case .alone: results.append(try await single(person))
            }
        }
        return results
    }

    // MARK: - The call

    /// What the batch call said about one member.
    private enum Row {
        /// Added (or updated) with this subscriber hash.
        case added(String)
        /// Refused for this person alone.
        case refused(ConnectorError)
        /// Already a member, or not named in the answer: sent through the single upsert.
        case alone
    }

    /// One batch call for people with distinct addresses, and what it said about each.
    private func subscribeBatch(_ people: [ConnectorPerson]) async throws -> [Row] {
        let members: [JSONValue] = people.map { person in
            var member: [String: JSONValue] = [
                "email_address": .string(person.email ?? ""),
                "status": .string(Self.statusIfNew(of: person)),
            ]
            let merge = mergeFields(for: person)
            if !merge.isEmpty { member["merge_fields"] = .object(merge) }
            if !person.tags.isEmpty { member["tags"] = .array(person.tags.map { .string($0) }) }
            return .object(member)
        }
        let url = endpoint.url(["lists", settings.listID], query: [("skip_merge_validation", "true")])
        let body: JSONValue = ["members": .array(members), "update_existing": false]
        let response = try await send(.json("POST", url, body: body, headers: auth, timeout: timeout), "upsert")
        guard let answer = response.json, case .array(let errors)? = answer["errors"],
            case .array(let created)? = answer["new_members"] else {
            throw ConnectorError(.invalidResponse, "\(name) upsert: the batch answer has no members or errors",
                                 status: response.status)
        }
        let updated = answer["updated_members"]?.arrayValue ?? []
        let added = Set((created + updated).compactMap { $0["email_address"]?.stringValue.map(Self.subscriberHash) })
        var refused: [String: Row] = [:]
        for error in errors {
            guard let email = error["email_address"]?.stringValue else {
                throw ConnectorError(.invalidResponse, "\(name) upsert: a batch error names no member",
                                     status: response.status)
            }
            refused[Self.subscriberHash(email)] = rowError(error)
        }
        return people.map { person in
            let hash = Self.subscriberHash(person.email ?? "")
            return refused[hash] ?? (added.contains(hash) ? .added(hash) : .alone)
        }
    }

    /// A per-member error: a member who already exists is updated alone; any other error is that person's, with
    /// Mailchimp's code and the field it concerns (the `error` text can hold the address and is dropped).
    private func rowError(_ error: JSONValue) -> Row {
        let code = error["error_code"]?.stringValue ?? "ERROR_GENERIC"
        if code == "ERROR_CONTACT_EXISTS" { return .alone }
        var about = ""
        if let field = error["field"]?.stringValue, (1...40).contains(field.count),
            field.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
            about = " (field \(field))"
        }
        return .refused(ConnectorError(.permanent, "\(name) upsert: Mailchimp refused the member in the batch\(about)",
                                       apiErrorType: code))
    }

    /// The single upsert, its error kept as this person's (a cancellation still ends the whole call).
    private func single(_ person: ConnectorPerson) async throws -> Result<String?, ConnectorError> {
        do {
            return .success(try await upsert(person))
        } catch let error as ConnectorError {
            return .failure(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .failure(ConnectorError(.transient, "\(name) upsert: the request failed (\(type(of: error)))"))
        }
    }
}
