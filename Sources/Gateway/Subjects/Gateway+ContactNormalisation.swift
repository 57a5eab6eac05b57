import Policy

extension Gateway {
    /// An e-mail or phone as the vault normalises it (the form its blind index is taken of), or nil when it is
    /// neither. Anything keyed on a contact outside the vault (rate limits, sign-up checks) uses this, so a variant
    /// the vault treats as the same contact (case, spaces, invisible characters, `8` for `+7`) is the same key.
    public static func normalisedContact(_ contact: String) -> String? {
        try? (contact.contains("@") ? NormalizerKind.email : .phone).normalise(contact)
    }
}
