import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { routePath } from 'hono/route'
import { secureHeaders } from 'hono/secure-headers'
import { ZodError } from 'zod'
import { isUniqueViolation, isUnstorableText } from './db/conflicts.js'
import { databaseAnswers } from './db/health.js'
import type { Deps } from './deps.js'
import { AppError } from './errors.js'
import { allowedMethods } from './http/allowed-methods.js'
import { UNSTORABLE_MESSAGE } from './http/fields.js'
import { type AppEnv, wantsJson } from './http/env.js'
import { languageChoice } from './http/language-choice.js'
import { providePageContext } from './http/page-context.js'
import { renderErrorPage } from './http/render-error.js'
import { validationError } from './http/validation-error.js'
import { recordRequest } from './metrics/instruments.js'
import { MetricsRegistry } from './metrics/registry.js'
import { adminRoutes } from './routes/admin/index.js'
import { apiDocsRoutes } from './routes/admin/docs.js'
import { consoleRoutes } from './routes/console/index.js'
import { metricsRoutes } from './routes/metrics.js'
import { privacyRoutes } from './routes/privacy/index.js'
import { publicRoutes } from './routes/public/index.js'
import { webhookRoutes } from './routes/webhooks/index.js'

/** Request bodies larger than this are refused with 413 before anything reads them. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * Builds the whole HTTP service around its dependencies. The Node and Workers entries only
 * construct `deps`; everything else lives here, so both runtimes behave the same.
 *
 * @example
 * const app = createApp(deps)
 * const res = await app.request('/healthz')
 */
export function createApp(given: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  // One registry per app, from buildDeps or made here: never a module singleton, and never
  // written into the deps the entry built.
  const deps: Deps = given.metrics ? given : { ...given, metrics: new MetricsRegistry() }
  const metrics = deps.metrics!

  app.use('*', async (c, next) => {
    c.set('deps', deps)
    const started = performance.now()
    await next()
    const seconds = (performance.now() - started) / 1000
    const request = {
      route: metricRoute(c),
      method: metricMethod(c.req.method),
      status: c.res.status,
    }
    recordRequest(metrics, request, seconds)
    // An access line at debug: the route's pattern, never its path (tokens, addresses).
    deps.logger.debug('request', { ...request, ms: Math.round(seconds * 1000) })
  })
  // The renderer first, so that an error page from any later middleware keeps its status.
  app.use('*', providePageContext)
  app.use('*', languageChoice)
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      crossOriginResourcePolicy: 'same-origin',
      strictTransportSecurity: deps.config.publicUrl.startsWith('https:')
        ? 'max-age=31536000; includeSubDomains'
        : false,
    }),
  )
  app.use('*', async (c, next) => {
    await next()
    // Pages carry tokens in their URL and personal data in their body: never cache them.
    // On the response's own headers: `c.header` after the answer would rebuild the response
    // around a stream of its body, which costs more than the rest of a page on Node.
    const headers = c.res.headers
    if (!headers.has('cache-control')) headers.set('Cache-Control', 'no-store')
  })
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `Request body is larger than ${MAX_BODY_BYTES / 1024} KB`,
      )
    },
  })
  // U+0000 in a path or query (PostgreSQL cannot store it; no route takes it): 400 everywhere.
  // The webhook's secret segment is compared, never stored: a wrong one stays a 404.
  app.use('*', (c, next) => {
    if (c.req.url.includes('%00') && !c.req.path.startsWith('/webhooks/'))
      throw new AppError('bad_request', UNSTORABLE_MESSAGE)
    return next()
  })
  // Asking for the body stream builds the whole Request on Node: GET and HEAD carry no body we
  // read, and a declared length is checked as it stands (Node's parser holds the body to it).
  app.use('*', (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    const declaredWithin =
      length !== undefined &&
      c.req.header('transfer-encoding') === undefined &&
      Number(length) <= MAX_BODY_BYTES
    return declaredWithin ? next() : limitBody(c, next)
  })

  app.get('/healthz', async (c) => {
    try {
      await databaseAnswers(deps.db)
      return c.json({ status: 'ok', database: 'ok' })
    } catch (error) {
      deps.logger.error('health check failed', { error: String(error) })
      return c.json({ status: 'error', database: 'unreachable' }, 503)
    }
  })

  app.route('/', privacyRoutes)
  app.route('/', publicRoutes)
  app.route('/api/v1', adminRoutes)
  app.route('/api/docs', apiDocsRoutes)
  app.route('/webhooks', webhookRoutes)
  app.route('/', consoleRoutes)
  app.route('/', metricsRoutes)

  app.notFound((c) => {
    // A path some route answers under another method: 405 with what it takes, not 404 (the
    // webhook's own middleware answers a wrong secret 404 before this).
    const allowed = allowedMethods(app, c.req.path)
    if (allowed.length === 0 || allowed.includes(c.req.method))
      return respondError(c, new AppError('not_found', 'Not found'))
    c.header('Allow', allowed.join(', '))
    return respondError(
      c,
      new AppError('method_not_allowed', `This address takes ${allowed.join(', ')}`),
    )
  })
  app.onError((error, c) => respondError(c, error))
  return app
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** Metric labels stay few: a known method or OTHER. */
function metricMethod(method: string): string {
  return METHODS.has(method) ? method : 'OTHER'
}

/**
 * The route pattern that answered (`/confirm/:token`), never the path itself, which carries
 * tokens and addresses; a request no route matched is `unmatched`.
 */
function metricRoute(c: Context<AppEnv>): string {
  // After next(), routeIndex points at the deepest handler that ran: the one that answered.
  const pattern = routePath(c as unknown as Context)
  return pattern === '' || pattern === '*' || pattern === '/*' ? 'unmatched' : pattern
}

function respondError(
  c: Parameters<Parameters<Hono<AppEnv>['onError']>[0]>[1],
  error: unknown,
): Response | Promise<Response> {
  const appError = toAppError(error)
  // Input checks at the edges should have refused this text: say so, so a gap gets found.
  if (isUnstorableText(error))
    c.get('deps').logger.warn('the database refused text that passed the input checks', {
      method: c.req.method,
      path: loggablePath(new URL(c.req.url).pathname),
    })
  // The rest of a body too large is never read, so the connection cannot carry another request.
  if (appError.code === 'payload_too_large') c.header('Connection', 'close')
  if (appError.status >= 500) {
    c.get('deps').logger.error('request failed', {
      method: c.req.method,
      path: loggablePath(new URL(c.req.url).pathname),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    })
  }
  // Programs call /api, /webhooks (Mailchimp logs what it is answered) and /metrics (a
  // Prometheus scraper sends Accept: */*): JSON, never a page.
  const pathname = new URL(c.req.url).pathname
  if (
    wantsJson(c) ||
    pathname.startsWith('/api/') ||
    pathname.startsWith('/webhooks/') ||
    pathname === '/metrics'
  ) {
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: appError.code, message: appError.message },
    }
    if (appError.details !== undefined) body.error.details = appError.details
    return c.json(body, appError.status)
  }
  return renderErrorPage(c, appError)
}

/** Anything thrown becomes an AppError; only our own bugs and outages become a 5xx. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error instanceof ZodError) return validationError(error)
  if (error instanceof HTTPException) {
    const status = error.status
    if (status === 401) return new AppError('unauthorized', 'Missing or wrong credentials')
    if (status === 413) return new AppError('payload_too_large', 'Request body is too large')
    if (status === 415) return new AppError('unsupported_media_type', 'Unsupported content type')
    if (status === 404) return new AppError('not_found', 'Not found')
    if (status < 500) return new AppError('bad_request', error.message || 'Bad request')
  }
  if (error instanceof SyntaxError || error instanceof URIError)
    return new AppError('bad_request', 'Malformed request')
  // Two requests raced to create the same row and the retry ran out: the client may try again.
  // A character the engine cannot store that slipped past the checks at the edges: the
  // client's text, not our outage.
  if (isUnstorableText(error)) return new AppError('bad_request', UNSTORABLE_MESSAGE)
  if (isUniqueViolation(error))
    return new AppError('conflict', 'A concurrent request changed the same data; please try again')
  return new AppError('internal', 'Something went wrong on our side. Please try again later.')
}

/**
 * A request path safe for the logs: link tokens, the webhook's secret segment and the address
 * in admin paths are masked (the logger's own redaction cannot see inside a path).
 *
 * @example loggablePath('/webhooks/mailchimp/s3cret') // '/webhooks/mailchimp/:secret'
 */
export function loggablePath(pathname: string): string {
  return pathname
    .replace(/\/(confirm|unsubscribe|preferences|address)\/[^/]+/, '/$1/:token')
    .replace(/\/privacy\/(export|erase)\/[^/]+/, '/privacy/$1/:token')
    .replace(/\/webhooks\/mailchimp\/[^/]+/, '/webhooks/mailchimp/:secret')
    .replace(/\/contacts\/[^/]+/, '/contacts/:email')
}
