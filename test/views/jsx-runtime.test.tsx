/** @jsxRuntime automatic @jsxImportSource #jsx */
import fc from 'fast-check'
import { raw } from 'hono/html'
import { jsx as honoJsx } from 'hono/jsx/jsx-runtime'
import { describe, expect, it } from 'vitest'
import {
  type Child,
  createContext,
  escapeHtml,
  jsx,
  renderToString,
  useContext,
} from '../../views/jsx/jsx-runtime.js'

// The views moved from hono/jsx to views/jsx for speed (issue 12). hono/jsx is still installed
// (Hono ships it), so it stays the oracle: the same tree must give the same markup in both.

type Tree = { tag: string; attributes: Record<string, unknown>; children: TreeChild[] }
type TreeChild = string | number | boolean | null | undefined | Tree | TreeChild[]

const text = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", 'é', '😀', '='),
})
const attributeValue = fc.oneof(
  text,
  fc.integer({ min: -5, max: 500 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
)
const attributes = fc.dictionary(
  fc.constantFrom(
    'class',
    'id',
    'href',
    'value',
    'checked',
    'required',
    'aria-label',
    'hidden',
    'maxlength',
    'data-x',
    'bad name',
    'on"x',
  ),
  attributeValue,
  { maxKeys: 4 },
)
const VOID = ['input', 'br', 'meta']
// Void elements get no children: hono/jsx itself treats `<meta>{null}</meta>` and
// `<br>{null}</br>` differently, and no view writes either.
const { tree } = fc.letrec<{ tree: Tree; child: TreeChild }>((tie) => ({
  tree: fc.oneof(
    fc.record({
      tag: fc.constantFrom(...VOID),
      attributes,
      children: fc.constant<TreeChild[]>([]),
    }),
    fc.record({
      tag: fc.constantFrom('p', 'div', 'a', 'span', 'label'),
      attributes,
      children: fc.array(tie('child'), { maxLength: 4 }),
    }),
  ),
  child: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    tie('tree'),
    fc.array(tie('child'), { maxLength: 3 }),
  ),
}))

function build(
  node: TreeChild,
  make: (tag: string, props: Record<string, unknown>) => unknown,
): unknown {
  if (Array.isArray(node)) return node.map((child) => build(child, make))
  if (node === null || typeof node !== 'object') return node
  const children = node.children.map((child) => build(child, make))
  const props: Record<string, unknown> = { ...node.attributes }
  if (children.length > 0) props.children = children.length === 1 ? children[0] : children
  return make(node.tag, props)
}

describe('the views JSX runtime', () => {
  it('writes the same markup as hono/jsx for any tree', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (node) => {
        const ours = renderToString(build(node, (tag, props) => jsx(tag, props)) as Child)
        const theirs = String(await String(build(node, (tag, props) => honoJsx(tag, props))))
        expect(ours).toBe(theirs)
      }),
      { numRuns: 500 },
    )
  })

  it('escapes text and attribute values, and keeps trusted markup as it is', () => {
    const markup = renderToString(
      <p title={'"><script>'}>
        {'<b>&</b>'}
        {raw('<i>ok</i>')}
      </p>,
    )
    expect(markup).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&lt;/b&gt;<i>ok</i></p>')
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&#39;')
  })

  it('leaves out attributes whose name could break out of the tag, and inherited ones', () => {
    const props = { 'x" onload="alert(1)': 'y', id: 'k' }
    const prototype = Object.prototype as Record<string, unknown>
    prototype.polluted = 'yes'
    try {
      expect(renderToString(jsx('div', props))).toBe('<div id="k"></div>')
    } finally {
      delete prototype.polluted
    }
  })

  it('refuses what it cannot write safely instead of writing "[object …]"', () => {
    const refused: [string, () => unknown][] = [
      ['a function attribute', () => renderToString(jsx('button', { onclick: () => 1 }))],
      ['a style object', () => renderToString(jsx('p', { style: { color: 'red' } }))],
      [
        'dangerouslySetInnerHTML',
        () => renderToString(jsx('p', { dangerouslySetInnerHTML: { __html: '<b>' } })),
      ],
      [
        'a promise child',
        () => renderToString(jsx('p', { children: Promise.resolve('x') as never })),
      ],
      ['a tag name that is not one', () => renderToString(jsx('x onmouseover="alert(1)"', {}))],
    ]
    for (const [what, render] of refused) expect(render, what).toThrow()
  })

  it('writes className and htmlFor as class and for, as hono/jsx does', () => {
    expect(renderToString(jsx('label', { className: 'a', htmlFor: 'b' }))).toBe(
      '<label class="a" for="b"></label>',
    )
  })

  it('gives each component the nearest provider value, and the default outside any', () => {
    const Theme = createContext('light')
    const Show = () => <span>{useContext(Theme)}</span>
    const page = (
      <div>
        <Show />
        <Theme.Provider value="dark">
          <Show />
          <Theme.Provider value="blue">
            <Show />
          </Theme.Provider>
          <Show />
        </Theme.Provider>
        <Show />
      </div>
    )
    expect(renderToString(page)).toBe(
      '<div><span>light</span><span>dark</span><span>blue</span><span>dark</span><span>light</span></div>',
    )
  })

  it('restores the outer value when a component inside a provider throws', () => {
    const Theme = createContext('light')
    const Broken = () => {
      throw new Error('broken')
    }
    expect(() =>
      renderToString(
        <Theme.Provider value="dark">
          <Broken />
        </Theme.Provider>,
      ),
    ).toThrow('broken')
    expect(useContext(Theme)).toBe('light')
  })

  it('renders the same element again to the same markup (elements are plain values)', () => {
    const element = (
      <ul>
        {[1, 2].map((n) => (
          <li>{n}</li>
        ))}
      </ul>
    )
    expect(String(element)).toBe('<ul><li>1</li><li>2</li></ul>')
    expect(String(element)).toBe(renderToString(element))
  })
})
