/// The report's style sheet, inline: no font, image or sheet comes from anywhere else.
/// System fonts only. `@media print` starts each major section on a new page, keeps tables
/// rows, figures and findings whole, and drops the screen colours that waste toner.
enum HTMLStyle {
    static let css = """
        :root { --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --soft: #f5f7fa; --red: #b42318; --accent: #1d4ed8; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0 auto; max-width: 1180px; padding: 32px 40px 64px; color: var(--ink); background: #fff;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
        h1 { font-size: 30px; line-height: 1.2; margin: 4px 0 12px; }
        h2 { font-size: 22px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
        h3 { font-size: 16px; margin: 28px 0 8px; }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.88em;
          background: var(--soft); border-radius: 3px; padding: 0 3px; overflow-wrap: anywhere; }
        code.resource-id, code.pointer, code.digest { font-size: 11.5px; color: var(--muted); background: none; padding: 0; }
        code.command { display: block; white-space: pre-wrap; padding: 6px 8px; font-size: 12.5px; }
        .muted, .unrecorded { color: var(--muted); }
        .unrecorded { font-style: italic; }
        .cover { padding: 8px 0 24px; border-bottom: 1px solid var(--rule); margin-bottom: 24px; }
        .kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: var(--muted); margin: 0; }
        .lead { font-size: 17px; margin: 0 0 16px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        section.major { margin: 40px 0 0; }
        nav.contents { background: var(--soft); border: 1px solid var(--rule); border-radius: 6px; padding: 12px 20px; margin: 0 0 24px; }
        nav.contents h2 { border: 0; font-size: 16px; margin: 0 0 4px; padding: 0; }
        nav.contents ol { margin: 0; padding-left: 22px; columns: 2; }
        .count { color: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
        caption { text-align: left; font-weight: 600; padding: 6px 0; }
        th, td { border-top: 1px solid var(--rule); padding: 5px 8px; text-align: left; vertical-align: top; }
        thead th { border-top: 0; border-bottom: 2px solid var(--rule); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        td.kind { white-space: nowrap; color: var(--muted); }
        td.source { width: 24%; font-size: 12px; }
        table.hop { border: 1px solid var(--rule); }
        table.hop caption { background: var(--soft); border: 1px solid var(--rule); border-bottom: 0; padding: 6px 8px; }
        .services { color: var(--red); font-weight: 600; margin-left: 6px; }
        .witness { font-weight: 400; color: var(--muted); font-size: 12.5px; }
        tr.finding td { background: #fff5f5; }
        table.facts th { width: 210px; font-weight: 600; color: var(--ink); }
        table.facts ul, td ul { margin: 0; padding-left: 18px; }
        .arrow { color: var(--muted); padding: 0 2px; }
        .verdict { font-size: 18px; padding: 10px 14px; border-radius: 6px; }
        .verdict.bad { background: #fef3f2; border-left: 5px solid var(--red); }
        .verdict.good { background: #ecfdf3; border-left: 5px solid #027a48; }
        .warning { color: #b54708; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 16px 0; }
        .tile { display: block; border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; color: var(--ink); }
        .tile:hover { text-decoration: none; border-color: var(--accent); }
        .tile .figure { display: block; font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .tile .label { display: block; font-size: 12.5px; color: var(--muted); }
        .tile.alarm { border-color: #fda29b; background: #fffbfa; }
        .tile.alarm .figure { color: var(--red); }
        .severity { display: inline-block; min-width: 62px; text-align: center; font-size: 11px; font-weight: 700; text-transform: uppercase;
          letter-spacing: 0.04em; border-radius: 10px; padding: 1px 8px; vertical-align: 2px; }
        .severity.critical { background: #7a271a; color: #fff; }
        .severity.high { background: #d92d20; color: #fff; }
        .severity.medium { background: #fdb022; color: #1f2933; }
        .severity.low { background: #d1e9ff; color: #1f2933; }
        .severity.info { background: var(--rule); color: #1f2933; }
        ul.worst { padding-left: 18px; }
        ul.worst li { margin: 3px 0; }
        article.path, article.finding { border-top: 1px solid var(--rule); padding-top: 4px; margin-top: 20px; }
        p.meta { color: var(--muted); margin: 0 0 8px; }
        figure.diagram { margin: 8px 0 12px; padding: 8px; border: 1px solid var(--rule); border-radius: 6px; background: #fff; overflow-x: auto; text-align: center; }
        figure.diagram svg { max-width: 100%; height: auto; }
        figure.overview svg { max-width: none; }
        tr.group th { background: var(--soft); text-transform: none; letter-spacing: 0; font-size: 13px; color: var(--ink); border-top: 2px solid var(--rule); }
        span.from { font-weight: 400; color: var(--muted); }
        strong.violated { color: var(--red); }
        @page { size: A4; margin: 16mm 14mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          a { color: inherit; }
          section.major { break-before: page; margin-top: 0; }
          nav.contents { break-after: page; }
          h2, h3 { break-after: avoid; }
          tr, figure, .tile, dl.facts, table.facts { break-inside: avoid; }
          article.finding, table.hop caption { break-inside: avoid; }
          thead { display: table-header-group; }
          figure.diagram { overflow: visible; }
          figure.overview svg { max-width: 100%; }
          .tile, .verdict { background: none !important; }
        }

        """
}
