/** @jsxRuntime automatic @jsxImportSource #jsx */
import { plainText } from '../../http/fields.js'
import { randomId } from '../../tokens/base64url.js'
import { Hono } from 'hono'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import {
  ADMIN_TOKEN_ACTOR,
  type CreatedApiKey,
  createApiKeyOnce,
  listApiKeys,
  revokeApiKey,
} from '../../domain/admin/api-keys.js'
import { audit, recentAudit } from '../../domain/admin/audit.js'
import { AppError } from '../../errors.js'
import { t } from '../../i18n/messages.js'
import { deleteAdminSessionsOf } from '../../repos/admin-sessions.js'
import { KeysPage } from '../../../views/console/keys-page.js'
import { ConsoleConfirmPage } from '../../../views/console/confirm-page.js'
import { validationError } from '../../http/validation-error.js'
import type { ConsoleEnv } from './console-env.js'
import { consoleForm, forbidden } from './guards.js'

const NewKey = z.object({
  name: plainText('name', 100).pipe(z.string().min(1, 'name is required')),
  scope: z.enum(['read', 'write']),
  form_id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
})

/** API keys: list, create (the key is shown once, in this answer only), revoke. */
export const keyRoutes = new Hono<ConsoleEnv>()

/**
 * Making and revoking keys takes a session opened with ADMIN_TOKEN. A write key that could make
 * keys would leave behind keys that outlive its own revocation (found by an attacker review).
 */
const requireKeyManager = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (c.var.session.actor === ADMIN_TOKEN_ACTOR) return next()
  return forbidden(c, 'console.keys.admin_only')
})

async function keysPage(
  c: Context<ConsoleEnv>,
  created?: CreatedApiKey,
  notice?: string,
  nameError?: { value: string; message: string },
) {
  const deps = c.get('deps')
  const [keys, entries] = await Promise.all([listApiKeys(deps), recentAudit(deps, 50)])
  return c.render(
    <KeysPage
      locale={c.get('locale')}
      session={c.var.session}
      keys={keys}
      audit={entries}
      created={created}
      notice={notice}
      formId={randomId(16)}
      nameError={nameError}
    />,
    nameError ? 400 : 200,
  )
}

keyRoutes.get('/keys', (c) =>
  keysPage(
    c,
    undefined,
    c.req.query('done') ? t(c.get('locale'), 'console.keys.revoked_done') : undefined,
  ),
)

// Answered directly, not redirected: the new key must not land in a URL or a later page.
keyRoutes.post('/keys', requireKeyManager, async (c) => {
  const deps = c.get('deps')
  const form = await consoleForm(c)
  const parsed = NewKey.safeParse(form)
  if (!parsed.success) {
    // A name that cannot be used comes back to the form as typed, the problem on the field.
    const problem = validationError(parsed.error)
    const field = (problem.details as { field?: string } | undefined)?.field
    if (field !== 'name') throw problem
    const typed = typeof form.name === 'string' ? form.name : ''
    return keysPage(c, undefined, undefined, {
      value: typed.slice(0, 200),
      message: problem.message.replace(/^name: /, ''),
    })
  }
  const { form_id: formId, ...input } = parsed.data
  const created = await createApiKeyOnce(deps, formId, input)
  if (!created) return keysPage(c, undefined, t(c.get('locale'), 'console.keys.form_used'))
  await audit(deps, c.var.session.actor, 'key.create', created.id, { scope: created.scope })
  return keysPage(c, created)
})

keyRoutes.post('/keys/:id/revoke', requireKeyManager, async (c) => {
  const deps = c.get('deps')
  const id = c.req.param('id')
  if (!/^[A-Za-z0-9]{8,32}$/.test(id))
    throw new AppError('not_found', 'No active API key with that id')
  const form = await consoleForm(c)
  if (form.confirm !== 'yes') {
    // Revoking cannot be undone and stops every integration using the key: a second step.
    const key = (await listApiKeys(deps)).find((candidate) => candidate.id === id)
    if (!key || key.revoked_at !== null)
      throw new AppError('not_found', 'No active API key with that id')
    const locale = c.get('locale')
    return c.render(
      <ConsoleConfirmPage
        locale={locale}
        session={c.var.session}
        title={t(locale, 'console.keys.revoke_title', { name: key.name })}
        consequence={t(locale, 'console.keys.revoke_consequence')}
        action={`/admin/keys/${id}/revoke`}
        button={t(locale, 'console.keys.revoke', { name: key.name })}
        backHref="/admin/keys"
      />,
    )
  }
  await revokeApiKey(deps, id)
  // Sessions opened with the key end with it.
  await deleteAdminSessionsOf(deps.db, id)
  await audit(deps, c.var.session.actor, 'key.revoke', id)
  return c.redirect('/admin/keys?done=revoked', 303)
})
