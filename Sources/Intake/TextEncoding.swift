/// The character encodings an import file may use.
///
/// Russian spreadsheets are saved either as UTF-8 (often with a byte order mark) or, by older Excel versions and
/// 1C, as Windows-1251. ``CSVReader`` detects which one when it is not told.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte order mark.
    case utf8
    /// Windows-1251 (Cyrillic), decoded with the reader's own table.
    case windows1251
}
