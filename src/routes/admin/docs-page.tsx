/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../i18n/locale.js'
import { Layout } from '../../../views/layout.js'

type Schema = Record<string, unknown>
interface Parameter {
  name: string
  in: string
  required?: boolean
  description?: string
  schema?: Schema
}
interface Operation {
  summary?: string
  tags?: string[]
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { description?: string }>
}
export interface OpenApiDocument {
  info: { title: string; description?: string }
  paths?: Record<string, Record<string, Operation> | undefined>
  components?: { schemas?: Record<string, Schema> }
}

/** Inlines `$ref`s (one level of each name, to stay finite) so a body schema reads on its own. */
function resolve(
  schema: unknown,
  components: Record<string, Schema>,
  seen: Set<string> = new Set(),
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => resolve(item, components, seen))
  if (!schema || typeof schema !== 'object') return schema
  const ref = (schema as { $ref?: string }).$ref
  if (ref) {
    const name = ref.split('/').pop()!
    if (seen.has(name)) return { $ref: name }
    return resolve(components[name], components, new Set([...seen, name]))
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, resolve(value, components, seen)]),
  )
}

function typeOf(schema: Schema | undefined): string {
  if (!schema) return ''
  if (Array.isArray(schema.enum)) return schema.enum.join(' | ')
  const type = schema.type
  return Array.isArray(type) ? type.join(' | ') : String(type ?? '')
}

/**
 * Text from the OpenAPI document with its Markdown code spans (`like this`) shown as code
 * rather than as backticks.
 */
function Prose({ text }: { text: string | undefined }) {
  const parts = (text ?? '').split(/`([^`]*)`/)
  return <>{parts.map((part, index) => (index % 2 === 1 ? <code>{part}</code> : part))}</>
}

/**
 * The admin API reference, rendered on the server from the OpenAPI document: every operation
 * with method, path, summary, parameters and body schema. No script, so the CSP holds.
 */
export function ApiDocsPage({ doc, locale }: { doc: OpenApiDocument; locale: Locale }) {
  const components = doc.components?.schemas ?? {}
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods ?? {}).map(([method, operation]) => ({ path, method, operation })),
  )
  return (
    <Layout locale={locale} title={doc.info.title} languages={false}>
      <p>
        <Prose text={doc.info.description} />
      </p>
      <p>
        Base path <code>/api/v1</code>. Machine-readable document:{' '}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
      </p>
      <nav aria-label="Operations">
        <ul>
          {operations.map(({ path, method }) => (
            <li>
              <a href={`#${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`}>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, operation }) => {
        const body = operation.requestBody?.content?.['application/json']?.schema
        return (
          <section id={`${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`}>
            <h2>
              <code>
                {method.toUpperCase()} /api/v1{path}
              </code>
            </h2>
            <p>
              <Prose text={operation.summary} />
            </p>
            {operation.parameters && operation.parameters.length > 0 && (
              // A phone is narrower than five columns: the table scrolls inside its own box.
              <section
                class="table-scroll"
                aria-label={`${method.toUpperCase()} ${path}`}
                tabindex={0}
              >
                <table>
                  <caption>Parameters</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">In</th>
                      <th scope="col">Type</th>
                      <th scope="col">Required</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {operation.parameters.map((parameter) => (
                      <tr>
                        <td>
                          <code>{parameter.name}</code>
                        </td>
                        <td>{parameter.in}</td>
                        <td>{typeOf(parameter.schema)}</td>
                        <td>{parameter.required ? 'yes' : 'no'}</td>
                        <td>
                          <Prose
                            text={
                              parameter.description ?? String(parameter.schema?.description ?? '')
                            }
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {body && (
              <details>
                <summary>JSON body schema</summary>
                <pre>{JSON.stringify(resolve(body, components), null, 2)}</pre>
              </details>
            )}
            <p>
              Responses:{' '}
              <Prose
                text={Object.entries(operation.responses ?? {})
                  .map(([status, response]) => `${status} ${response.description ?? ''}`)
                  .join(' · ')}
              />
            </p>
          </section>
        )
      })}
    </Layout>
  )
}
