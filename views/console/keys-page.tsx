/** @jsxRuntime automatic @jsxImportSource #jsx */
import { ADMIN_TOKEN_ACTOR } from '../../src/domain/admin/api-keys.js'
import type { ApiKeySummary, CreatedApiKey } from '../../src/domain/admin/api-keys.js'
import type { AuditEntry } from '../../src/domain/admin/audit.js'
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { FieldError, invalidAttributes } from '../components/field-error.js'
import { ConsoleLayout, CsrfField } from './console-layout.js'

const day = (ms: number | null, locale: Locale) =>
  ms === null
    ? t(locale, 'console.keys.never')
    : new Date(ms).toISOString().replace('T', ' ').slice(0, 16)

/**
 * API keys (never their secrets, except a new key once), revoke buttons, the create form,
 * and the console's recent audit log.
 *
 * @example c.html(<KeysPage locale="en" session={session} keys={keys} audit={entries} />)
 */
export function KeysPage(props: {
  locale: Locale
  session: ConsoleSession
  keys: ApiKeySummary[]
  audit: AuditEntry[]
  created?: CreatedApiKey | undefined
  notice?: string | undefined
  /** A fresh random id per rendering of the create form: one key per form sent. */
  formId: string
  /** A refused name: what was typed and why, shown on the field. */
  nameError?: { value: string; message: string } | undefined
}) {
  const { locale, session, keys } = props
  // Keys are made and revoked with ADMIN_TOKEN only: a key must not make keys that outlive it.
  const manage = session.actor === ADMIN_TOKEN_ACTOR
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.keys.title')}
      session={session}
      current="keys"
      notice={props.notice}
    >
      {props.created && (
        <section aria-labelledby="new-key-heading" class="notice notice-ok">
          <h2 id="new-key-heading">{t(locale, 'console.keys.new')}</h2>
          <p>{t(locale, 'console.keys.shown_once')}</p>
          <p class="secret" id="new-key">
            {props.created.key}
          </p>
        </section>
      )}
      {keys.length === 0 ? (
        <p>{t(locale, 'console.keys.none')}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-label={t(locale, 'console.keys.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t(locale, 'console.keys.name')}</th>
                <th scope="col">Id</th>
                <th scope="col">{t(locale, 'console.keys.scope')}</th>
                <th scope="col">{t(locale, 'console.keys.created')}</th>
                <th scope="col">{t(locale, 'console.keys.last_used')}</th>
                <th scope="col">{t(locale, 'console.keys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.id}</code>
                  </td>
                  <td>{key.scope}</td>
                  <td>{day(key.created_at, locale)}</td>
                  <td>{day(key.last_used_at, locale)}</td>
                  <td>
                    {key.revoked_at !== null ? (
                      t(locale, 'console.keys.revoked')
                    ) : manage ? (
                      <form
                        method="post"
                        action={`/admin/keys/${key.id}/revoke`}
                        class="inline-form"
                      >
                        <CsrfField session={session} />
                        <button type="submit" class="danger">
                          {t(locale, 'console.keys.revoke', { name: key.name })}
                        </button>
                      </form>
                    ) : (
                      t(locale, 'console.keys.active')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {!manage && <p>{t(locale, 'console.keys.admin_only')}</p>}
      {manage && (
        <section aria-labelledby="create-key-heading">
          <h2 id="create-key-heading">{t(locale, 'console.keys.create')}</h2>
          <form method="post" action="/admin/keys">
            <CsrfField session={session} />
            <input type="hidden" name="form_id" value={props.formId} />
            <div class="field">
              <label for="key-name">{t(locale, 'console.keys.name')}</label>
              <FieldError id="key-name-error" message={props.nameError?.message} />
              <input
                id="key-name"
                name="name"
                type="text"
                required
                maxlength={100}
                value={props.nameError?.value}
                {...invalidAttributes('key-name-error', props.nameError?.message)}
              />
            </div>
            <div class="field">
              <label for="key-scope">{t(locale, 'console.keys.scope')}</label>
              <select id="key-scope" name="scope">
                <option value="read">read</option>
                <option value="write">write</option>
              </select>
            </div>
            <button type="submit">{t(locale, 'console.keys.submit')}</button>
          </form>
        </section>
      )}
      <h2>{t(locale, 'console.audit.title')}</h2>
      <section class="table-wrap" tabindex={0} aria-label={t(locale, 'console.audit.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(locale, 'console.ledger.when')}</th>
              <th scope="col">{t(locale, 'console.audit.who')}</th>
              <th scope="col">{t(locale, 'console.audit.what')}</th>
              <th scope="col">{t(locale, 'console.audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {props.audit.map((entry) => (
              <tr>
                <td>{day(entry.occurredAt, locale)}</td>
                <td>
                  <code>{entry.actor}</code>
                </td>
                <td>{entry.action}</td>
                <td>{entry.target ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </ConsoleLayout>
  )
}
