export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }
// The local part may hold an apostrophe (o'brien@…): it must not stop the mask half way.
const emailPattern = /[^\s@"<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g

/** Masks anything that looks like an email address: logs never hold one. */
export function redact(text: string): string {
  return text.replace(emailPattern, '[email]')
}

/**
 * One JSON line per entry on stderr (stdout is for printed mail in development).
 *
 * @example const logger = createLogger('info'); logger.info('started', { port: 3000 })
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const log =
    (at: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
      if (order[at] < order[level]) return
      write(
        redact(JSON.stringify({ level: at, time: new Date().toISOString(), message, ...fields })),
      )
    }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}
