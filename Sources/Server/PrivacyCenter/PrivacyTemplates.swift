/// The privacy center's Mustache templates. `{{value}}` is HTML-escaped; the only triple mustache is the layout's
/// `{{{body}}}`, a page already rendered from these templates. No page links to a staff route.
enum PrivacyTemplates {
    static let all: [String: String] = [
        "privacy-layout": layout, "privacy-start": start, "privacy-code": code, "privacy-me": me,
        "privacy-message": message, "privacy-signup": signup, "privacy-signup-form": signupForm,
        "privacy-confirm": confirm,
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <meta name="robots" content="noindex">
        <title>{{title}} — {{t.center}}</title>
        <link rel="stylesheet" href="/privacy/assets/privacy.css">
        </head>
        <body>
        <a class="skip" href="#main">{{t.skip}}</a>
        <header class="top">
        <a class="brand" href="/privacy?lang={{lang}}">{{t.center}}</a>
        <nav class="lang" aria-label="Язык / Language">
        <a href="{{path}}?lang=ru" lang="ru"{{#ru}} aria-current="true"{{/ru}}>Русский</a>
        <a href="{{path}}?lang=en" lang="en"{{^ru}} aria-current="true"{{/ru}}>English</a>
        </nav>
        </header>
        <main id="main" tabindex="-1">
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        {{{body}}}
        </main>
        <footer class="operator" id="operator">
        <p>{{t.operator_label}} {{operatorName}}
        {{#policyURL}} · <a href="{{policyURL}}">{{t.policy_link}}</a>{{/policyURL}}</p>
        </footer>
        </body>
        </html>
        """

    static let start = """
        <h1>{{t.start_title}}</h1>
        <p>{{t.start_intro}}</p>
        {{#configured}}
        <form method="post" action="/privacy/code" class="card">
        <p>{{t.start_how}}</p>
        <label for="contact">{{t.contact_label}}</label>
        <input id="contact" name="contact" type="text" inputmode="email" autocomplete="email" maxlength="254" required
         aria-describedby="contact-hint" value="">
        <p id="contact-hint" class="hint">{{t.contact_hint}}</p>
        <button type="submit">{{t.send_code}}</button>
        </form>
        {{/configured}}
        {{^configured}}
        <p class="problem" role="alert">{{t.not_configured}} <a href="mailto:{{operatorEmail}}">{{operatorEmail}}</a></p>
        {{/configured}}
        """

    static let code = """
        <h1>{{t.code_title}}</h1>
        <p>{{t.code_sent}}</p>
        <form method="post" action="/privacy/verify" class="card">
        <input type="hidden" name="challenge" value="{{challenge}}">
        <label for="code">{{t.code_label}}</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"
         maxlength="6" required autofocus>
        <button type="submit">{{t.code_button}}</button>
        </form>
        <p><a href="/privacy">{{t.new_code}}</a></p>
        """

    static let me = """
        <div class="heading">
        <h1>{{t.me_title}}</h1>
        <form method="post" action="/privacy/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="secondary">{{t.logout}}</button>
        </form>
        </div>
        <section aria-labelledby="requests-title">
        <h2 id="requests-title">{{t.requests_title}}</h2>
        {{#hasRequests}}
        <div class="scroll">
        <table>
        <thead><tr><th scope="col">{{t.col_reference}}</th><th scope="col">{{t.col_kind}}</th>
        <th scope="col">{{t.col_received}}</th><th scope="col">{{t.col_deadline}}</th>
        <th scope="col">{{t.col_state}}</th><th scope="col">{{t.col_answer}}</th></tr></thead>
        <tbody>
        {{#requests}}<tr>
        <td class="nowrap" data-label="{{t.col_reference}}">{{reference}}</td>
        <td data-label="{{t.col_kind}}">{{kind}}</td>
        <td class="nowrap" data-label="{{t.col_received}}">{{received}}</td>
        <td class="nowrap" data-label="{{t.col_deadline}}">{{deadline}}</td>
        <td data-label="{{t.col_state}}"><span class="state {{stateClass}}">{{state}}</span>
        {{#outcome}}<br><span class="hint">{{outcome}}</span>{{/outcome}}</td>
        {{#htmlLink}}<td data-label="{{t.col_answer}}"><a href="{{htmlLink}}">{{t.download_html}}</a><br>
        <a href="{{jsonLink}}">{{t.download_json}}</a></td>{{/htmlLink}}{{^htmlLink}}<td></td>{{/htmlLink}}
        </tr>{{/requests}}
        </tbody>
        </table>
        </div>
        {{#hasLinks}}<p class="hint">{{t.links_note}}</p>{{/hasLinks}}
        {{/hasRequests}}
        {{^hasRequests}}<p class="empty">{{t.no_requests}}</p>{{/hasRequests}}
        </section>
        <section aria-labelledby="new-request-title">
        <h2 id="new-request-title">{{t.new_request}}</h2>
        <form method="post" action="/privacy/requests" class="card">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset>
        <legend>{{t.kind_legend}}</legend>
        {{#kinds}}<div class="choice"><input type="radio" id="kind-{{value}}" name="kind" value="{{value}}"
        {{#checked}} checked{{/checked}} required><label for="kind-{{value}}">{{label}}</label></div>
        {{/kinds}}
        </fieldset>
        <label for="field">{{t.field_label}}</label>
        <select id="field" name="field" aria-describedby="value-hint">
        {{#fields}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/fields}}
        </select>
        <label for="value">{{t.value_label}}</label>
        <input id="value" name="value" type="text" maxlength="254" aria-describedby="value-hint" value="{{typedValue}}"
        {{#valueProblem}} aria-invalid="true"{{/valueProblem}}>
        {{#valueProblem}}<p class="problem" id="value-problem" role="alert">{{valueProblem}}</p>{{/valueProblem}}
        <p id="value-hint" class="hint">{{t.value_hint}}</p>
        <button type="submit">{{t.file_button}}</button>
        <p class="hint">{{t.deadline_note}}</p>
        </form>
        </section>
        <section aria-labelledby="consents-title">
        <h2 id="consents-title">{{t.consents_title}}</h2>
        <p>{{t.consents_intro}}</p>
        <ul class="consents">
        {{#consents}}<li class="card">
        <h3>{{description}}</h3>
        <p><span class="state {{stateClass}}">{{state}}</span>
        <a href="/privacy/notices/{{purpose}}?lang={{lang}}">{{t.read_document}} {{version}}</a></p>
        <form method="post" action="/privacy/consents/{{purpose}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="notice_version" value="{{version}}">
        {{#active}}<input type="hidden" name="action" value="withdraw">
        <button type="submit" class="secondary">{{t.withdraw}}</button>{{/active}}
        {{^active}}<input type="hidden" name="action" value="give">
        <button type="submit">{{t.give}}</button>{{/active}}
        </form>
        </li>{{/consents}}
        </ul>
        </section>
        """

    static let message = """
        <h1>{{heading}}</h1>
        {{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}
        {{#items}}<ul>{{#list}}<li>{{.}}</li>{{/list}}</ul>{{/items}}
        <p><a href="{{backURL}}">{{backLabel}}</a></p>
        """

    static let signup = """
        <h1>{{t.signup_title}}</h1>
        <p>{{t.signup_intro}}</p>
        {{> privacy-signup-form}}
        """

    /// The form itself, also served alone as the snippet sites paste into their pages (with absolute URLs).
    static let signupForm = """
        <form method="post" action="{{base}}/privacy/signup" class="pdgate-signup card">
        <input type="hidden" name="form" value="{{form}}">
        {{#utm}}<input type="hidden" name="{{name}}" value="{{value}}">
        {{/utm}}
        <input type="hidden" name="lang" value="{{lang}}">
        <label for="pdgate-name">{{t.name_label}}</label>
        <input id="pdgate-name" name="full_name" type="text" autocomplete="name" maxlength="200" required>
        <label for="pdgate-email">{{t.email_label}}</label>
        <input id="pdgate-email" name="email" type="email" autocomplete="email" maxlength="254" required>
        <label for="pdgate-phone">{{t.phone_label}}</label>
        <input id="pdgate-phone" name="phone" type="tel" autocomplete="tel" maxlength="40">
        <div class="pdgate-trap" aria-hidden="true">
        <label for="pdgate-website">{{t.honeypot}}</label>
        <input id="pdgate-website" name="website" type="text" tabindex="-1" autocomplete="off">
        </div>
        <fieldset>
        <legend>{{t.signup_consents}}</legend>
        {{#purposes}}<div class="choice">
        <input type="checkbox" id="pdgate-consent-{{purpose}}" name="consent_{{purpose}}" value="{{version}}">
        <label for="pdgate-consent-{{purpose}}">{{t.consent_to}} {{description}}
        (<a href="{{base}}/privacy/notices/{{purpose}}?lang={{lang}}" target="_blank" rel="noopener">{{t.read_document}}
        {{version}}</a>)</label>
        </div>{{/purposes}}
        </fieldset>
        <button type="submit">{{t.signup_button}}</button>
        </form>
        """

    static let confirm = """
        <h1>{{t.confirm_title}}</h1>
        <p>{{t.confirm_intro}}</p>
        <form method="post" action="/privacy/signup/confirm/{{token}}" class="card">
        <input type="hidden" name="lang" value="{{lang}}">
        <button type="submit">{{t.confirm_button}}</button>
        </form>
        """
}
