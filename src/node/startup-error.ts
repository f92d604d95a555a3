import { ConfigError } from '../config.js'

interface SystemError {
  code?: unknown
  errors?: unknown
  address?: unknown
  port?: unknown
  message?: unknown
}

/** The code of a Node system error, or of the first error inside an AggregateError. */
function codeOf(error: unknown): string | undefined {
  const value = error as SystemError | undefined
  if (typeof value?.code === 'string') return value.code
  if (Array.isArray(value?.errors)) return codeOf(value.errors[0])
  return undefined
}

/** `host:port` of a postgres:// URL, without user or password. */
function postgresTarget(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`
  } catch {
    return 'the DATABASE_URL server'
  }
}

/**
 * One line naming the cause of a failed start and what to do about it, instead of a stack
 * trace: configuration errors, a port already taken or not allowed, and a PostgreSQL server
 * that does not answer, refuses the credentials or lacks the database. Undefined for anything
 * else (a bug: then the stack is what helps).
 *
 * @example describeStartupError(error, { port: 3000, host: '0.0.0.0', databaseUrl })
 */
export function describeStartupError(
  error: unknown,
  where: { port?: number; host?: string; databaseUrl?: string },
): string | undefined {
  if (error instanceof ConfigError) return error.message
  const code = codeOf(error)
  const listen = `${where.host ?? '0.0.0.0'}:${where.port ?? ''}`
  if (code === 'EADDRINUSE')
    return `port ${where.port} is already in use on ${listen} (EADDRINUSE). Stop the other process or set PORT to a free port.`
  if (code === 'EACCES' && (error as SystemError).port !== undefined)
    return `not allowed to listen on ${listen} (EACCES). Use a PORT above 1023 or run with the needed rights.`
  if (code === 'EADDRNOTAVAIL')
    return `HOST ${where.host} is not an address of this machine (EADDRNOTAVAIL). Set HOST to 0.0.0.0 or one of its addresses.`
  if (
    (code === 'ENOTFOUND' || code === 'EAI_AGAIN') &&
    (error as { hostname?: unknown }).hostname === where.host
  )
    return `HOST ${where.host} cannot be resolved (${code}). Set HOST to 0.0.0.0 or an address of this machine.`
  const url = where.databaseUrl ?? ''
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length)
    switch (code) {
      case 'SQLITE_NOTADB':
        return `the file in DATABASE_URL (${file}) is not an SQLite database (SQLITE_NOTADB). Point DATABASE_URL at a new or an SQLite file.`
      case 'SQLITE_CANTOPEN':
        return `the SQLite file in DATABASE_URL (${file}) cannot be opened (SQLITE_CANTOPEN): a folder, or a place this user may not write. Fix the path or the rights.`
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return `no rights to create or open the SQLite file in DATABASE_URL (${file}) (${code}). Fix the path or the rights.`
      case 'ENOTDIR':
        return `a part of the path in DATABASE_URL (${file}) is a file, not a folder (ENOTDIR). Fix the path.`
      default:
        return undefined
    }
  }
  if (!/^postgres(ql)?:\/\//.test(url)) return undefined
  if (/does not support SSL/i.test(String((error as SystemError)?.message ?? '')))
    return `PostgreSQL at ${postgresTarget(url)} does not offer TLS, but DATABASE_URL asks for it (sslmode). Enable TLS on the server or change sslmode.`
  const target = postgresTarget(url)
  switch (code) {
    case 'ECONNREFUSED':
      return `PostgreSQL at ${target} refused the connection (ECONNREFUSED). Start PostgreSQL or fix host and port in DATABASE_URL.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the PostgreSQL host in DATABASE_URL (${target}) cannot be resolved (${code}). Fix the host name.`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL at ${target} cannot be reached (${code}). Check the network, the firewall and DATABASE_URL.`
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target} refused the user or password in DATABASE_URL (${code}). Fix the credentials.`
    case '3D000':
      return `the database in DATABASE_URL (${target}) does not exist (3D000). Create it (createdb) or fix the name.`
    default:
      if (/timeout/i.test(String((error as SystemError)?.message ?? '')))
        return `PostgreSQL at ${target} did not answer in time. Check that it runs and DATABASE_URL is right.`
      return undefined
  }
}
