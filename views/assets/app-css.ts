/**
 * The one stylesheet, kept as a string module so that it ships inside the bundle on every
 * runtime (Node and Workers alike) with no file access. Served at /assets/app.css; pages carry
 * no inline style, as the CSP requires.
 */
export const appCss = `
:root {
  --ink: #1b1f24;
  --muted: #4a5563;
  --paper: #ffffff;
  --canvas: #f4f5f7;
  --line: #c9ced6;
  --accent: #0b57d0;
  --accent-ink: #ffffff;
  --danger: #a50e0e;
  --danger-bg: #fdecea;
  --ok-bg: #e6f4ea;
  --ok-ink: #0d5223;
  --focus: #ffbf47;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--canvas);
  color: var(--ink);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.skip {
  position: absolute;
  left: -999px;
  top: 0;
  padding: .5rem 1rem;
  background: var(--paper);
  color: var(--ink);
}
.skip:focus { left: 1rem; top: 1rem; z-index: 10; }
.site-header, .site-footer { max-width: 44rem; margin: 0 auto; padding: 1rem; color: var(--muted); }
.site-header { font-weight: 700; color: var(--ink); padding-top: 1.5rem; display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem 1rem; align-items: baseline; }
.site-header .languages ul { margin: 0; font-weight: 400; }
.site-footer .organization { color: var(--ink); }
.managed-address { font-weight: 600; overflow-wrap: anywhere; }
.site-footer { font-size: .9rem; padding-bottom: 2rem; }
main {
  max-width: 44rem;
  margin: 0 auto;
  padding: 1.5rem;
  background: var(--paper);
  border: 1px solid var(--line);
  border-radius: .75rem;
}
@media (max-width: 46rem) {
  main { border-radius: 0; border-left: 0; border-right: 0; padding: 1.25rem 1rem; }
}
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); border-radius: 2px; }
form { margin: 0 0 1.5rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1.25rem; padding: .75rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.field { margin-bottom: 1.25rem; }
input[type="email"], input[type="text"], textarea {
  width: 100%;
  max-width: 30rem;
  padding: .6rem .75rem;
  font: inherit;
  color: var(--ink);
  background: var(--paper);
  border: 2px solid var(--muted);
  border-radius: .4rem;
}
input[type="checkbox"], input[type="radio"] { width: 1.35rem; height: 1.35rem; accent-color: var(--accent); }
textarea { display: block; }
.field-error { color: var(--danger); font-weight: 600; margin: 0 0 .35rem; }
[aria-invalid="true"] { border-color: var(--danger) !important; }
fieldset[aria-invalid="true"] { border-width: 2px; }
.choice { display: flex; gap: .75rem; align-items: flex-start; padding: .6rem 0; border-top: 1px solid var(--line); }
.choice:first-of-type { border-top: 0; }
.choice input[type="checkbox"], .choice input[type="radio"] { width: 1.35rem; height: 1.35rem; margin: .15rem 0 0; flex: none; accent-color: var(--accent); }
.choice label { margin: 0; }
.choice .description { display: block; font-weight: 400; color: var(--muted); }
.status { display: inline-block; margin-top: .25rem; font-size: .85rem; font-weight: 600; padding: .05rem .5rem; border-radius: 1rem; background: var(--canvas); color: var(--ink); border: 1px solid var(--line); }
.status-subscribed { background: var(--ok-bg); color: var(--ok-ink); border-color: #a8d5b5; }
.status-pending, .status-paused { background: #fff4d6; color: #5c4300; border-color: #e8cf80; }
.pause p { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
button {
  display: inline-block;
  min-height: 2.75rem;
  padding: .6rem 1.25rem;
  font: inherit;
  font-weight: 700;
  color: var(--accent-ink);
  background: var(--accent);
  border: 2px solid var(--accent);
  border-radius: .4rem;
  cursor: pointer;
}
button:hover { background: #0842a0; border-color: #0842a0; }
button.secondary { color: var(--accent); background: var(--paper); }
button.secondary:hover { background: #e8f0fe; }
button.danger { color: #ffffff; background: var(--danger); border-color: var(--danger); }
a.danger-link { color: var(--danger); font-weight: 700; }
button.danger:hover { background: #7f0b0b; }
.notice { padding: .75rem 1rem; border-radius: .5rem; border-left: 4px solid var(--accent); background: #e8f0fe; }
.notice-ok { border-left-color: var(--ok-ink); background: var(--ok-bg); }
.warning { padding: .75rem 1rem; border-radius: .5rem; border: 2px solid var(--danger); background: var(--danger-bg); color: #5b0707; }
.warning strong { color: var(--danger); }
form .warning { margin-bottom: 1rem; }
.confirm-cancel { display: flex; gap: .75rem; align-items: flex-start; margin: .75rem 0 0; }
.confirm-cancel input { width: 1.35rem; height: 1.35rem; margin: .15rem 0 0; flex: none; }
.confirm-cancel label { margin: 0; }
.small, small { font-size: .9rem; color: var(--muted); }
.consent { font-size: .95rem; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
.data-actions { display: grid; gap: 1rem; }
.data-actions form, .data-actions p { margin: 0; }
.data-actions .small { display: block; margin-top: .35rem; }
ul.plain { padding-left: 1.25rem; }
code { font-size: .9rem; overflow-wrap: anywhere; }
pre { overflow-x: auto; max-width: 100%; }
.table-scroll { overflow-x: auto; max-width: 100%; margin: 0 0 1rem; }
.table-scroll table { border-collapse: collapse; }
.table-scroll th, .table-scroll td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.languages ul { display: flex; gap: 1rem; list-style: none; margin: 0 0 1rem; padding: 0; font-size: .95rem; }
.languages [aria-current] { font-weight: 700; }
`
