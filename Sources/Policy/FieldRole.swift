/// What a field of `fields.yaml` means to the gateway's own rules, whatever the operator named it: retention counts
/// from the last purchase, access answers hold data since the first contact, selections read the customer status.
///
/// A field declares its role with `role:`; without one, the name, e-mail, phone, INN and tags are known by their
/// normalizer and the others by their conventional names (`last_purchase_date`, `first_contact_date`, `status`).
public enum FieldRole: String, Sendable, CaseIterable {
    case name
    case email
    case phone
    case inn
    case tags
    /// The day of the person's last purchase: retention rules anchored at `last_purchase` or `last_transaction`
    /// count from it, and the accounting hold keeps it.
    case lastPurchase = "last_purchase"
    /// The day the operator first got the person's data.
    case firstContact = "first_contact"
    /// The customer status (`VIP`, `клиент`, …) that exports and reconfirmation select by.
    case customerStatus = "customer_status"

    /// The normalizer that identifies the field when no field declares the role.
    var normalizer: NormalizerKind? {
        switch self {
        case .name: .name
        case .email: .email
        case .phone: .phone
        case .inn: .inn
        case .tags: .tags
        case .lastPurchase, .firstContact, .customerStatus: nil
        }
    }

    /// The conventional field name, for roles no normalizer identifies.
    var conventionalName: String? {
        switch self {
        case .lastPurchase: "last_purchase_date"
        case .firstContact: "first_contact_date"
        case .customerStatus: "status"
        default: nil
        }
    }
}

extension FieldCatalogue {
    /// The name of the field that plays `role`: the one declaring it, else the first with its normalizer, else the
    /// conventional name when the catalogue has such a field; nil when no field plays it.
    public func fieldName(for role: FieldRole) -> String? {
        if let declared = fields.first(where: { $0.role == role }) { return declared.name }
        if let normalizer = role.normalizer { return fields.first { $0.normalizer == normalizer }?.name }
        return role.conventionalName.flatMap { field(named: $0)?.name }
    }
}
