public import Core
import ConnectorKit
import Audit
import Policy
import Vault

extension Gateway {
    /// Why a purpose does not cover a person, or nil when it does: the person belongs to none of the purpose's
    /// `data_subjects` (each category names the fields a member has recorded, such as a purchase for customers).
    /// This is the one rule that keeps leads out of accounting; the resolver applies it at send time.
    func outsideDataSubjects(_ stored: StoredSubject, of purpose: Purpose) -> String? {
        let categories = policies.dataSubjects.filter { purpose.dataSubjects.contains($0.name) }
        guard !categories.isEmpty else { return nil }
        let recorded: (String) -> Bool = { field in stored.record[field] != nil }
        if categories.contains(where: { category in category.includes(recorded: recorded) }) { return nil }
        // The nearest category names what is missing: a lead lacks a purchase, whether or not a company is known.
        let missing = categories.map { category in category.requires.filter { !recorded($0) } }
            .min { $0.count < $1.count } ?? []
        return "outside the purpose's data subjects (\(categories.map(\.name).joined(separator: ", "))): "
            + "no \(missing.joined(separator: " or ")) recorded"
    }

    /// What a sync would send now: for every configured connector and purpose, how many people would go and how
    /// many are withheld by reason, decided by the same resolver the dispatcher asks at send time.
    ///
    /// Needs a role with `aggregates`; audited with the counts per connector.
    public func routingPreview(principal: Principal) async throws -> RoutingPreview {
        let role = try await role(of: principal, auditAction: .connectorsPreview)
        guard role.aggregates else {
            try await refuse(principal, auditAction: .connectorsPreview, reason:
                "role \(principal.role) has no aggregates")
        }
        let resolver = personResolver
        var routes: [RoutingPreview.Route] = []
        for route in connectorRoutes.sorted(by: { $0.name < $1.name }) {
            for purpose in route.purposes.sorted() {
                routes.append(.init(connector: route.name, purpose: purpose, send: 0, withheld: [:],
                                    refused: transferRefusal(connector: route.name)))
            }
        }
        var people = 0
        var receiving: [String: Set<Int64>] = [:]
        for try await batch in subjectBatches(size: 500) {
            for stored in batch {
                people += 1
                for index in routes.indices where routes[index].refused == nil {
                    let resolution = try await resolver.resolve(
                        stored.id.rawValue, purpose: routes[index].purpose, connector: routes[index].connector,
                        when: { state in state.usable })
                    switch resolution {
                    case .send:
                        routes[index].send += 1
                        receiving[routes[index].connector, default: []].insert(stored.rowID)
                    case .withheld(let reason):
                        routes[index].withheld[reason, default: 0] += 1
                    }
                }
            }
        }
        var recipients: [String: Int] = [:]
        for route in connectorRoutes { recipients[route.name] = receiving[route.name]?.count ?? 0 }
        try await record(AuditEntry(
            at: nowSeconds, by: principal, action: .connectorsPreview,
            detail: "people=\(people) " + recipients.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " ")))
        return RoutingPreview(people: people, routes: routes, recipients: recipients)
    }
}
