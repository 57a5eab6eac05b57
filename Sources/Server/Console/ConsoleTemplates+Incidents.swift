extension ConsoleTemplates {
    /// The breach register: each incident with its notification deadlines counting down, overdue and due ones
    /// highlighted, the affected count and categories, and links to the drafts.
    static let incidents = """
        <h1>{{s.title}}</h1>
        <p class="hint">{{s.hint}}</p>
        {{#hasIncidents}}
        <table class="queue">
        <thead><tr><th>{{s.col_reference}}</th><th>{{s.col_state}}</th><th>{{s.col_detected}}</th>
        <th>{{s.col_what}}</th><th>{{s.col_affected}}</th><th>{{s.col_deadlines}}</th><th>{{s.col_drafts}}</th></tr>
        </thead>
        <tbody>
        {{#incidents}}
        <tr class="{{rowClass}}">
        <td class="nowrap mono">{{reference}}</td>
        <td>{{state}}</td>
        <td class="nowrap">{{detected}}</td>
        <td>{{summary}}</td>
        <td>{{affected}}{{#categories}}<br><small>{{categories}}</small>{{/categories}}</td>
        <td>{{#deadlines}}<div class="nowrap">{{name}}: {{due}}
        {{#sent}}<span class="badge">{{sentText}}</span>{{/sent}}
        {{#overdue}}<span class="badge overdue">{{overdueText}}</span>{{/overdue}}
        {{#dueSoon}}<span class="badge soon">{{remaining}}</span>{{/dueSoon}}
        {{#pending}}{{remaining}}{{/pending}}</div>{{/deadlines}}</td>
        <td class="nowrap mono"><small>pdgate incident draft {{reference}} --kind initial|follow_up|subjects</small></td>
        </tr>
        {{/incidents}}
        </tbody>
        </table>
        {{/hasIncidents}}
        {{^hasIncidents}}<p class="empty">{{s.empty}}</p>{{/hasIncidents}}
        """
}
