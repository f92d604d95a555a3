/**
 * The JSX runtime of every page and mail: elements are plain objects until `renderToString`
 * walks them once into one string, escaping every text and attribute value. It writes the same
 * markup as hono/jsx, which the views used before, at a fraction of its cost: hono/jsx
 * rebuilt an attribute normaliser per element and ran each render inside AsyncLocalStorage,
 * whose promise hooks then taxed every promise of the process (issue 12's profile). Rendering
 * here is synchronous by design: no component may be async, so a context is a plain stack.
 */

/** Markup that is already safe: hono's `raw()` and `html` results have this shape. */
interface Trusted {
  isEscaped: true
  toString(): string
}

/** Anything a component may hold as a child. */
export type Child = string | number | boolean | null | undefined | HtmlElement | Trusted | Child[]

type Props = { children?: Child; [attribute: string]: unknown }
type Component<P = Props> = (props: P) => Child

/** One JSX element, rendered only when the page is turned into a string. */
export class HtmlElement {
  readonly isEscaped = true
  constructor(
    readonly type: string | Component<never>,
    readonly props: Props,
  ) {}
  toString(): string {
    return renderToString(this)
  }
}

/**
 * What the compiler calls for each JSX element (`jsxs` and `jsxDEV` are the same function): it
 * only records the element; nothing runs until it is rendered.
 *
 * @example jsx('p', { class: 'small', children: 'Hi' }) // <p class="small">Hi</p>
 */
export function jsx(type: string | Component<never>, props: Props): HtmlElement {
  return new HtmlElement(type, props)
}
export { jsx as jsxs, jsx as jsxDEV }

/** `<>…</>`: its children, nothing around them. */
export function Fragment(props: { children?: Child }): Child {
  return props.children
}

/** Elements written `<br/>`, with no closing tag. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])
/** Attributes that are present or absent: `true` writes `checked=""`, `false` nothing. */
const BOOLEAN = new Set([
  'allowfullscreen',
  'async',
  'autofocus',
  'autoplay',
  'checked',
  'controls',
  'default',
  'defer',
  'disabled',
  'download',
  'formnovalidate',
  'hidden',
  'inert',
  'ismap',
  'itemscope',
  'loop',
  'multiple',
  'muted',
  'nomodule',
  'novalidate',
  'open',
  'playsinline',
  'readonly',
  'required',
  'reversed',
  'selected',
])
const SPECIAL = /[&<>'"]/
const NAME = /^[a-zA-Z][a-zA-Z0-9_.:-]*$/
const TAG = /^[a-zA-Z][a-zA-Z0-9-]*$/
/** Tag names already checked against TAG (the views use a few dozen). */
const TAGS = new Set<string>()

/**
 * `text` with `& < > ' "` as entities, safe between tags and inside a quoted attribute.
 *
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  if (!SPECIAL.test(text)) return text
  let out = ''
  let last = 0
  for (let i = 0; i < text.length; i++) {
    let entity: string
    switch (text.charCodeAt(i)) {
      case 34:
        entity = '&quot;'
        break
      case 38:
        entity = '&amp;'
        break
      case 39:
        entity = '&#39;'
        break
      case 60:
        entity = '&lt;'
        break
      case 62:
        entity = '&gt;'
        break
      default:
        continue
    }
    out += text.slice(last, i) + entity
    last = i + 1
  }
  return out + text.slice(last)
}

/** A value handed down to every component rendered inside its `Provider`. */
export interface Context<T> {
  /** Renders its children with `value` as the context's value (never called itself). */
  Provider: (props: { value: T; children?: Child }) => HtmlElement | null
  readonly stack: T[]
}

/**
 * A context with `defaultValue` outside any `Provider`. Rendering is synchronous, so the
 * values of the providers being rendered are simply a stack.
 *
 * @example const Theme = createContext('light'); renderToString(<Theme.Provider value="dark"><P/></Theme.Provider>)
 */
export function createContext<T>(defaultValue: T): Context<T> {
  const stack = [defaultValue]
  const Provider = () => null
  providers.set(Provider, stack)
  return { Provider, stack }
}

/** The value of the nearest `Provider` around the component being rendered. */
export function useContext<T>(context: Context<T>): T {
  return context.stack[context.stack.length - 1] as T
}

const providers = new Map<unknown, unknown[]>()

/**
 * The markup of `child`: text escaped, trusted markup as it is, `null`, `undefined` and
 * booleans as nothing, arrays in order.
 *
 * @example renderToString(<p class="x">{'a < b'}</p>) // '<p class="x">a &lt; b</p>'
 */
export function renderToString(child: Child): string {
  if (typeof child === 'string') return escapeHtml(child)
  if (child === null || child === undefined || typeof child === 'boolean') return ''
  if (typeof child === 'number') return String(child)
  if (Array.isArray(child)) {
    let out = ''
    for (const item of child) out += renderToString(item)
    return out
  }
  if (!(child instanceof HtmlElement)) {
    if (child.isEscaped === true) return child.toString()
    if (typeof (child as { then?: unknown }).then === 'function')
      throw new Error('Async components cannot be rendered: render is synchronous')
    return escapeHtml(String(child))
  }
  const { type, props } = child
  if (typeof type === 'function') {
    const stack = providers.get(type)
    if (!stack) return renderToString(type(props as never))
    stack.push((props as { value: unknown }).value)
    try {
      return renderToString(props.children)
    } finally {
      stack.pop()
    }
  }
  if (!TAGS.has(type)) {
    if (!TAG.test(type)) throw new Error('Invalid JSX tag name')
    TAGS.add(type)
  }
  let out = `<${type}`
  // Own keys only: an attribute never comes from a prototype.
  for (const key of Object.keys(props)) {
    const value = props[key]
    if (key === 'children' || key === 'ref' || value === null || value === undefined) continue
    const name = key === 'className' ? 'class' : key === 'htmlFor' ? 'for' : key
    if (!NAME.test(name)) continue
    if (typeof value === 'boolean' && BOOLEAN.has(name)) {
      if (value) out += ` ${name}=""`
    } else if (typeof value === 'number') {
      out += ` ${name}="${value}"`
    } else if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof String)) {
      // A style object, dangerouslySetInnerHTML, a promise: not supported, never "[object …]".
      throw new Error(`Attribute ${name} of <${type}> must be text, a number or a boolean`)
    } else if (typeof value === 'function') {
      throw new Error(`Attribute ${name} of <${type}> is a function: pages run no script`)
    } else {
      out += ` ${name}="${escapeHtml(String(value))}"`
    }
  }
  const children = props.children
  // As hono/jsx: `<br/>` only when the element was given no children at all.
  const empty = !('children' in props) || (Array.isArray(children) && children.length === 0)
  if (VOID.has(type) && empty) return `${out}/>`
  return `${out}>${renderToString(children)}</${type}>`
}

export declare namespace JSX {
  type Element = HtmlElement
  interface ElementChildrenAttribute {
    children: unknown
  }
  interface IntrinsicAttributes {
    key?: string | number
  }
  interface IntrinsicElements {
    [tag: string]: Props
  }
  // biome-ignore lint/suspicious/noExplicitAny: a component may take any props
  type ElementType = string | ((props: any) => Child)
}
