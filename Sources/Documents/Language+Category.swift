import Policy

extension Language {
    /// The name of a field category (`contact` → "Контактные данные" / "Contact data"), or the text itself when it is
    /// not a known category code.
    func categoryName(_ category: String) -> String {
        FieldCategory(rawValue: category)?.label[self] ?? category
    }
}
