/// Who `pdgate consent reconfirm` asks, among the people whose consent to the purpose is legacy and unproven.
public struct ReconfirmSelection: Sendable, Equatable {
    /// Only people carrying this tag (compared as the import normalises tags, ignoring case).
    public var tag: String?
    /// Only people whose `status` field (the customer status: `VIP`, `клиент`, ...) is this, ignoring case.
    public var status: String?

    /// A selection; nil means everyone with legacy consent.
    public init(tag: String? = nil, status: String? = nil) {
        self.tag = tag
        self.status = status
    }
}
