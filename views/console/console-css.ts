/**
 * The console's own stylesheet, on top of /assets/app.css: a wider page, tables and charts.
 * A string module like app.css, so it ships on every runtime; no inline style (CSP).
 */
export const consoleCss = `
.console main { max-width: 72rem; }
.console .site-header { max-width: 72rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
.console .site-footer { max-width: 72rem; }
.console-nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
.console-nav a { font-weight: 600; }
.console-nav [aria-current="page"] { color: var(--ink); text-decoration: none; border-bottom: 3px solid var(--accent); }
.session-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; font-weight: 400; }
.session-bar form { margin: 0; display: flex; gap: .5rem; align-items: center; }
.session-bar label { margin: 0; font-weight: 400; }
.session-bar button, .inline-form button { padding: .3rem .8rem; font-size: .95rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; background: var(--paper); }
caption { text-align: left; font-weight: 700; padding: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--canvas); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
input[type="file"] { max-width: 100%; }
.inline-form { display: inline-block; margin: 0 .25rem .25rem 0; }
.chart { margin: 0 0 1.5rem; }
.chart svg { width: 100%; height: auto; max-width: 48rem; display: block; background: var(--paper); border: 1px solid var(--line); }
.chart figcaption { font-weight: 600; margin: .25rem 0; }
.legend { display: flex; gap: 1.5rem; font-size: .9rem; margin: .25rem 0; }
.swatch-joins::before, .swatch-leaves::before { content: ""; display: inline-block; width: .9rem; height: .9rem; margin-right: .35rem; vertical-align: -2px; }
.swatch-joins::before { background: #0d5223; }
.swatch-leaves::before { background: #a50e0e; }
details { margin: .25rem 0 1rem; }
summary { cursor: pointer; color: var(--accent); }
select, input[type="date"], input[type="file"], input[type="password"], input[type="number"], textarea {
  font: inherit; padding: .4rem .5rem; border: 2px solid var(--muted); border-radius: .35rem; background: var(--paper); color: var(--ink);
}
input[type="password"] { width: 100%; }
textarea { width: 100%; min-height: 5rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
.filters .field { margin: 0; }
.secret { font-family: ui-monospace, monospace; word-break: break-all; padding: .5rem; border: 2px dashed var(--accent); background: var(--paper); }
.grid2 { display: grid; gap: 1rem 2rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
`
