/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { ContactView } from '../../src/domain/links/contact-view.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { FieldError, invalidAttributes } from '../components/field-error.js'
import { ConsoleLayout, CsrfField } from './console-layout.js'
import { EventsTable } from './events-table.js'

/**
 * Find a contact by its exact address (a POST: the address never goes into a URL).
 *
 * @example c.html(<ContactFindPage locale="en" session={session} />)
 */
export function ContactFindPage(props: {
  locale: Locale
  session: ConsoleSession
  error?: string | undefined
  notice?: string | undefined
}) {
  const { locale, session } = props
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.contacts.title')}
      session={session}
      current="contacts"
      notice={props.notice}
    >
      <h2>{t(locale, 'console.contacts.find')}</h2>
      {props.error && (
        <p class="warning" role="alert">
          {props.error}
        </p>
      )}
      <form method="post" action="/admin/contacts/find">
        <CsrfField session={session} />
        <div class="field">
          <label for="find-email">{t(locale, 'console.contacts.email')}</label>
          <input
            id="find-email"
            name="email"
            type="email"
            required
            maxlength={254}
            autocomplete="off"
            aria-describedby="find-hint"
          />
          <p class="small" id="find-hint">
            {t(locale, 'console.contacts.find_hint')}
          </p>
        </div>
        <button type="submit">{t(locale, 'console.contacts.find_submit')}</button>
      </form>
    </ConsoleLayout>
  )
}

/**
 * One contact: data, subscriptions, the whole ledger timeline with evidence, and the actions a
 * write session may take (link, restrict, export, change address, erase with typed confirmation).
 *
 * @example c.html(<ContactPage locale="en" session={session} contact={view} />)
 */
export function ContactPage(props: {
  locale: Locale
  session: ConsoleSession
  contact: ContactView
  notice?: string | undefined
  error?: string | undefined
  /** A refused address change: what was typed and why, shown on the field. */
  addressError?: { value: string; message: string } | undefined
}) {
  const { locale, session, contact } = props
  const write = session.scope === 'write'
  const base = `/admin/contacts/${contact.id}`
  const yesNo = (on: boolean) => t(locale, on ? 'console.contacts.yes' : 'console.contacts.no')
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.contacts.contact')}
      session={session}
      current="contacts"
      notice={props.notice}
    >
      {props.error && (
        <p class="warning" role="alert">
          {props.error}
        </p>
      )}
      <table>
        <tbody>
          <tr>
            <th scope="row">{t(locale, 'console.contacts.email')}</th>
            <td>{contact.email}</td>
          </tr>
          <tr>
            <th scope="row">Id</th>
            <td>
              <code>{contact.id}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">{t(locale, 'console.contacts.status')}</th>
            <td>{contact.status}</td>
          </tr>
          <tr>
            <th scope="row">{t(locale, 'console.contacts.restricted')}</th>
            <td>{yesNo(contact.restricted)}</td>
          </tr>
          <tr>
            <th scope="row">{t(locale, 'console.contacts.locale')}</th>
            <td>{contact.locale ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">{t(locale, 'console.contacts.created')}</th>
            <td>{contact.created_at.replace('T', ' ').slice(0, 19)}</td>
          </tr>
        </tbody>
      </table>

      <h2>{t(locale, 'console.contacts.subscriptions')}</h2>
      {contact.subscriptions.length === 0 ? (
        <p>{t(locale, 'console.contacts.no_subscriptions')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(locale, 'console.ledger.list')}</th>
              <th scope="col">{t(locale, 'console.contacts.status')}</th>
              <th scope="col">{t(locale, 'console.ledger.when')}</th>
            </tr>
          </thead>
          <tbody>
            {contact.subscriptions.map((row) => (
              <tr>
                <th scope="row">{row.list}</th>
                <td>{row.status}</td>
                <td>{row.updated_at.replace('T', ' ').slice(0, 19)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t(locale, 'console.contacts.act')}</h2>
      <form method="post" action={`${base}/export`}>
        <CsrfField session={session} />
        <button type="submit" class="secondary">
          {t(locale, 'console.contacts.export')}
        </button>
      </form>
      {write && (
        <div class="data-actions">
          <form method="post" action={`${base}/send-link`}>
            <CsrfField session={session} />
            <button type="submit" class="secondary">
              {t(locale, 'console.contacts.send_link')}
            </button>
          </form>
          <form method="post" action={`${base}/restriction`}>
            <CsrfField session={session} />
            <input type="hidden" name="restricted" value={contact.restricted ? '0' : '1'} />
            <button type="submit" class="secondary">
              {t(
                locale,
                contact.restricted ? 'console.contacts.unrestrict' : 'console.contacts.restrict',
              )}
            </button>
          </form>
          <form method="post" action={`${base}/address`}>
            <CsrfField session={session} />
            <div class="field">
              <label for="new-address">{t(locale, 'console.contacts.new_address')}</label>
              <FieldError id="new-address-error" message={props.addressError?.message} />
              <input
                id="new-address"
                name="email"
                type="email"
                required
                maxlength={254}
                value={props.addressError?.value}
                {...invalidAttributes('new-address-error', props.addressError?.message)}
              />
            </div>
            <button type="submit" class="secondary">
              {t(locale, 'console.contacts.change_address')}
            </button>
          </form>
          <form method="post" action={`${base}/erase`}>
            <CsrfField session={session} />
            <fieldset>
              <legend>{t(locale, 'console.contacts.erase')}</legend>
              <p class="warning" id="erase-hint">
                {t(locale, 'console.contacts.erase_hint')}
              </p>
              <div class="field">
                <label for="erase-confirm">{t(locale, 'console.contacts.erase_confirm')}</label>
                <input
                  id="erase-confirm"
                  name="confirm_email"
                  type="email"
                  required
                  maxlength={254}
                  autocomplete="off"
                  aria-describedby="erase-hint"
                />
              </div>
              <button type="submit" class="danger">
                {t(locale, 'console.contacts.erase')}
              </button>
            </fieldset>
          </form>
        </div>
      )}

      <h2>{t(locale, 'console.contacts.timeline')}</h2>
      <EventsTable locale={locale} events={contact.events} showContact={false} />
    </ConsoleLayout>
  )
}
