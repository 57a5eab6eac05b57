/// Settings of a ``MailchimpConnector`` (the `settings` object of its configuration entry).
///
/// ```json
/// {"listID": "a1b2c3d4e5", "nameOrder": "family-given", "mergeFields": {"phone": "PHONE"}}
/// ```
public struct MailchimpSettings: Sendable, Codable, Equatable {
    /// How to split `full_name` into `FNAME` and `LNAME`.
    public enum NameOrder: String, Sendable, Codable {
        /// "Ann Lee": FNAME Ann, LNAME Lee.
        case givenFamily = "given-family"
        /// "Иванова Анна Петровна": LNAME Иванова, FNAME Анна Петровна.
        case familyGiven = "family-given"
    }

    /// The audience (list) new members go to.
    public var listID: String
    /// How `full_name` is split.
    public var nameOrder: NameOrder
    /// pdgate field → merge tag, for fields other than `full_name` and `email` (defaults: phone → PHONE,
    /// birthday → BIRTHDAY as MM/DD). A field without a tag is not sent.
    public var mergeFields: [String: String]
    /// Whether erasure and suppression also reach every other audience of the account holding the address
    /// (found with `GET /lists?email=`). Default `true`: Mailchimp deletes per audience.
    public var allAudiences: Bool

    /// Creates settings.
    public init(
        listID: String,
        nameOrder: NameOrder = .givenFamily,
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
        nameOrder = try container.decodeIfPresent(NameOrder.self, forKey: .nameOrder) ?? .givenFamily
        mergeFields = try container.decodeIfPresent([String: String].self, forKey: .mergeFields)
            ?? Self.defaultMergeFields
        allAudiences = try container.decodeIfPresent(Bool.self, forKey: .allAudiences) ?? true
    }
}
