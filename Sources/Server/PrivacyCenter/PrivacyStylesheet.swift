/// The privacy center's stylesheet, served from `/privacy/assets/privacy.css` (the CSP allows no inline styles).
///
/// Contrast of text and controls is at least 4.5:1 (WCAG AA); focus is always visible; the layout works from
/// 320 px wide and at 200 % zoom.
enum PrivacyStylesheet {
    static let css = """
        :root { --ink: #1b2430; --muted: #4a5565; --line: #c9d1db; --bg: #f5f7fa; --card: #fff; --accent: #1a56a8;
                --accent-dark: #123f7d; --red: #a4231b; --red-bg: #fdecea; --green: #1b5e2f; --green-bg: #e3f4e8; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
               background: var(--bg); }
        a { color: var(--accent); }
        a:hover { color: var(--accent-dark); }
        :focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px 12px; }
        .skip:focus { left: 8px; top: 8px; z-index: 10; }
        header.top { display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap;
                     padding: 12px 24px; background: #14324f; }
        header.top a { color: #fff; }
        .brand { font-weight: 700; font-size: 19px; text-decoration: none; }
        nav.lang { display: flex; gap: 14px; font-size: 15px; }
        nav.lang a[aria-current="true"] { font-weight: 700; text-decoration: none; }
        main { max-width: 860px; margin: 0 auto; padding: 24px 20px 56px; }
        footer.operator { max-width: 860px; margin: 0 auto; padding: 0 20px 32px; font-size: 14px; }
        main:focus { outline: none; }
        h1 { font-size: 28px; line-height: 1.25; margin: 8px 0 16px; }
        h2 { font-size: 21px; margin: 32px 0 10px; }
        h3 { font-size: 17px; margin: 0 0 6px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px;
                margin: 12px 0; }
        form.card { display: grid; gap: 8px; }
        form.card p { margin: 0; }
        label { font-weight: 600; }
        .hint { color: var(--muted); font-size: 15px; margin: 0; }
        input[type=text], input[type=email], input[type=tel], select { font: inherit; padding: 9px 11px;
                border: 1px solid #7b8794; border-radius: 6px; background: #fff; color: var(--ink); width: 100%;
                max-width: 460px; }
        fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 4px 0; }
        legend { font-weight: 600; padding: 0 4px; }
        .choice { display: flex; gap: 10px; align-items: flex-start; margin: 6px 0; }
        .choice input { margin-top: 5px; width: 20px; height: 20px; flex: none; }
        .choice label { font-weight: 400; }
        button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 6px; border: 2px solid var(--accent);
                 background: var(--accent); color: #fff; cursor: pointer; justify-self: start; }
        button:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
        button.secondary { background: #fff; color: var(--accent); }
        button.secondary:hover { background: #eef3fb; color: var(--accent-dark); }
        .heading { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
        th, td { text-align: left; padding: 9px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: #e9edf2; font-size: 15px; }
        .nowrap { white-space: nowrap; }
        .state { display: inline-block; padding: 1px 9px; border-radius: 12px; font-size: 15px; background: #e6eaf0; }
        .state.completed, .state.given { background: var(--green-bg); color: var(--green); }
        .state.refused { background: var(--red-bg); color: var(--red); }
        .empty { color: var(--muted); font-style: italic; }
        ul.consents { list-style: none; padding: 0; margin: 0; }
        .flash { background: var(--green-bg); border: 1px solid #8cc79e; padding: 10px 14px; border-radius: 6px; }
        .problem { background: var(--red-bg); border: 1px solid #d99a95; padding: 10px 14px; border-radius: 6px; }
        @media (max-width: 640px) {
            /* Requests as stacked cards on a phone: every cell says what it is (data-label). */
            table, thead, tbody, tr, th, td { display: block; }
            thead { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
            tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
            td { border: none; padding: 3px 12px; }
            td::before { content: attr(data-label) ": "; font-weight: 600; }
            td:empty { display: none; }
            header.top { padding: 10px 16px; }
            main { padding: 16px 14px 40px; }
        }
        .pdgate-trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        """
}
