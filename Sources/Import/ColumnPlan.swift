import Gateway
import Intake
import Policy

/// How the columns of one file map to fields of the catalogue and to consent purposes.
struct ColumnPlan {
    enum Target: Equatable {
        case field(FieldDefinition)
        case consent(purpose: String)
        case ignored
    }

    let header: [String]
    let targets: [Target]
    let nameField: FieldDefinition
    let emailField: FieldDefinition?
    let phoneField: FieldDefinition?

    /// The field a column fills, if it fills one.
    func field(atColumn column: Int) -> FieldDefinition? {
        guard case .field(let field) = targets[column] else { return nil }
        return field
    }

    var ignoredColumns: [String] {
        zip(header, targets).compactMap { $1 == .ignored ? $0 : nil }
    }

    /// Maps a header row, refusing files no person could be read from.
    ///
    /// - Throws: ``GatewayError`` `malformedInput` or `invalidArgument`, naming the column.
    init(header: [String], catalogue: FieldCatalogue, mappings: [String: String]) throws {
        var byHeader: [String: String] = [:]
        for (column, field) in mappings {
            guard catalogue.field(named: field) != nil || field == "ignore" else {
                throw GatewayError(.invalidArgument,
                    "mapping \"\(column)=\(field)\": no field named \(field) in fields.yaml")
            }
            byHeader[HeaderKey.normalize(column)] = field
        }
        var targets: [Target] = []
        var seen: [String: String] = [:]
        for column in header {
            let key = HeaderKey.normalize(column)
            let target: Target
            if let mapped = byHeader[key] {
                target = mapped == "ignore" ? .ignored : .field(catalogue.field(named: mapped)!)
            } else if let field = catalogue.field(forHeader: column) {
                target = .field(field)
            } else if let purpose = catalogue.consentPurpose(forHeader: column) {
                target = .consent(purpose: purpose)
            } else {
                target = .ignored
            }
            if case .field(let field) = target {
                if let other = seen[field.name] {
                    throw GatewayError(.malformedInput,
                        "columns \"\(other)\" and \"\(column)\" both map to \(field.name); map one elsewhere with --map")
                }
                seen[field.name] = column
            }
            targets.append(target)
        }
        let fields = targets.compactMap { target -> FieldDefinition? in
            if case .field(let field) = target { return field }
            return nil
        }
        guard let name = fields.first(where: { $0.normalizer == .name }) else {
            throw GatewayError(.malformedInput,
                "no column holds the person's name (expected a header such as ФИО or Name, or --map \"COLUMN=full_name\")")
        }
        let email = fields.first { $0.normalizer == .email }
        let phone = fields.first { $0.normalizer == .phone }
        guard email != nil || phone != nil else {
            throw GatewayError(.malformedInput,
                "no column holds an e-mail or a phone (expected Email or Телефон, or --map \"COLUMN=email\")")
        }
        self.header = header
        self.targets = targets
        self.nameField = name
        self.emailField = email
        self.phoneField = phone
    }
}
