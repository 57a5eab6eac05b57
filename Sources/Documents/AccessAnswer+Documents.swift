public import Requests

extension AccessAnswer {
    /// Whether the answer is under Russian law (152-FZ); otherwise it is under the GDPR.
    public var isRussian: Bool { jurisdiction.uppercased() == "RU" }

    /// Whether processing is restricted (blocked): the data is only stored.
    public var isRestricted: Bool { processingStatus.lowercased() == "restricted" }

    /// Every distinct source of the data, in the order first met.
    public var sources: [String] {
        var seen: Set<String> = []
        return items.map(\.source).filter { seen.insert($0).inserted }
    }

    /// Every distinct recipient over all purposes, in the order first met.
    public var recipients: [String] {
        var seen: Set<String> = []
        return purposes.flatMap(\.recipients).filter { seen.insert($0).inserted }
    }

    /// The recipients whose description marks a cross-border transfer.
    public var crossBorderRecipients: [String] {
        recipients.filter(Self.isCrossBorder)
    }

    /// Whether a recipient's description marks a cross-border transfer (152-FZ art. 12, GDPR chapter V).
    ///
    /// Recipients are described in words ("Mailchimp (United States, cross-border transfer)"); the mark is
    /// "cross-border", "cross border", "трансграничн" or "third country", in any case.
    public static func isCrossBorder(_ recipient: String) -> Bool {
        let text = recipient.lowercased()
        return ["cross-border", "cross border", "трансграничн", "third country", "третья страна"].contains {
            text.contains($0)
        }
    }

    /// Whether the answer holds free text the privacy officer must review before it is released.
    public var needsReview: Bool { !(reviewFields ?? []).isEmpty }

    /// The label of a field name, taken from the items held, or the name itself when no item has it.
    public func label(ofField field: String) -> String {
        items.first { $0.field == field }?.label ?? field
    }
}
