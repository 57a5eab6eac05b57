/// Matching of CSV header cells to field names, however the spreadsheet spelled them.
public enum HeaderKey {
    /// The comparable form of a header cell: trimmed, lowercased, `ё` as `е`, every run of spaces one space.
    ///
    /// `" Дата  первого\u{A0}контакта "` and `"дата первого контакта"` have the same key.
    public static func normalize(_ header: String) -> String {
        header.collapsingBlanks().lowercased().foldingYo.precomposed
    }
}
