/// The catalogue of personal fields from `fields.yaml`, with header matching for imports.
///
/// Headers match field names and aliases after ``normalizedHeader(_:)``: trimmed (byte-order marks included),
/// inner spaces collapsed, lowercased, `ё` read as `е`.
public struct FieldCatalogue: Sendable {
    /// The fields, in the order of `fields.yaml`.
    public let fields: [FieldDefinition]
    /// Consent columns of imported files: normalised header → purpose name.
    ///
    /// For example `"согласие на рассылку" → "marketing_email"`.
    public let consentColumns: [String: String]

    private let byName: [String: Int]
    private let byHeader: [String: Int]

    /// Creates a catalogue.
    ///
    /// ``PolicySet/load(from:)`` rejects duplicate names and headers; here the first definition wins.
    ///
    /// - Parameters:
    ///   - fields: The fields, in display order.
    ///   - consentColumns: Consent column headers (normalised here) → purpose name.
    public init(fields: [FieldDefinition], consentColumns: [String: String]) {
        self.fields = fields
        var columns: [String: String] = [:]
        for (header, purpose) in consentColumns {
            columns[Self.normalizedHeader(header)] = columns[Self.normalizedHeader(header)] ?? purpose
        }
        self.consentColumns = columns
        var byName: [String: Int] = [:]
        var byHeader: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            byName[field.name] = byName[field.name] ?? index
            for header in [field.name] + field.headers {
                let key = Self.normalizedHeader(header)
                byHeader[key] = byHeader[key] ?? index
            }
        }
        self.byName = byName
        self.byHeader = byHeader
    }

    /// The field with this exact name.
    public func field(named name: String) -> FieldDefinition? {
        byName[name].map { fields[$0] }
    }

    /// The field whose name or alias matches a column header of an imported file.
    public func field(forHeader header: String) -> FieldDefinition? {
        byHeader[Self.normalizedHeader(header)].map { fields[$0] }
    }

    /// The purpose whose consent a column header records, such as `marketing_email` for "Согласие на рассылку".
    public func consentPurpose(forHeader header: String) -> String? {
        consentColumns[Self.normalizedHeader(header)]
    }

    /// The form headers are compared in: trimmed, inner whitespace collapsed to one space, lowercased, `ё` → `е`.
    ///
    /// Byte-order marks and zero-width characters (common at the start of spreadsheet exports) are dropped.
    public static func normalizedHeader(_ header: String) -> String {
        let visible = header.unicodeScalars.filter { !ignorableScalars.contains($0.value) }
        let words = String(String.UnicodeScalarView(visible)).split(whereSeparator: \.isWhitespace)
        let lowered = words.joined(separator: " ").lowercased()
        return String(lowered.map { $0 == "ё" ? "е" : $0 })
    }

    private static let ignorableScalars: Set<UInt32> = [0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060]
}
