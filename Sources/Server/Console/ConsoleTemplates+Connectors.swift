extension ConsoleTemplates {
    static let connectors = """
        <h1>{{t.connectors_title}}</h1>
        <p>{{t.connectors_intro}}</p>
        {{#hasConnectors}}
        <table>
        <thead><tr><th>{{t.col_connector}}</th><th>{{t.col_purposes}}</th><th class="num">{{t.col_pending}}</th>
        <th class="num">{{t.col_leased}}</th><th class="num">{{t.col_done}}</th><th class="num">{{t.col_dead}}</th>
        <th>{{t.col_next_due}}</th></tr></thead>
        <tbody>
        {{#connectors}}<tr{{#hasDead}} class="overdue"{{/hasDead}}><th scope="row">{{name}}</th>
        <td>{{purposes}}{{^configured}}<span class="small"> {{t.not_configured}}</span>{{/configured}}</td>
        <td class="num">{{pending}}</td><td class="num">{{leased}}</td><td class="num">{{done}}</td>
        <td class="num">{{dead}}</td><td>{{nextDue}}</td></tr>{{/connectors}}
        </tbody>
        </table>
        {{/hasConnectors}}
        {{^hasConnectors}}<p class="empty">{{t.connectors_none}}</p>{{/hasConnectors}}
        <h2>{{t.dead_letters}}</h2>
        {{#hasLetters}}
        <table>
        <thead><tr><th>{{t.col_failed}}</th><th>{{t.col_connector}}</th><th>{{t.col_operation}}</th>
        <th>{{t.col_subject}}</th><th>{{t.col_purpose}}</th><th class="num">{{t.col_attempts}}</th>
        <th>{{t.col_error}}</th><th></th></tr></thead>
        <tbody>
        {{#letters}}<tr><td>{{failed}}</td><td>{{connector}}</td><td>{{operation}}</td>
        <td class="mono"><a href="/console/subjects/{{subject}}">{{subject}}</a></td><td>{{purpose}}</td>
        <td class="num">{{attempts}}</td><td><span class="mono">{{code}}</span> {{message}}</td>
        <td><form method="post" action="/console/connectors/dead-letters/{{event}}/requeue">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit">{{t.requeue_button}}</button></form></td></tr>{{/letters}}
        </tbody>
        </table>
        {{/hasLetters}}
        {{^hasLetters}}<p class="empty">{{t.dead_letters_none}}</p>{{/hasLetters}}
        """
}
