/// A run of text inside a block of a ``RenderableDocument``.
///
/// Every case holds raw text; the renderer escapes it, so no builder can forget to.
enum DocumentInline: Equatable {
    /// Plain text.
    case text(String)
    /// Text in bold.
    case strong(String)
    /// A name or identifier shown in a fixed-width font (field names, log actions).
    case code(String)
    /// A short highlighted label that calls something out ("cross-border transfer").
    case mark(String)
    /// A forced line break.
    case lineBreak
    /// A line to fill in by hand on the printed document.
    case blank
}
