extension ConsoleTemplates {
    /// The actions on a person's page, each only for a role that may do it; every one leads to a confirmation page.
    static let subjectActions = """
        <h2>{{t.actions_title}}</h2>
        <div class="columns">
        {{#canCorrect}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action" id="act-correct">
        <h3>{{t.action_correct}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="correct">
        <label for="correct-field">{{t.field}}</label>
        <select id="correct-field" name="field">
        {{#writableFields}}<option value="{{value}}">{{label}}</option>{{/writableFields}}
        </select>
        <label for="correct-value">{{t.new_value}}</label>
        <input id="correct-value" name="new_value" required autocomplete="off">
        <button type="submit" name="step" value="review">{{t.review_button}}</button>
        </form>
        {{/canCorrect}}
        {{#canConsent}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action" id="act-consent">
        <h3>{{t.action_consent}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="consent-purpose">{{t.col_purpose}}</label>
        <select id="consent-purpose" name="purpose">
        {{#consentPurposes}}<option value="{{value}}">{{label}}</option>{{/consentPurposes}}
        </select>
        <button type="submit" name="action" value="consent_withdraw" id="consent-withdraw">
        {{t.action_consent_withdraw}}</button>
        <button type="submit" name="action" value="consent_give" class="secondary">{{t.action_consent_give}}</button>
        </form>
        {{/canConsent}}
        {{#canOpenRequest}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action" id="act-request">
        <h3>{{t.action_open_request}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="open_request">
        <label for="request-kind">{{t.col_kind}}</label>
        <select id="request-kind" name="kind">
        {{#requestKinds}}<option value="{{value}}">{{label}}</option>{{/requestKinds}}
        </select>
        <label for="request-channel">{{t.channel}}</label>
        <select id="request-channel" name="channel">
        {{#channels}}<option value="{{value}}">{{label}}</option>{{/channels}}
        </select>
        <label for="request-jurisdiction">{{t.jurisdiction}}</label>
        <select id="request-jurisdiction" name="jurisdiction">
        {{#jurisdictions}}<option value="{{value}}">{{label}}</option>{{/jurisdictions}}
        </select>
        <button type="submit" name="step" value="review">{{t.review_button}}</button>
        </form>
        {{/canOpenRequest}}
        {{#canRestrict}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action danger" id="act-restrict">
        <h3>{{t.action_restrict}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="restrict">
        <label for="restrict-reason">{{t.reason}}</label>
        <input id="restrict-reason" name="reason" required maxlength="200">
        <button type="submit" name="step" value="review">{{t.review_button}}</button>
        </form>
        {{/canRestrict}}
        {{#canErase}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action danger" id="act-erase">
        <h3>{{t.action_erase}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="erase">
        <label for="erase-reason">{{t.reason}}</label>
        <input id="erase-reason" name="reason" required maxlength="200">
        <button type="submit" name="step" value="review">{{t.erase_preview_button}}</button>
        </form>
        {{/canErase}}
        </div>
        """

    /// The confirmation page of a person-page action: what will happen, then confirm or go back.
    static let subjectConfirm = """
        <p class="crumbs"><a href="/console/subjects/{{id}}">{{id}}</a> /</p>
        <h1>{{heading}}</h1>
        <p>{{effect}}</p>
        <dl class="facts" id="confirm-facts">
        {{#facts}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/facts}}
        </dl>
        {{#erasure}}
        <div class="columns" id="erasure-preview">
        <section><h2>{{t.erase_destroyed}}</h2><ul>{{#destroyed}}<li>{{.}}</li>{{/destroyed}}</ul></section>
        <section><h2>{{t.erase_held}}</h2>
        {{#hasHeld}}<ul>{{#held}}<li>{{.}}</li>{{/held}}</ul>
        <p id="hold-ends">{{t.erase_hold_ends}} <b>{{holdEnds}}</b></p>{{/hasHeld}}
        {{^hasHeld}}<p>{{t.erase_nothing_held}}</p>{{/hasHeld}}
        </section>
        </div>
        {{/erasure}}
        <form method="post" action="/console/subjects/{{id}}/act" class="action{{#danger}} danger{{/danger}}"
         id="confirm-action">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
        <button type="submit" name="step" value="confirm">{{t.confirm_button}}</button>
        <a href="/console/subjects/{{id}}">{{t.cancel}}</a>
        </form>
        """
}
