import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

// Values an operator review found mishandled: each start-up error names the variable, never
// its value (an SMTP URL carries a password), and an empty value means unset everywhere.

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('loadConfig accepted it')
}

describe('loadConfig', () => {
  it('takes an empty value as unset: PORT= listens on 3000, not a random port', () => {
    const config = loadConfig({ PORT: '', SIGNUP_LIMIT_PER_IP: '', SIGNUP_LIMIT_PER_ADDRESS: ' ' })
    expect(config.port).toBe(3000)
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(config.signupLimitPerIp).toBe(1000)
    expect(config.signupLimitPerAddress).toBe(3)
  })

  it('refuses a malformed SMTP_URL without printing it (its password)', () => {
    for (const url of [
      'smtp://mailuser:S3cretPassw0rd@smtp.example.com:5870x',
      'smtp://mailuser:S3cretPassw0rd@smtp.example.com:99999',
    ]) {
      const message = failure({ SMTP_URL: url })
      expect(message).toMatch(/^Invalid SMTP_URL: /)
      expect(message).not.toContain('S3cretPassw0rd')
    }
    expect(loadConfig({ SMTP_URL: 'smtps://u:p%40ss@smtp.example.com:465' }).smtpUrl).toBeDefined()
  })

  it('refuses a MAIL_FROM that is not an address, and takes both usual forms', () => {
    expect(failure({ MAIL_FROM: 'not an address' })).toMatch(/^Invalid MAIL_FROM: /)
    expect(failure({ MAIL_FROM: 'Example <nobody>' })).toMatch(/^Invalid MAIL_FROM: /)
    expect(loadConfig({ MAIL_FROM: 'news@example.com' }).mailFrom).toBe('news@example.com')
    expect(loadConfig({ MAIL_FROM: 'Example Ltd <news@example.com>' }).mailFrom).toBe(
      'Example Ltd <news@example.com>',
    )
    expect(loadConfig({ MAIL_FROM: '' }).mailFrom).toBe('Prefcenter <no-reply@localhost>')
  })

  it('takes only an http(s) PUBLIC_URL', () => {
    expect(failure({ PUBLIC_URL: 'ftp://x.example' })).toMatch(/^Invalid PUBLIC_URL: /)
    expect(loadConfig({ PUBLIC_URL: 'https://prefs.example.com/' }).publicUrl).toBe(
      'https://prefs.example.com',
    )
  })
})
