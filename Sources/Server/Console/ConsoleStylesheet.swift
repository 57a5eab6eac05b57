/// The console's stylesheet, served from `/console/assets/console.css` (the CSP allows no inline styles).
enum ConsoleStylesheet {
    static let css = """
        :root { --ink: #1d2733; --muted: #5b6878; --line: #d9dee5; --bg: #f6f7f9; --card: #fff; --accent: #1f5fbf;
                --red: #b3261e; --red-bg: #fdecea; --amber: #8a5a00; --amber-bg: #fff4d6; --green: #1e6b35; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
               background: var(--bg); }
        a { color: var(--accent); }
        header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #16202c;
                     color: #e8edf3; flex-wrap: wrap; }
        header.top a { color: #e8edf3; text-decoration: none; }
        .brand { font-weight: 700; font-size: 17px; }
        nav.main { display: flex; gap: 4px; }
        nav.main a { padding: 6px 10px; border-radius: 6px; }
        nav.main a[aria-current="page"], nav.main a:hover { background: #2b3a4d; }
        header.top .end { margin-left: auto; display: flex; align-items: center; gap: 18px; }
        form.who { display: flex; align-items: center; gap: 10px; color: #aab6c4; font-size: 13px; }
        form.who b { color: #e8edf3; }
        button.link { background: none; border: 1px solid #4b5b70; color: #e8edf3; padding: 3px 10px; }
        nav.lang a { font-size: 13px; color: #aab6c4; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
        h1 { font-size: 22px; margin: 8px 0 16px; }
        h2 { font-size: 16px; margin: 18px 0 8px; }
        table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
        th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: #eef1f5; font-size: 13px; color: var(--muted); font-weight: 600; }
        tr.overdue td { background: var(--red-bg); }
        tr.overdue td:first-child { box-shadow: inset 4px 0 0 var(--red); font-weight: 600; }
        tr.soon td:first-child { box-shadow: inset 4px 0 0 #d19a00; }
        tr.refused td, tr.closed td { color: var(--muted); }
        .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; background: #e6eaf0;
                 color: var(--muted); }
        .badge.overdue { background: var(--red); color: #fff; font-weight: 600; }
        .badge.soon { background: var(--amber-bg); color: var(--amber); }
        .state { font-size: 13px; padding: 2px 8px; border-radius: 10px; background: #e6eaf0; vertical-align: middle; }
        .state.completed, .state.active { background: #dff3e4; color: var(--green); }
        .state.refused, .state.restricted { background: var(--red-bg); color: var(--red); }
        .nowrap { white-space: nowrap; }
        .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 13px; }
        .small { font-size: 13px; color: var(--muted); }
        .empty { color: var(--muted); font-style: italic; }
        .filters { display: flex; gap: 8px; margin-bottom: 12px; }
        .filters a { padding: 4px 12px; border: 1px solid var(--line); border-radius: 14px; background: var(--card);
                     text-decoration: none; }
        .filters a[aria-current="page"] { background: var(--accent); color: #fff; border-color: var(--accent); }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; background: var(--card);
                   border: 1px solid var(--line); padding: 14px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        form.action { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px;
                      margin-bottom: 14px; display: grid; gap: 6px; }
        form.action h2 { margin: 0 0 4px; }
        form.action.primary { border-color: var(--accent); }
        form.action.danger { border-color: #e3b4b0; }
        form.action.danger button { background: var(--red); border-color: var(--red); }
        label { font-size: 13px; color: var(--muted); }
        input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #b9c2cd; border-radius: 6px; }
        button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent);
                 background: var(--accent); color: #fff; cursor: pointer; justify-self: start; }
        form.action.wide { max-width: 560px; }
        form.action h3 { margin: 0 0 4px; font-size: 15px; }
        button.secondary { background: var(--card); color: var(--accent); }
        form.action fieldset { border: 1px solid var(--line); border-radius: 6px; display: grid; gap: 6px; }
        a.button { display: inline-block; padding: 6px 14px; border-radius: 6px; background: var(--accent); color: #fff;
                   text-decoration: none; }
        main button.link { background: none; border: none; color: var(--accent); text-decoration: underline;
                           padding: 0; }
        form.search { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
        section.login { max-width: 420px; margin: 60px auto; background: var(--card); border: 1px solid var(--line);
                        border-radius: 10px; padding: 24px; }
        section.login form { display: grid; gap: 8px; }
        section.secret { background: var(--amber-bg); border: 1px solid #e9c46a; border-radius: 8px; padding: 10px 14px;
                         margin-bottom: 16px; }
        section.secret code { font-size: 15px; word-break: break-all; }
        .flash { background: #dff3e4; border: 1px solid #a8d5b5; padding: 8px 12px; border-radius: 6px; }
        .problem { background: var(--red-bg); border: 1px solid #e3b4b0; padding: 8px 12px; border-radius: 6px; }
        .crumbs { margin: 0; font-size: 13px; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; width: 70px; }
        meter { width: 100%; }
        .numbers span { display: inline-block; margin-right: 24px; font-size: 16px; }
        .numbers b { font-size: 26px; }
        tr.refused-entry td { background: var(--red-bg); }
        @media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
        """
}
