import ArgumentParser
import Foundation
import Documents
import Gateway
import Policy
import Requests

struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "The breach register: open, update, close and list personal-data incidents.",
        discussion: """
            Deadlines run in clock hours from detection (jurisdictions.yaml data_leak, data_leak_report): RU \
            24 h to notify Roskomnadzor, 72 h for the follow-up; EU 72 h to the authority. Affected people are \
            counted from the audit log: the subjects the given principals read, exported or changed in the window. \
            Times are `YYYY-MM-DD HH:mm` in Moscow time or ISO 8601 with an offset. Every operation is audited.
            Exit codes: 0 ok, 1 failure, 3 refused by role, 64 usage.
            """,
        subcommands: [Open.self, Update.self, Close.self, List.self, Show.self, Draft.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a new incident and start its clocks.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What happened (no personal data).") var summary: String
        @Option(help: "When it was detected (default: now).") var detected: String?
        @Option(help: "A system involved (repeatable).") var system: [String] = []
        @Option(name: .customLong("principal"), help: "A principal involved, e.g. token:crm (repeatable).")
        var principals: [String] = []
        @Option(help: "Audit window start (default: 30 days before detection).") var from: String?
        @Option(help: "Audit window end (default: detection).") var to: String?
        @Option(help: "Jurisdiction whose deadlines apply, RU or EU (repeatable; default: operator.yaml's).")
        var jurisdiction: [String] = []

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let detectedAt = try detected.map(IncidentCommand.time) ?? Date()
                var window: (Date, Date)?
                if from != nil || to != nil {
                    window = (try from.map(IncidentCommand.time) ?? detectedAt.addingTimeInterval(-30 * 86_400),
                              try to.map(IncidentCommand.time) ?? detectedAt)
                }
                let incident = try await gateway.openIncident(
                    detectedAt: detectedAt, summary: summary, systems: system, principals: principals,
                    window: window, jurisdictions: jurisdiction.isEmpty ? nil : jurisdiction,
                    principal: global.principal)
                try IncidentCommand.report(incident, json: global.json, subjects: false)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an open incident, add a note, or record a notification sent.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Incident reference, INC-YYYY-NNNNNN.") var reference: String
        @Option(help: "What happened.") var summary: String?
        @Option(help: "Presumed causes, then the investigation's findings.") var cause: String?
        @Option(help: "Presumed harm to the people concerned.") var consequences: String?
        @Option(help: "Measures taken.") var measures: String?
        @Option(help: "A note for the history.") var note: String?
        @Option(help: "Systems involved (repeatable; replaces the list).") var system: [String] = []
        @Option(name: .customLong("principal"), help: "Principals involved (repeatable; replaces the list).")
        var principals: [String] = []
        @Option(help: "Audit window start.") var from: String?
        @Option(help: "Audit window end.") var to: String?
        @Option(help: "A notification sent: ru_initial, ru_followup or eu_authority.") var sent: String?
        @Option(help: "When it was sent (default: now).") var sentAt: String?
        @Option(help: "Its reference (the portal's number).") var sentReference: String?

        func validate() throws {
            if sent != nil, sentReference == nil { throw ValidationError("--sent needs --sent-reference") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                var change = IncidentChange(
                    summary: summary, systems: system.isEmpty ? nil : system,
                    principals: principals.isEmpty ? nil : principals, windowStart: try from.map(IncidentCommand.time),
                    windowEnd: try to.map(IncidentCommand.time), cause: cause, consequences: consequences,
                    measures: measures, note: note)
                if let sent, let sentReference {
                    change.sent = (sent, try sentAt.map(IncidentCommand.time) ?? Date(), sentReference)
                }
                let incident = try await gateway.updateIncident(reference, change, principal: global.principal)
                try IncidentCommand.report(incident, json: global.json, subjects: false)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an incident with a final note.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Incident reference.") var reference: String
        @Option(help: "Final note: outcome of the investigation.") var note = ""

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let incident = try await gateway.closeIncident(reference, note: note, principal: global.principal)
                try IncidentCommand.report(incident, json: global.json, subjects: false)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The register, open incidents first, with deadlines counting down (!! overdue, ! due within 6 h).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only open incidents.") var open = false

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let incidents = try await gateway.listIncidents(openOnly: open, principal: global.principal)
                if global.json {
                    struct Output: Encodable { var version = 1; var incidents: [Incident] }
                    try printJSON(Output(incidents: incidents))
                    return
                }
                if incidents.isEmpty { print("no incidents") }
                for incident in incidents { IncidentCommand.printSummary(incident) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One incident with the affected subject ids.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Incident reference.") var reference: String

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let incident = try await gateway.showIncident(reference, principal: global.principal)
                try IncidentCommand.report(incident, json: global.json, subjects: true)
            }
        }
    }

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a notification: initial or follow_up (Roskomnadzor) or subjects (the people affected).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Incident reference.") var reference: String
        @Option(help: "initial, follow_up or subjects.") var kind = "initial"
        @Option(help: "ru or en (default: the operator's).") var lang: String?
        @Option(help: "md or html.") var format = "md"

        func validate() throws {
            guard IncidentNotices.Kind(rawValue: kind) != nil else {
                throw ValidationError("--kind must be initial, follow_up or subjects")
            }
            guard ["md", "html"].contains(format) else { throw ValidationError("--format must be md or html") }
            if let lang, Language(rawValue: lang) == nil { throw ValidationError("--lang must be ru or en") }
        }

        func run() async throws {
            try await runReporting {
                let gateway = try await global.openGateway()
                let draft = try await gateway.incidentDraft(
                    IncidentNotices.Kind(rawValue: kind) ?? .initial, of: reference,
                    language: lang.flatMap(Language.init(rawValue:)), principal: global.principal)
                print(format == "html" ? draft.html : draft.markdown, terminator: "")
            }
        }
    }

    // MARK: Output

    static func report(_ incident: Incident, json: Bool, subjects: Bool) throws {
        if json {
            var copy = incident
            if !subjects { copy.affectedSubjects = [] }
            try printJSON(copy)
            return
        }
        printSummary(incident)
        print("  what: \(incident.summary)")
        print("  window: \(format(incident.windowStart)) – \(format(incident.windowEnd)); principals: "
              + (incident.principals.isEmpty ? "all" : incident.principals.joined(separator: ", ")))
        print("  affected: \(incident.affectedCount) people; categories: "
              + incident.affectedCategories.joined(separator: ", ") + "; fields: "
              + incident.affectedFields.joined(separator: ", "))
        if subjects {
            for subject in incident.affectedSubjects { print("    \(subject)") }
        }
    }

    static func printSummary(_ incident: Incident) {
        let now = Date()
        print("\(incident.reference)  \(incident.state)  detected \(format(incident.detectedAt))  "
              + "affected \(incident.affectedCount)")
        for deadline in incident.deadlines {
            let state = deadline.state(at: now)
            let mark = incident.state == "open" ? (state == "overdue" ? "!!" : state == "due_soon" ? "! " : "  ") : "  "
            let detail = deadline.sentAt.map { "sent \(format($0)) \(deadline.sentReference ?? "")" }
                ?? (state == "overdue" ? "OVERDUE by \(deadline.remaining(at: now).dropFirst())"
                    : "\(state), \(deadline.remaining(at: now)) left")
            print("  \(mark) \(deadline.name.padding(toLength: 13, withPad: " ", startingAt: 0)) due "
                  + "\(format(deadline.due))  \(detail)")
        }
    }

    static let moscow = TimeZone(identifier: "Europe/Moscow") ?? .gmt

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = moscow
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: date) + " MSK"
    }

    /// `YYYY-MM-DD HH:mm` (Moscow), `YYYY-MM-DD` (Moscow midnight) or ISO 8601 with an offset.
    static func time(_ text: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = moscow
        for pattern in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        throw CLIFailure(message: "error: cannot read the time '\(text)'; use YYYY-MM-DD HH:mm (Moscow time)",
                         exitCode: 64)
    }
}
