import Core
import Foundation
import Hummingbird
import Gateway
import Policy
import Requests

extension ConsoleRoutes {
    /// `GET /console/requests?filter=open|overdue|all&kind=…&state=…&page=N`: the request queue by deadline, 50 a
    /// page, each with the person's name as the role may see it (an audited read,
    /// ``Gateway/showSubject(_:principal:)``).
    @Sendable func requestQueue(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        let query = request.uri.queryParameters
        let filter = query.get("filter") ?? "open"
        guard ["open", "overdue", "all"].contains(filter) else {
            throw APIError.validation("filter is open, overdue or all")
        }
        let kind = query.get("kind") ?? ""
        guard kind.isEmpty || RequestKind(rawValue: kind) != nil else { throw APIError.validation("unknown kind") }
        let state = query.get("state") ?? ""
        guard state.isEmpty || RequestState(rawValue: state) != nil else { throw APIError.validation("unknown state") }
        let listed = try await gateway.listRequests(overdueOnly: filter == "overdue", openOnly: filter == "open",
                                                    principal: principal)
        let requests = listed.filter {
            (kind.isEmpty || $0.kind.rawValue == kind) && (state.isEmpty || $0.state.rawValue == state)
        }
        let overdueCount = filter == "overdue" ? listed.count
            : try await gateway.listRequests(overdueOnly: true, principal: principal).count
        let strings = ConsoleStrings.table(chrome.language)
        let paging = try ConsolePaging(request, total: requests.count)
        var rows: [[String: Any]] = []
        for item in paging.slice(requests) {
            let status = gateway.deadlineStatus(of: item)
            let zone = gateway.timeZone(ofJurisdiction: item.jurisdiction)
            let person = await personName(item.subject, principal: principal)
            let rowClass = status.isOverdue ? "overdue" : status.isDueSoon ? "soon" : item.state.isOpen ? "" : "closed"
            rows.append([
                "reference": item.reference, "kind": strings["kind_\(item.kind.rawValue)"] ?? item.kind.rawValue,
                "state": strings["state_\(item.state.rawValue)"] ?? item.state.rawValue,
                "received": Self.day(item.receivedAt, in: zone), "deadline": status.lastDay.description,
                "extended": item.extendedDeadline != nil, "left": item.state.isOpen ? "\(status.daysLeft)" : "—",
                "overdue": status.isOverdue, "dueSoon": status.isDueSoon,
                "subject": item.subject ?? "—", "rowClass": rowClass,
                "person": person,
            ])
        }
        var values: [String: Any] = [
            "requests": rows, "hasRequests": !rows.isEmpty, "overdueCount": overdueCount, "nav_requests": true,
            "filter_open": filter == "open", "filter_overdue": filter == "overdue", "filter_all": filter == "all",
            "filter": filter,
            "kinds": SubjectRequest.kinds.map {
                ["value": $0.rawValue, "label": strings["kind_\($0.rawValue)"] ?? $0.rawValue,
                 "selected": $0.rawValue == kind]
            },
            "states": RequestState.allCases.map {
                ["value": $0.rawValue, "label": strings["state_\($0.rawValue)"] ?? $0.rawValue,
                 "selected": $0.rawValue == state]
            },
        ]
        values.merge(paging.values(path: "/console/requests",
                                   query: [("filter", filter), ("kind", kind), ("state", state)])) { $1 }
        return renderer.page("requests", title: strings["requests_title"] ?? "", chrome: chrome, values: values)
    }

    /// The person's name as `principal`'s role sees it (masked where the role sees a mask), read through the
    /// gateway's audited read; "—" when there is no person, the role sees no name, or the person is gone.
    func personName(_ subject: String?, principal: Principal) async -> String {
        guard let subject, let id = SubjectID(subject),
            let field = gateway.policies.fields.fieldName(for: .name),
            let view = try? await gateway.showSubject(id, principal: principal)
        else { return "—" }
        return view.fields.first { $0.name == field }?.value ?? "—"
    }
}
