/// The console's Mustache templates. `{{value}}` is HTML-escaped; the only triple mustache is the layout's
/// `{{{body}}}`, which holds a page already rendered (and escaped) from these same templates.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "requests": requests, "request": request, "subjects": subjects,
        "subject": subject, "audit": audit, "purge": purge, "stats": stats, "error": error,
        "connectors": connectors,
    ]

    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>{{title}} — pdgate</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        </head>
        <body>
        <header class="top">
        <a class="brand" href="/console/requests" title="{{t.console}}">pdgate</a>
        {{#principal}}
        <nav class="main">
        <a href="/console/requests"{{#nav_requests}} aria-current="page"{{/nav_requests}}>{{t.nav_requests}}</a>
        <a href="/console/subjects"{{#nav_subjects}} aria-current="page"{{/nav_subjects}}>{{t.nav_subjects}}</a>
        <a href="/console/purge"{{#nav_purge}} aria-current="page"{{/nav_purge}}>{{t.nav_purge}}</a>
        <a href="/console/stats"{{#nav_stats}} aria-current="page"{{/nav_stats}}>{{t.nav_stats}}</a>
        <a href="/console/connectors"{{#nav_connectors}} aria-current="page"{{/nav_connectors}}>{{t.nav_connectors}}</a>
        <a href="/console/incidents"{{#nav_incidents}} aria-current="page"{{/nav_incidents}}>{{t.nav_incidents}}</a>
        </nav>
        {{/principal}}
        <div class="end">
        {{#principal}}
        <form class="who" method="post" action="/console/logout">
        <span title="{{t.signed_in_as}} {{name}}"><b>{{name}}</b> · {{role}}</span>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" class="link">{{t.logout}}</button>
        </form>
        {{/principal}}
        <nav class="lang"><a href="{{path}}?lang=ru" lang="ru">RU</a> <a href="{{path}}?lang=en" lang="en">EN</a></nav>
        </div>
        </header>
        <main>
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let login = """
        <section class="login">
        <h1>{{t.login_title}}</h1>
        <p>{{t.login_intro}}</p>
        <form method="post" action="/console/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="token">{{t.token_label}}</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required autofocus>
        <button type="submit">{{t.login_button}}</button>
        </form>
        </section>
        """

    static let requests = """
        <h1>{{t.requests_title}}</h1>
        <p><a class="button" href="/console/requests/new" id="new-request-link">{{t.new_request_title}}</a></p>
        <nav class="filters">
        <a href="/console/requests?filter=open"{{#filter_open}} aria-current="page"{{/filter_open}}>
        {{t.filter_open}}</a>
        <a href="/console/requests?filter=overdue"{{#filter_overdue}} aria-current="page"{{/filter_overdue}}>
        {{t.filter_overdue}} ({{overdueCount}})</a>
        <a href="/console/requests?filter=all"{{#filter_all}} aria-current="page"{{/filter_all}}>{{t.filter_all}}</a>
        </nav>
        {{#hasRequests}}
        <table class="queue">
        <thead><tr><th>{{t.col_reference}}</th><th>{{t.col_kind}}</th><th>{{t.col_state}}</th>
        <th>{{t.col_received}}</th><th>{{t.col_deadline}}</th><th>{{t.col_left}}</th><th>{{t.col_subject}}</th></tr>
        </thead>
        <tbody>
        {{#requests}}
        <tr class="{{rowClass}}">
        <td class="nowrap"><a href="/console/requests/{{reference}}">{{reference}}</a></td>
        <td>{{kind}}</td>
        <td>{{state}}</td>
        <td class="nowrap">{{received}}</td>
        <td class="nowrap">{{deadline}}{{#extended}} <abbr title="{{t.extended_deadline}}">+</abbr>{{/extended}}</td>
        <td class="left">{{#overdue}}<span class="badge overdue">{{t.overdue}}</span>{{/overdue}}
        {{^overdue}}{{left}}{{#dueSoon}} <span class="badge soon">{{t.due_soon}}</span>{{/dueSoon}}{{/overdue}}</td>
        <td class="mono">{{subject}}</td>
        </tr>
        {{/requests}}
        </tbody>
        </table>
        {{/hasRequests}}
        {{^hasRequests}}<p class="empty">{{t.no_requests}}</p>{{/hasRequests}}
        """

    static let request = """
        <p class="crumbs"><a href="/console/requests">{{t.requests_title}}</a> /</p>
        <h1>{{t.request_title}} {{reference}} <span class="state {{stateClass}}">{{state}}</span>
        {{#overdue}}<span class="badge overdue">{{t.overdue}}</span>{{/overdue}}</h1>
        {{#deliveryKey}}
        <section class="secret">
        <h2>{{t.delivery_key_title}}</h2>
        <p><code>{{deliveryKey}}</code></p>
        <p>{{t.delivery_key_note}}</p>
        {{#manifest}}<p class="small">{{t.manifest}}: <code>{{manifest}}</code></p>{{/manifest}}
        </section>
        {{/deliveryKey}}
        <div class="columns">
        <section>
        <dl class="facts">
        <dt>{{t.col_kind}}</dt><dd>{{kind}}</dd>
        <dt>{{t.subject}}</dt>
        <dd class="mono">{{#subjectID}}<a href="/console/subjects/{{subjectID}}">{{subjectID}}</a>{{/subjectID}}
        {{^subjectID}}{{t.no_match}}{{/subjectID}}</dd>
        <dt>{{t.jurisdiction}}</dt><dd>{{jurisdiction}}</dd>
        <dt>{{t.channel}}</dt><dd>{{channel}}</dd>
        <dt>{{t.received}}</dt><dd>{{received}}</dd>
        <dt>{{t.deadline}}</dt>
        <dd>{{deadline}}{{#daysLeft}} <span class="days-left">({{t.col_left}}: {{daysLeft}})</span>{{/daysLeft}}</dd>
        {{#deadlineNote}}<dt>{{t.deadline_note}}</dt><dd>{{deadlineNote}}</dd>{{/deadlineNote}}
        {{#extendedDeadline}}<dt>{{t.extended_deadline}}</dt><dd>{{extendedDeadline}}</dd>
        <dt>{{t.extension_reason}}</dt><dd>{{extensionReason}}</dd>{{/extendedDeadline}}
        {{#verifiedAt}}<dt>{{t.verified_at}}</dt><dd>{{verifiedAt}} ({{verification}})</dd>{{/verifiedAt}}
        {{#field}}<dt>{{t.field}}</dt><dd>{{field}}</dd>{{/field}}
        {{#completedAt}}<dt>{{t.completed_at}}</dt><dd>{{completedAt}}</dd>{{/completedAt}}
        {{#refusalReason}}<dt>{{t.refusal_reason}}</dt><dd>{{refusalReason}}</dd>{{/refusalReason}}
        {{#outcome}}<dt>{{t.outcome}}</dt><dd>{{outcome}}</dd>{{/outcome}}
        </dl>
        <h2>{{t.documents_title}}</h2>
        {{#hasDocuments}}
        <ul class="documents">
        {{#bundleURL}}<li><a href="{{bundleURL}}">{{t.download_bundle}}</a></li>{{/bundleURL}}
        {{#acts}}<li>{{t.download_act}}: <a href="{{html}}">HTML</a> · <a href="{{md}}">Markdown</a>
        · <a href="{{json}}">JSON</a>
        </li>{{/acts}}
        </ul>
        {{/hasDocuments}}
        {{^hasDocuments}}<p class="empty">{{t.no_documents}}</p>{{/hasDocuments}}
        </section>
        <section class="actions">
        {{#canAskIdentity}}
        <form method="post" action="/console/requests/{{reference}}/ask-identity" class="action" id="ask-identity">
        <h2>{{t.ask_identity_title}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p class="small">{{t.ask_identity_note}}</p>
        <button type="submit">{{t.ask_identity_button}}</button>
        </form>
        {{/canAskIdentity}}
        {{#messagesOff}}<p class="small">{{t.messages_off}}</p>{{/messagesOff}}
        {{#canVerify}}
        <form method="post" action="/console/requests/{{reference}}/verify" class="action">
        <h2>{{t.verify_title}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="method">{{t.verify_method}}</label>
        <select id="method" name="method">{{#methods}}<option value="{{value}}">{{label}}</option>{{/methods}}</select>
        <button type="submit">{{t.verify_button}}</button>
        </form>
        {{/canVerify}}
        {{#canRun}}
        <form method="post" action="/console/requests/{{reference}}/run" class="action primary">
        <h2>{{t.run_title}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{^erasurePreview}}<p class="small">{{t.run_note}}</p>{{/erasurePreview}}
        {{#erasurePreview}}
        <div id="erasure-preview">
        <p><b>{{t.erase_destroyed}}:</b> {{destroyed}}</p>
        <p><b>{{t.erase_held}}:</b> {{#held}}{{held}} — {{t.erase_hold_ends}} <b>{{holdEnds}}</b>{{/held}}
        {{^held}}{{t.erase_nothing_held}}{{/held}}</p>
        </div>
        <label><input type="checkbox" name="confirm" value="yes" id="run-confirm" required>
        {{t.erase_confirm}}</label>
        {{/erasurePreview}}
        <label for="language">{{t.run_language}}</label>
        <select id="language" name="language"><option value="ru"{{#langRU}} selected{{/langRU}}>Русский</option>
        <option value="en"{{^langRU}} selected{{/langRU}}>English</option></select>
        <button type="submit">{{t.run_button}}</button>
        </form>
        {{/canRun}}
        {{#canExtend}}
        <form method="post" action="/console/requests/{{reference}}/extend" class="action">
        <h2>{{t.extend_title}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="extend-reason">{{t.extend_reason}}</label>
        <textarea id="extend-reason" name="reason" rows="2" maxlength="1000" required></textarea>
        <button type="submit">{{t.extend_button}}</button>
        </form>
        {{/canExtend}}
        {{#canRefuse}}
        <form method="post" action="/console/requests/{{reference}}/refuse" class="action danger">
        <h2>{{t.refuse_title}}</h2>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="refuse-reason">{{t.refuse_reason}}</label>
        <textarea id="refuse-reason" name="reason" rows="2" maxlength="1000" required></textarea>
        <label><input type="checkbox" name="confirm" value="yes" id="refuse-confirm" required>
        {{t.refuse_confirm}}</label>
        <button type="submit">{{t.refuse_button}}</button>
        </form>
        {{/canRefuse}}
        </section>
        </div>
        """

    static let subjects = """
        <h1>{{t.subjects_title}}</h1>
        <form method="post" action="/console/subjects" class="search">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="kind">{{t.search_kind}}</label>
        <select id="kind" name="kind">
        <option value="email"{{#kindEmail}} selected{{/kindEmail}}>{{t.search_email}}</option>
        <option value="phone"{{^kindEmail}} selected{{/kindEmail}}>{{t.search_phone}}</option></select>
        <label for="value">{{t.search_value}}</label>
        <input id="value" name="value" type="text" autocomplete="off" maxlength="254" required>
        <button type="submit">{{t.search_button}}</button>
        </form>
        <p class="small">{{t.search_note}}</p>
        {{#searched}}
        {{#hasResults}}
        <h2>{{t.search_results}}: {{count}}</h2>
        <ul class="results">
        {{#results}}<li>
        <span class="mono">{{id}}</span> — <a href="/console/subjects/{{id}}">{{t.view}}</a>
        · <a href="/console/subjects/{{id}}/audit">{{t.audit_trail}}</a>
        </li>{{/results}}
        </ul>
        {{/hasResults}}
        {{^hasResults}}<p class="empty">{{t.search_none}}</p>{{/hasResults}}
        {{/searched}}
        """

    static let subject = """
        <p class="crumbs"><a href="/console/subjects">{{t.nav_subjects}}</a> /</p>
        <h1>{{t.subject_title}} <span class="mono">{{id}}</span> <span class="state {{statusClass}}">{{status}}</span>
        </h1>
        <p><a href="/console/subjects/{{id}}/audit">{{t.audit_trail}}</a></p>
        <table class="fields">
        <thead><tr><th>{{t.col_field}}</th><th>{{t.col_value}}</th><th>{{t.col_confirmed}}</th></tr></thead>
        <tbody>
        {{#fields}}<tr><th scope="row">{{label}}</th>
        <td>{{value}}{{#masked}} <span class="badge">{{t.masked}}</span>{{/masked}}</td><td>{{confirmed}}</td>
        </tr>{{/fields}}
        </tbody>
        </table>
        <h2>{{t.consents_title}}</h2>
        {{#hasConsents}}
        <table>
        <thead><tr><th>{{t.col_purpose}}</th><th>{{t.col_state}}</th><th>{{t.col_provenance}}</th>
        <th>{{t.col_since}}</th></tr></thead>
        <tbody>
        {{#consents}}<tr><td>{{purpose}}</td><td>{{state}}</td><td>{{provenance}}</td><td>{{since}}</td>
        </tr>{{/consents}}
        </tbody>
        </table>
        {{/hasConsents}}
        {{> subject_actions}}
        """

    static let audit = """
        <p class="crumbs"><a href="/console/subjects/{{id}}">{{id}}</a> /</p>
        <h1>{{t.audit_title}} <span class="mono">{{id}}</span></h1>
        {{#hasEntries}}
        <table class="audit">
        <thead><tr><th>{{t.col_seq}}</th><th>{{t.col_time}}</th><th>{{t.col_principal}}</th><th>{{t.col_role}}</th>
        <th>{{t.col_action}}</th><th>{{t.col_fields}}</th><th>{{t.col_outcome}}</th><th>{{t.col_detail}}</th></tr>
        </thead>
        <tbody>
        {{#entries}}<tr class="{{outcomeClass}}"><td>{{seq}}</td><td class="nowrap">{{time}}</td><td>{{principal}}</td>
        <td>{{role}}</td><td class="mono">{{action}}</td><td>{{fields}}</td><td>{{outcome}}</td>
        <td class="small">{{detail}}</td></tr>{{/entries}}
        </tbody>
        </table>
        {{/hasEntries}}
        {{^hasEntries}}<p class="empty">{{t.audit_empty}}</p>{{/hasEntries}}
        """

    static let purge = """
        <h1>{{t.purge_title}}</h1>
        <p>{{t.purge_intro}}</p>
        <form method="get" action="/console/purge" class="search">
        <label for="as_of">{{t.as_of}}</label>
        <input id="as_of" name="as_of" type="date" value="{{asOf}}">
        <button type="submit">{{t.preview_button}}</button>
        </form>
        <p>{{t.examined}}: <b>{{examined}}</b> · {{t.due}}: <b>{{dueCount}}</b></p>
        {{#hasItems}}
        <table>
        <thead><tr><th>{{t.col_subject}}</th><th>{{t.col_rule}}</th><th>{{t.col_expired}}</th><th>{{t.col_action}}</th>
        </tr></thead>
        <tbody>
        {{#items}}<tr><td class="mono"><a href="/console/subjects/{{subject}}">{{subject}}</a></td><td>{{rule}}</td>
        <td>{{expired}}</td><td>{{action}}</td></tr>{{/items}}
        </tbody>
        </table>
        {{/hasItems}}
        {{^hasItems}}<p class="empty">{{t.purge_none}}</p>{{/hasItems}}
        """

    static let stats = """
        <h1>{{t.stats_title}}</h1>
        <p class="numbers"><span><b>{{subjects}}</b> {{t.subjects_total}}</span> <span>
        <b>{{restricted}}</b> {{t.restricted_total}}</span></p>
        <div class="columns">
        <section>
        <h2>{{t.field_fill}}</h2>
        <table>
        {{#fill}}<tr><th scope="row">{{field}}</th><td class="num">{{percent}}</td><td class="bar">
        <meter min="0" max="100" value="{{width}}">{{percent}}</meter></td></tr>{{/fill}}
        </table>
        </section>
        <section>
        <h2>{{t.consents_active}}</h2>
        <table>
        {{#consents}}<tr><th scope="row">{{purpose}}</th><td class="num">{{active}}</td>
        <td class="small">{{proven}} {{t.consents_proven}}</td></tr>{{/consents}}
        </table>
        </section>
        </div>
        """

    static let error = """
        <section class="error">
        <h1>{{t.error_title}}</h1>
        <p>{{message}}</p>
        <p class="small">{{status}} · {{code}}</p>
        <p><a href="{{backURL}}" id="back">{{backLabel}}</a></p>
        </section>
        """
}
