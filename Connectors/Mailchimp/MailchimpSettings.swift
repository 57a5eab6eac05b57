public import ConnectorKit

/// Settings of a ``MailchimpConnector`` (the `settings` object of its configuration entry).
///
/// ```json
/// {"listID": "a1b2c3d4e5", "nameOrder": "family-given-patronymic", "mergeFields": {"phone": "PHONE"}}
/// ```
public struct MailchimpSettings: Sendable, Codable, Equatable {
    /// How to split `full_name` into `FNAME` and `LNAME`.
    public typealias NameOrder = PersonNameOrder

    /// The audience (list) new members go to.
    public var listID: String
    /// How `full_name` is split, overriding the order of the operator's jurisdiction that the gateway gives each
    /// person (``ConnectorPerson/nameOrder``); `nil` follows the jurisdiction (`given-family` if unknown).
    public var nameOrder: NameOrder?
    /// pdgate field → merge tag, for fields other than `full_name` and `email` (defaults: phone → PHONE,
    /// birthday → BIRTHDAY as MM/DD). A field without a tag is not sent.
    public var mergeFields: [String: String]
    /// Whether erasure and suppression also reach every other audience of the account holding the address
    /// (found with `GET /lists?email=`). Default `true`: Mailchimp deletes per audience.
    public var allAudiences: Bool

    /// Creates settings.
    public init(
        listID: String,
        nameOrder: NameOrder? = nil,
        mergeFields: [String: String] = Self.defaultMergeFields,
        allAudiences: Bool = true
    ) {
        self.listID = listID
        self.nameOrder = nameOrder
        self.mergeFields = mergeFields
        self.allAudiences = allAudiences
    }

    /// phone → PHONE, birthday → BIRTHDAY.
    public static let defaultMergeFields = ["phone": "PHONE", "birthday": "BIRTHDAY"]

    private enum CodingKeys: String, CodingKey { case listID, nameOrder, mergeFields, allAudiences }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listID = try container.decode(String.self, forKey: .listID)
        nameOrder = try container.decodeIfPresent(NameOrder.self, forKey: .nameOrder)
        mergeFields = try container.decodeIfPresent([String: String].self, forKey: .mergeFields)
            ?? Self.defaultMergeFields
        allAudiences = try container.decodeIfPresent(Bool.self, forKey: .allAudiences) ?? true
    }
}
