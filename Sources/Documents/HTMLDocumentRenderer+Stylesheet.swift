extension HTMLDocumentRenderer {
    /// The page's only stylesheet: system fonts, readable on screen, compact and black-on-white on A4.
    static let stylesheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #fff; color: #1b1b1b;
          font: 15px/1.5 "Liberation Sans", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
        main { max-width: 58rem; margin: 0 auto; padding: 2rem 2.5rem 3rem; }
        header { margin-bottom: 1.5rem; }
        header.centred { text-align: center; }
        h1 { font-size: 1.55rem; line-height: 1.25; margin: 0 0 .35rem; }
        h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #bbb; }
        h3 { font-size: 1.04rem; margin: 1.2rem 0 .4rem; }
        h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
        p { margin: .45rem 0; }
        .subtitle { margin: .1rem 0; color: #444; }
        ul { margin: .4rem 0 .8rem; padding-left: 1.4rem; }
        li { margin: .25rem 0; }
        dl.facts { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .25rem 1.2rem;
          margin: .5rem 0 1rem; }
        dl.facts dt { max-width: 17rem; }
        dl.facts dt { font-weight: 600; color: #333; }
        dl.facts dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
        table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
        th, td { border: 1px solid #aaa; padding: .3rem .5rem; text-align: left; vertical-align: top;
          overflow-wrap: break-word; }
        table.compact { width: auto; min-width: 50%; }
        th { background: #eee; font-weight: 600; }
        table.signatures td { height: 2.6rem; }
        code { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: .86em; }
        .callout { margin: .8rem 0; padding: .6rem .9rem; border-left: 4px solid #2f6db5; background: #edf3fb; }
        .callout.warning { border-left-color: #b5541f; background: #fcf0e6; }
        .mark { display: inline-block; margin-left: .25rem; padding: 0 .35rem; border: 1px solid #b5541f;
          border-radius: 3px; color: #8a3b10; font-size: .8em; font-weight: 600; white-space: nowrap; }
        .blank { display: inline-block; width: 16rem; max-width: 60%; height: 1.1em; margin-right: .4rem;
          border-bottom: 1px solid #555; vertical-align: bottom; }
        .page-break { break-before: page; }
        @page { size: A4; margin: 16mm 15mm; }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          h2, h3, h4 { break-after: avoid; }
          tr, li, .callout, dl.facts { break-inside: avoid; }
          thead { display: table-header-group; }
          th { background: none; }
          .callout, .callout.warning { background: none; border: 1px solid #777; border-left-width: 4px; }
        }

        """
}
