extension ConsoleTemplates {
    /// The form that registers a request that arrived by letter, e-mail, phone or in person. Values typed stay in
    /// the form when it comes back with a problem.
    static let newRequest = """
        <p class="crumbs"><a href="/console/requests">{{t.requests_title}}</a> /</p>
        <h1>{{t.new_request_title}}</h1>
        <p>{{t.new_request_intro}}</p>
        <form method="post" action="/console/requests/new" class="action wide" id="new-request">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="kind">{{t.col_kind}}</label>
        <select id="kind" name="kind">
        {{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}
        </select>
        <label for="jurisdiction">{{t.jurisdiction}}</label>
        <select id="jurisdiction" name="jurisdiction">
        {{#jurisdictions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/jurisdictions}}
        </select>
        <label for="channel">{{t.channel}}</label>
        <select id="channel" name="channel">
        {{#channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/channels}}
        </select>
        <fieldset><legend>{{t.requester_contact}}</legend>
        <p class="small">{{t.requester_contact_note}}</p>
        <label for="email">{{t.search_email}}</label>
        <input id="email" name="email" type="email" value="{{email}}" autocomplete="off" spellcheck="false">
        <label for="phone">{{t.search_phone}}</label>
        <input id="phone" name="phone" type="tel" value="{{phone}}" autocomplete="off">
        </fieldset>
        <label for="received">{{t.received_on}}</label>
        <input id="received" name="received" type="date" value="{{received}}" max="{{today}}" required>
        <label for="evidence">{{t.identity_evidence}}</label>
        <select id="evidence" name="evidence">
        <option value="">{{t.evidence_none}}</option>{{#methods}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/methods}}
        </select>
        <fieldset><legend>{{t.rectification_only}}</legend>
        <label for="field">{{t.field}}</label>
        <select id="field" name="field">
        <option value="">—</option>{{#fields}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/fields}}
        </select>
        <label for="new_value">{{t.new_value}}</label>
        <input id="new_value" name="new_value" value="{{newValue}}" autocomplete="off">
        </fieldset>
        <button type="submit" name="step" value="review">{{t.review_button}}</button>
        </form>
        """

    /// The confirmation page: exactly what registering the request will record, before anything is stored.
    static let confirmRequest = """
        <p class="crumbs"><a href="/console/requests">{{t.requests_title}}</a> /</p>
        <h1>{{t.confirm_request_title}}</h1>
        <p>{{t.confirm_request_intro}}</p>
        <dl class="facts" id="preview">
        <dt>{{t.col_kind}}</dt><dd>{{kindLabel}}</dd>
        <dt>{{t.jurisdiction}}</dt><dd>{{jurisdiction}}</dd>
        <dt>{{t.channel}}</dt><dd>{{channelLabel}}</dd>
        <dt>{{t.received}}</dt><dd id="preview-received">{{received}}</dd>
        <dt>{{t.deadline}}</dt>
        <dd id="preview-deadline">{{lastDay}}{{#provisional}} ({{t.provisional}}){{/provisional}}</dd>
        <dt>{{t.subject}}</dt>
        <dd>{{#matched}}{{t.matches_person}}{{/matched}}{{^matched}}{{t.matches_nobody}}{{/matched}}</dd>
        <dt>{{t.identity_evidence}}</dt>
        <dd>{{#evidenceLabel}}{{t.verified_at_once}}: {{evidenceLabel}}{{/evidenceLabel}}
        {{^evidenceLabel}}{{t.evidence_none}}{{/evidenceLabel}}</dd>
        {{#field}}<dt>{{t.field}}</dt><dd>{{field}}</dd>{{/field}}
        </dl>
        <form method="post" action="/console/requests/new" class="action primary" id="confirm-request">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
        <button type="submit" name="step" value="confirm">{{t.confirm_create_button}}</button>
        <button type="submit" name="step" value="edit" class="link">{{t.change_button}}</button>
        </form>
        """
}
