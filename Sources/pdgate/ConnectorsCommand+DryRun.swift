import Gateway

extension ConnectorsCommand.Sync {
    /// The dry run as text: per connector the people it would receive, then per purpose who goes and who is
    /// withheld and why.
    static func describe(_ preview: RoutingPreview) -> String {
        var lines = ["\(preview.people) people in the vault; nothing was sent (dry run)"]
        for connector in Set(preview.routes.map(\.connector)).sorted() {
            lines.append("\(connector): \(preview.recipients[connector] ?? 0) people")
            for route in preview.routes where route.connector == connector {
                if let refused = route.refused {
                    lines.append("  \(route.purpose): nobody: \(refused)")
                    continue
                }
                lines.append("  \(route.purpose): send \(route.send)")
                for (reason, count) in route.withheld.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                    lines.append("    withheld \(count): \(reason)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
