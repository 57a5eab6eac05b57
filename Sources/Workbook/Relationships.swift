/// Reads a relationships part (`_rels/*.rels`): id, type and target of each relationship.
struct RelationshipsParser: XMLScannerHandler {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    var relationships: [Relationship] = []

    mutating func start(_ tag: XMLTag, empty: Bool) throws {
        guard tag.is("Relationship"), let id = tag.attribute("Id"), let target = tag.attribute("Target") else { return }
        relationships.append(Relationship(id: id, type: tag.attribute("Type") ?? "", target: target))
    }

    mutating func end(_ name: XMLName) throws {}
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws {}

    /// The archive path of `target`, relative to the folder of the part the relationships belong to.
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if component != "." {
                parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }
}

/// Reads `workbook.xml`: the sheets in tab order and the date system.
struct WorkbookPartParser: XMLScannerHandler {
    var sheets: [(name: String, relationship: String, hidden: Bool)] = []
    var date1904 = false

    mutating func start(_ tag: XMLTag, empty: Bool) throws {
        if tag.is("sheet"), let name = tag.attribute("name"), let id = tag.attribute("id") {
            let state = tag.attribute("state") ?? "visible"
            sheets.append((name, id, state != "visible"))
        } else if tag.is("workbookPr") {
            let value = tag.attribute("date1904") ?? "0"
            date1904 = value == "1" || value == "true"
        }
    }

    mutating func end(_ name: XMLName) throws {}
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>, cdata: Bool) throws {}
}
