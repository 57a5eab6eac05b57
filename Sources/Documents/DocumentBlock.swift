/// A block of a ``RenderableDocument``: a heading, a paragraph, a list, a table, ...
enum DocumentBlock: Equatable {
    /// A label and its value, as in "Reference: REQ-2026-000042".
    struct Fact: Equatable {
        var label: String
        var value: [DocumentInline]

        init(_ label: String, _ value: [DocumentInline]) {
            self.label = label
            self.value = value
        }

        init(_ label: String, _ text: String) {
            self.init(label, [.text(text)])
        }
    }

    /// How a callout is highlighted.
    enum Tone: Equatable {
        /// Neutral information.
        case info
        /// Something the reader must notice: restricted processing, transfers abroad.
        case warning
    }

    /// A section heading; level 2 for sections, 3 for subsections (level 1 is the document title).
    case heading(level: Int, String)
    case paragraph([DocumentInline])
    /// A highlighted box.
    case callout(Tone, [DocumentInline])
    case bullets([[DocumentInline]])
    case facts([Fact])
    case table(DocumentTable)
    /// Starts a new page when printed (the log extract of an act).
    case pageBreak
}
