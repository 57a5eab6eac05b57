public import Policy

/// One document generated from the policies: its kind, file name, title and both renderings.
public struct GeneratedDocument: Sendable, Equatable {
    /// Which legal document it is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The policy on processing personal data (152-FZ art. 18.1; GDPR art. 13–14 information).
        case processingPolicy = "processing_policy"
        /// A consent as a separate document (152-FZ art. 9 p. 4; 156-FZ since 01.09.2025).
        case consent
        /// The notification of processing to Roskomnadzor (152-FZ art. 22 p. 3).
        case roskomnadzorNotification = "roskomnadzor_notification"
        /// The notification of a cross-border transfer to Roskomnadzor (152-FZ art. 12 p. 4–5).
        case crossBorderNotification = "cross_border_notification"
    }

    /// Which document it is.
    public let kind: Kind
    /// The file name without extension (`consent-marketing_email`).
    public let name: String
    /// The document's title.
    public let title: String
    /// The language it is written in.
    public let language: Language
    /// For a consent document: the purpose it is for.
    public let purpose: String?
    /// For a cross-border notification: the recipient abroad.
    public let recipient: String?
    /// The self-contained HTML page (inline stylesheet, no script), ending with a newline.
    public let html: String
    /// The Markdown text, ending with a newline. For a consent document this exact text is what a captured
    /// consent's hash refers to.
    public let markdown: String

    init(kind: Kind, name: String, document: RenderableDocument, purpose: String? = nil, recipient: String? = nil) {
        self.kind = kind
        self.name = name
        self.title = document.title
        self.language = document.language
        self.purpose = purpose
        self.recipient = recipient
        self.html = HTMLDocumentRenderer.render(document)
        self.markdown = MarkdownDocumentRenderer.render(document)
    }
}
