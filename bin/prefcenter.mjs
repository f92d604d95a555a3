#!/usr/bin/env node
// The `prefcenter` command. The TypeScript CLI is bundled by esbuild (tens of milliseconds, in
// esbuild's own process) and run as plain JavaScript: no build step to forget, and none of the
// ~40 MB that tsx's loader thread adds to a long command such as `import` (issue 12). Where the
// bundle cannot be built or written (a read-only install, say), it runs through tsx as before.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'src/node/cli.ts')

/** The bundle's path under node_modules/.cache (named by its content), or undefined. */
async function bundled() {
  try {
    const { build, stop } = await import('esbuild')
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Packages load from node_modules as usual; only the project's own code is bundled.
      packages: 'external',
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      // Only src/node reads import.meta.url (the migrations folder): it keeps its meaning.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
      write: false,
      logLevel: 'silent',
    })
    stop()
    const text = result.outputFiles[0].text
    const dir = join(root, 'node_modules/.cache/prefcenter')
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
    const file = join(dir, `cli-${hash}.mjs`)
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true })
      // Written aside and renamed: two commands starting at once never read half a file.
      const partial = `${file}.${process.pid}`
      writeFileSync(partial, text)
      renameSync(partial, file)
    }
    return file
  } catch {
    return undefined
  }
}

const bundle = await bundled()
if (bundle) {
  await import(pathToFileURL(bundle).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/node/cli.ts')
}
