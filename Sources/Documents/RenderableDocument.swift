import Policy

/// A document as language-neutral blocks, rendered to HTML by ``HTMLDocumentRenderer`` or to Markdown by
/// ``MarkdownDocumentRenderer``.
///
/// Builders put raw values in; only renderers escape, each for its own format.
struct RenderableDocument: Equatable {
    /// The language of the text (the HTML `lang` attribute).
    var language: Language
    /// The title, shown as the first heading.
    var title: String
    /// Lines under the title ("Roskomnadzor Order No. 179 of 28.10.2022").
    var subtitle: [String]
    /// Whether the title block is centred, as on a formal act.
    var centredTitle: Bool
    var blocks: [DocumentBlock]
}
