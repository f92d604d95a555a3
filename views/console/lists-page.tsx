/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { ListJson } from '../../src/domain/admin/lists.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout, CsrfField } from './console-layout.js'

const bases = ['consent', 'legitimate_interest', 'contract'] as const
const flags = ['public', 'double_opt_in', 'cancels_account', 'synced'] as const

/** What the list form holds: a list's settings, or what was typed into a refused form. */
export type ListValues = Pick<
  ListJson,
  'name' | 'description' | 'legal_basis' | (typeof flags)[number]
> & { id?: string }

/** A refused form: the message, and the field it is about (marked, and described by it). */
export interface FormProblem {
  message: string
  field?: string | undefined
}

/**
 * The list form's fields: empty for a new list, filled for an edit, or as typed when the form
 * was refused (the problem shown at the top and tied to its field).
 *
 * @example <ListFields locale="en" isNew values={undefined} />
 */
export function ListFields({
  locale,
  isNew,
  values,
  problem,
}: {
  locale: Locale
  isNew: boolean
  values?: ListValues | undefined
  problem?: FormProblem | undefined
}) {
  const invalid = (field: string) =>
    problem?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'list-problem' } : {}
  return (
    <>
      {problem && (
        <p class="warning" role="alert" id="list-problem">
          {problem.message}
        </p>
      )}
      {isNew && (
        <div class="field">
          <label for="list-id">{t(locale, 'console.lists.id')}</label>
          <input
            id="list-id"
            name="id"
            type="text"
            required
            maxlength={64}
            pattern="[a-z0-9][a-z0-9\-]{0,63}"
            value={values?.id ?? ''}
            aria-invalid={problem?.field === 'id' ? 'true' : undefined}
            aria-describedby={
              problem?.field === 'id' ? 'list-problem list-id-hint' : 'list-id-hint'
            }
          />
          <p class="small" id="list-id-hint">
            {t(locale, 'console.lists.id_hint')}
          </p>
        </div>
      )}
      <div class="field">
        <label for="list-name">{t(locale, 'console.lists.name')}</label>
        <input
          id="list-name"
          name="name"
          type="text"
          required
          maxlength={200}
          value={values?.name ?? ''}
          {...invalid('name')}
        />
      </div>
      <div class="field">
        <label for="list-description">{t(locale, 'console.lists.description')}</label>
        <textarea
          id="list-description"
          name="description"
          maxlength={2000}
          {...invalid('description')}
        >
          {values?.description ?? ''}
        </textarea>
      </div>
      <div class="field">
        <label for="list-basis">{t(locale, 'console.lists.legal_basis')}</label>
        <select id="list-basis" name="legal_basis">
          {bases.map((basis) => (
            <option value={basis} selected={values?.legal_basis === basis}>
              {basis}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t(locale, 'console.lists.state')}</legend>
        {flags.map((flag) => (
          <div class="choice">
            <input
              type="checkbox"
              id={`list-${flag}`}
              name={flag}
              value="1"
              checked={values ? values[flag] : flag === 'double_opt_in' || flag === 'synced'}
            />
            <label for={`list-${flag}`}>{t(locale, `console.lists.${flag}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  )
}

function Flag({ locale, on }: { locale: Locale; on: boolean }) {
  return <>{t(locale, on ? 'console.lists.yes' : 'console.lists.no')}</>
}

function ActionButton(props: {
  session: ConsoleSession
  action: string
  label: string
  text: string
  name?: string
  value?: string
  danger?: boolean
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField session={props.session} />
      {props.name && <input type="hidden" name={props.name} value={props.value ?? ''} />}
      <button type="submit" class={props.danger ? 'danger' : 'secondary'} aria-label={props.label}>
        {props.text}
      </button>
    </form>
  )
}

/**
 * Every list in display order with its settings; a write session also gets reorder, archive,
 * delete and the create form.
 *
 * @example c.html(<ListsPage locale="en" session={session} lists={lists} />)
 */
export function ListsPage(props: {
  locale: Locale
  session: ConsoleSession
  lists: ListJson[]
  notice?: string | undefined
  /** A refused create form, shown again as typed. */
  refused?: { values: ListValues; problem: FormProblem } | undefined
  /** A refused action on a list (deleting one that had subscribers), said at the top. */
  error?: string | undefined
}) {
  const { locale, session, lists } = props
  const write = session.scope === 'write'
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.lists.title')}
      session={session}
      current="lists"
      notice={props.notice}
    >
      {props.error && (
        <p class="warning" role="alert">
          {props.error}
        </p>
      )}
      <section class="table-wrap" tabindex={0} aria-label={t(locale, 'console.lists.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(locale, 'console.lists.name')}</th>
              <th scope="col">{t(locale, 'console.lists.id')}</th>
              <th scope="col">{t(locale, 'console.lists.legal_basis')}</th>
              <th scope="col">{t(locale, 'console.lists.public')}</th>
              <th scope="col">{t(locale, 'console.lists.cancels_account')}</th>
              <th scope="col">{t(locale, 'console.lists.synced')}</th>
              <th scope="col">{t(locale, 'console.lists.state')}</th>
              {write && <th scope="col">{t(locale, 'console.lists.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {lists.map((list, index) => (
              <tr>
                <th scope="row">{list.name}</th>
                <td>
                  <code>{list.id}</code>
                </td>
                <td>{list.legal_basis}</td>
                <td>
                  <Flag locale={locale} on={list.public} />
                </td>
                <td>
                  <Flag locale={locale} on={list.cancels_account} />
                </td>
                <td>
                  <Flag locale={locale} on={list.synced} />
                </td>
                <td>
                  {t(locale, list.archived ? 'console.lists.archived' : 'console.lists.active')}
                </td>
                {write && (
                  <td>
                    <a
                      href={`/admin/lists/${list.id}`}
                      aria-label={t(locale, 'console.lists.edit', { list: list.name })}
                    >
                      {t(locale, 'console.action.edit')}
                    </a>{' '}
                    {index > 0 && (
                      <ActionButton
                        session={session}
                        action={`/admin/lists/${list.id}/move`}
                        name="direction"
                        value="up"
                        label={t(locale, 'console.lists.up', { list: list.name })}
                        text="↑"
                      />
                    )}
                    {index < lists.length - 1 && (
                      <ActionButton
                        session={session}
                        action={`/admin/lists/${list.id}/move`}
                        name="direction"
                        value="down"
                        label={t(locale, 'console.lists.down', { list: list.name })}
                        text="↓"
                      />
                    )}
                    <ActionButton
                      session={session}
                      action={`/admin/lists/${list.id}/archive`}
                      name="archived"
                      value={list.archived ? '0' : '1'}
                      label={t(
                        locale,
                        list.archived ? 'console.lists.unarchive' : 'console.lists.archive',
                        { list: list.name },
                      )}
                      text={t(
                        locale,
                        list.archived ? 'console.action.unarchive' : 'console.action.archive',
                      )}
                    />
                    <ActionButton
                      session={session}
                      action={`/admin/lists/${list.id}/delete`}
                      label={t(locale, 'console.lists.delete', { list: list.name })}
                      text={t(locale, 'console.action.delete')}
                      danger
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {write && (
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">{t(locale, 'console.lists.create')}</h2>
          <form method="post" action="/admin/lists">
            <CsrfField session={session} />
            <ListFields
              locale={locale}
              isNew
              values={props.refused?.values}
              problem={props.refused?.problem}
            />
            <button type="submit">{t(locale, 'console.lists.save')}</button>
          </form>
        </section>
      )}
    </ConsoleLayout>
  )
}

/**
 * One list's form; after a refused save, as typed, with the problem.
 *
 * @example c.html(<ListEditPage locale="en" session={session} list={list} />)
 */
export function ListEditPage(props: {
  locale: Locale
  session: ConsoleSession
  list: ListJson
  refused?: { values: ListValues; problem: FormProblem } | undefined
}) {
  const { locale, session, list } = props
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.lists.edit_title', { list: list.name })}
      session={session}
      current="lists"
    >
      <form method="post" action={`/admin/lists/${list.id}`}>
        <CsrfField session={session} />
        <ListFields
          locale={locale}
          isNew={false}
          values={props.refused?.values ?? list}
          problem={props.refused?.problem}
        />
        <button type="submit">{t(locale, 'console.lists.save')}</button>
      </form>
    </ConsoleLayout>
  )
}
