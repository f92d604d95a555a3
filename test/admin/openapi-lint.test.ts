import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/routes/admin/index.js'

const run = promisify(execFile)

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId and the document a license', () => {
    const document = openApiDocument()
    const ids: string[] = []
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const operation = (item as Record<string, { operationId?: string } | undefined>)[method]
        if (!operation) continue
        expect(operation.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/)
        ids.push(operation.operationId!)
      }
    }
    expect(ids.length).toBeGreaterThanOrEqual(17)
    expect(new Set(ids).size).toBe(ids.length)
    expect(document.info.license?.name).toBe('MIT')
  })

  it('passes `redocly lint` with the recommended rules and 0 warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prefcenter-openapi-'))
    try {
      const file = join(dir, 'openapi.json')
      writeFileSync(file, JSON.stringify(openApiDocument()))
      // The devDependency when installed, else npx fetches the same pinned version.
      const { stdout } = await run(
        'npx',
        ['--yes', '@redocly/cli@2.77.0', 'lint', '--format=json', file],
        { env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' }, cwd: process.cwd() },
      )
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number }
        problems: { ruleId: string; message: string }[]
      }
      expect(report.problems).toEqual([])
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
