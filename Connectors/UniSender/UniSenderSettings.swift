public import ConnectorKit

/// Settings of a ``UniSenderConnector`` (the `settings` object of its configuration entry).
///
/// ```json
/// {"listIDs": [134], "language": "ru", "fieldNames": {"full_name": "Name"}, "nameOrder": "family-given-patronymic",
///  "transactionalListID": 134}
/// ```
public struct UniSenderSettings: Sendable, Codable, Equatable {
    /// The lists new contacts join (`list_ids`).
    public var listIDs: [Int]
    /// The API language segment, `ru` or `en`.
    public var language: String
    /// pdgate field → UniSender custom field name (created beforehand in UniSender). `email` and `phone` are
    /// system fields and always sent when the purpose declares them.
    public var fieldNames: [String: String]
    /// The list whose sender settings and unsubscribe link a transactional `sendEmail` uses (`list_id`, required by
    /// UniSender); the first of ``listIDs`` when absent.
    public var transactionalListID: Int?
    /// The `notify_url` of the pull's asynchronous exports (UniSender's English documentation marks it required;
    /// the pull polls `async/getTaskResult` either way): a URL that answers 200, such as the gateway's hooks URL.
    public var exportNotifyURL: String?
    /// How `full_name` is split for `Name`, overriding the order of the operator's jurisdiction that the gateway
    /// gives each person (``ConnectorPerson/nameOrder``), as Mailchimp's `nameOrder` does; `nil` follows the
    /// jurisdiction (`given-family` if unknown).
    public var nameOrder: PersonNameOrder?

    /// Creates settings.
    public init(listIDs: [Int], language: String = "ru", fieldNames: [String: String] = ["full_name": "Name"],
                transactionalListID: Int? = nil, exportNotifyURL: String? = nil, nameOrder: PersonNameOrder? = nil) {
        self.listIDs = listIDs
        self.language = language
        self.fieldNames = fieldNames
        self.transactionalListID = transactionalListID
        self.exportNotifyURL = exportNotifyURL
        self.nameOrder = nameOrder
    }

    private enum CodingKeys: String, CodingKey { case listIDs, language, fieldNames, transactionalListID, exportNotifyURL, nameOrder }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listIDs = try container.decode([Int].self, forKey: .listIDs)
        language = try container.decodeIfPresent(String.self, forKey: .language) ?? "ru"
        fieldNames = try container.decodeIfPresent([String: String].self, forKey: .fieldNames) ?? ["full_name": "Name"]
        transactionalListID = try container.decodeIfPresent(Int.self, forKey: .transactionalListID)
        exportNotifyURL = try container.decodeIfPresent(String.self, forKey: .exportNotifyURL)
        nameOrder = try container.decodeIfPresent(PersonNameOrder.self, forKey: .nameOrder)
    }
}
