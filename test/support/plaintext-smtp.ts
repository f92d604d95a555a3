import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server (the smtp-server library) that offers no STARTTLS and keeps the raw text of
 * every message it takes: a relay on this machine, or the plaintext server a stripping attacker
 * would present elsewhere.
 *
 * @example const { server, port, received } = await plaintextSmtp('127.0.0.1', 2525)
 */
export async function plaintextSmtp(
  host = '127.0.0.1',
  port = 0,
): Promise<{ server: SMTPServer; port: number; received: string[] }> {
  const received: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'))
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()))
  return { server, port: (server.server.address() as AddressInfo).port, received }
}
