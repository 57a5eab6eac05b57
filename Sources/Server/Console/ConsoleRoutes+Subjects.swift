import Foundation
import Hummingbird
import Gateway
import Keyring
import Audit

extension ConsoleRoutes {
    @Sendable func subjectSearchPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        var values: [String: Any] = ["kindEmail": true, "nav_subjects": true]
        if request.uri.queryParameters.get("done") == "erased" {
            values["flash"] = ConsoleStrings.text("done_erased", chrome.language)
        }
        return renderer.page("subjects", title: ConsoleStrings.text("subjects_title", chrome.language), chrome: chrome,
                             values: values)
    }

    /// The search runs as a POST so the e-mail or phone stays out of URLs, browser history and proxy logs.
    @Sendable func subjectSearch(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let form = try await checkedForm(request, context)
        let chrome = Self.chrome(request, context)
        let title = ConsoleStrings.text("subjects_title", chrome.language)
        let isEmail = form["kind"] != "phone"
        let value = (form["value"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var values: [String: Any] = ["kindEmail": isEmail, "nav_subjects": true]
        do {
            let ids = try await gateway.findSubjects(isEmail ? .email(value) : .phone(value), principal: principal)
            values["searched"] = true
            values["hasResults"] = !ids.isEmpty
            values["count"] = ids.count
            let paging = try ConsolePaging(page: form["page"], total: ids.count, size: 25)
            var results: [[String: String]] = []
            for id in paging.slice(ids) {
                let person = await personName(id.rawValue, principal: principal)
                results.append(["id": id.rawValue, "person": person])
            }
            values["results"] = results
            if ids.count > paging.size {
                values.merge(paging.values(path: "/console/subjects", query: [])) { $1 }
                values["searchKind"] = isEmail ? "email" : "phone"
                values["searchValue"] = value
            }
            return renderer.page("subjects", title: title, chrome: chrome, values: values)
        } catch let error as GatewayError where error.code == .invalidArgument {
            values["problem"] = error.apiMessage
            return renderer.page("subjects", title: title, chrome: chrome, values: values, status: error.status)
        }
    }

    @Sendable func subjectPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try APIRoutes.subjectID(context)
        let view = try await gateway.showSubject(id, principal: principal)
        let chrome = Self.chrome(request, context)
        let strings = ConsoleStrings.table(chrome.language)
        let labels = Dictionary(uniqueKeysWithValues: gateway.policies.fields.fields.map {
            ($0.name, $0.label(in: chrome.language))
        })
        let fields: [[String: Any]] = view.fields.map {
            ["label": labels[$0.name] ?? $0.label, "value": $0.value ?? "—", "masked": $0.masked,
             "confirmed": String($0.confirmedAt.prefix(10))]
        }
        let consents: [[String: Any]] = view.consents.map {
            ["purpose": gateway.policies.purpose(named: $0.purpose)?.description[chrome.language] ?? $0.purpose,
             "basis": gateway.policies.purpose(named: $0.purpose)?.legalBasis.label[chrome.language] ?? "",
             "state": (strings[$0.active ? "consent_active" : "consent_withdrawn"] ?? "")
                + ", " + (strings[$0.proven ? "proven" : "unproven"] ?? ""),
             "provenance": $0.provenance, "since": String($0.since.prefix(10))]
        }
        var values: [String: Any] = [
            "id": view.subject, "status": strings["status_\(view.status)"] ?? view.status,
            "statusClass": view.status, "fields": fields, "consents": consents,
            "hasConsents": !consents.isEmpty, "nav_subjects": true,
        ]
        values.merge(subjectActions(for: principal)) { $1 }
        values.merge(subjectActionOptions(for: principal, language: chrome.language)) { $1 }
        if let done = request.uri.queryParameters.get("done"),
            SubjectAction(rawValue: done) != nil || done == "erased"
        {
            values["flash"] = strings["done_\(done)"] ?? done
        }
        return renderer.page("subject", title: "\(strings["subject_title"] ?? "") \(view.subject)", chrome: chrome,
                             values: values)
    }

    @Sendable func auditPage(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try APIRoutes.subjectID(context)
        let entries = try await gateway.auditTrail(of: id, principal: principal)
        let chrome = Self.chrome(request, context)
        let rows: [[String: Any]] = entries.map {
            [
                "seq": $0.seq.map(String.init) ?? "",
                "time": Self.minute(Date(timeIntervalSince1970: TimeInterval($0.at))),
                "principal": $0.principal, "role": $0.role, "action": $0.action,
                "fields": $0.fields.joined(separator: ", "), "outcome": $0.outcome.rawValue,
                "outcomeClass": $0.outcome == .ok ? "" : "refused-entry", "detail": $0.detail ?? "",
            ]
        }
        return renderer.page("audit", title: "\(ConsoleStrings.text("audit_title", chrome.language)) \(id.rawValue)",
                             chrome: chrome, values: ["id": id.rawValue, "entries": rows, "hasEntries": !rows.isEmpty,
                                                      "nav_subjects": true])
    }

    @Sendable func purgePreview(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let chrome = Self.chrome(request, context)
        var asOf: Date?
        let asOfText = request.uri.queryParameters.get("as_of") ?? ""
        if !asOfText.isEmpty {
            guard let date = APIRoutes.day(asOfText) else { throw APIError.validation("as_of is a day, YYYY-MM-DD") }
            asOf = date
        }
        let report = try await gateway.purge(dryRun: true, asOf: asOf, principal: principal)
        let language = chrome.language
        let strings = ConsoleStrings.table(language)
        func ruleLabel(_ name: String) -> String {
            gateway.policies.retention.rule(named: name)?.description[language] ?? name
        }
        let rule = request.uri.queryParameters.get("rule") ?? ""
        let selected = rule.isEmpty ? report.items : report.items.filter { $0.rule == rule }
        let counts = Dictionary(grouping: report.items, by: \.rule).mapValues(\.count)
        let rules: [[String: Any]] = counts.keys.sorted().map {
            ["value": $0, "label": ruleLabel($0), "count": counts[$0] ?? 0, "selected": $0 == rule]
        }
        let paging = try ConsolePaging(request, total: selected.count, size: 100)
        let items: [[String: Any]] = paging.slice(selected).map {
            ["subject": $0.subject, "rule": ruleLabel($0.rule), "expired": Self.day($0.expired),
             "action": strings["purge_action_\($0.action)"] ?? $0.action]
        }
        var values: [String: Any] = [
            "asOf": Self.day(report.asOf), "examined": report.examined, "dueCount": report.items.count,
            "items": items, "hasItems": !items.isEmpty, "rules": rules, "hasRules": !rules.isEmpty,
            "rule": rule, "nav_purge": true,
        ]
        values.merge(paging.values(path: "/console/purge", query: [("as_of", asOfText), ("rule", rule)])) { $1 }
        return renderer.page("purge", title: ConsoleStrings.text("purge_title", language), chrome: chrome,
                             values: values)
    }

    @Sendable func statistics(_ request: Request, context: APIRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let stats = try await gateway.statistics(principal: principal)
        let chrome = Self.chrome(request, context)
        let labels = Dictionary(uniqueKeysWithValues: gateway.policies.fields.fields.map {
            ($0.name, $0.label(in: chrome.language))
        })
        let order = gateway.policies.fields.fields.map(\.name)
        let fill: [[String: Any]] = order.compactMap { name in
            guard let share = stats.fieldFill[name] else { return nil }
            return ["field": labels[name] ?? name, "percent": String(format: "%.1f%%", share * 100),
                    "width": Int((share * 100).rounded())]
        }
        let consents: [[String: Any]] = stats.activeConsent.keys.sorted().map {
            ["purpose": gateway.policies.purpose(named: $0)?.description[chrome.language] ?? $0,
             "active": stats.activeConsent[$0] ?? 0, "proven": stats.provenConsent[$0] ?? 0]
        }
        return renderer.page("stats", title: ConsoleStrings.text("stats_title", chrome.language), chrome: chrome,
                             values: ["subjects": stats.subjects, "restricted": stats.restricted, "fill": fill,
                                      "consents": consents, "nav_stats": true])
    }
}
