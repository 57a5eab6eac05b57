/// A role from `roles.yaml`: what a staff member or a connector may see, change and do.
///
/// Access is granted per ``FieldCategory`` and may be narrowed or widened for single fields.
/// Categories a role does not mention are ``AccessLevel/none``.
public struct Role: Sendable, Hashable {
    /// The role's name (`accountant`).
    public let name: String
    /// What the role is for.
    public let description: LocalizedText
    /// Access per category; missing categories are ``AccessLevel/none``.
    public let categoryAccess: [FieldCategory: AccessLevel]
    /// Per-field exceptions to ``categoryAccess``, keyed by field name.
    public let fieldAccess: [String: AccessLevel]
    /// Categories whose fields the role may change (only where it reads them in clear).
    public let writableCategories: Set<FieldCategory>
    /// The operations the role may perform.
    public let actions: Set<RoleAction>
    /// Whether the role may query aggregates (counts, sums) across subjects.
    public let aggregates: Bool
    /// Whether an API token may carry the role (`tokens: false` in `roles.yaml` for roles the gateway takes on
    /// itself only, such as the privacy center acting for a verified person).
    public let tokens: Bool
    /// The most people one export by this role may hold without a second person's approval (`export_limit` in
    /// `roles.yaml`); `nil` falls back to `quality.yaml`'s review threshold. Only meaningful with the `export` action.
    public let exportLimit: Int?

    /// Creates a role.
    public init(
        name: String, description: LocalizedText, categoryAccess: [FieldCategory: AccessLevel],
        fieldAccess: [String: AccessLevel], writableCategories: Set<FieldCategory>, actions: Set<RoleAction>,
        aggregates: Bool, tokens: Bool = true, exportLimit: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.categoryAccess = categoryAccess
        self.fieldAccess = fieldAccess
        self.writableCategories = writableCategories
        self.actions = actions
        self.aggregates = aggregates
        self.tokens = tokens
        self.exportLimit = exportLimit
    }

    /// The role's access to a whole category.
    public func access(to category: FieldCategory) -> AccessLevel {
        categoryAccess[category] ?? .none
    }

    /// The role's access to one field, after per-field exceptions.
    public func access(to field: FieldDefinition) -> AccessLevel {
        fieldAccess[field.name] ?? access(to: field.category)
    }

    /// Whether the role may change the field: its category is writable and the field is readable in clear.
    public func canWrite(_ field: FieldDefinition) -> Bool {
        writableCategories.contains(field.category) && access(to: field) == .read
    }

    /// Whether the role may perform the action.
    public func allows(_ action: RoleAction) -> Bool {
        actions.contains(action)
    }
}
