// Runs one of the project's TypeScript entries as plain JavaScript: esbuild bundles the
// project's own code (tens of milliseconds, in esbuild's own process; packages still load from
// node_modules) into node_modules/.cache/prefcenter, named by its content. Against tsx's loader
// (issue 12): no loader thread (about 40 MB of a long `prefcenter import`), and about a fifth
// less CPU per preferences page under load (measured, cause not pinned down: tsx's per-module
// transform and source maps are the suspects). Where the bundle cannot be built or written
// (a read-only install, say), the entry runs through tsx as before, and says so on stderr.
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The bundle of `entry` (a path from the project root), written under `name`, or undefined. */
async function bundled(entry, name) {
  try {
    const { build, stop } = await import('esbuild')
    const file = join(root, entry)
    const result = await build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      jsx: 'automatic',
      jsxImportSource: '#jsx',
      // Only src/node reads import.meta.url (the migrations folder): it keeps its meaning.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(file).href) },
      write: false,
      logLevel: 'silent',
    })
    stop()
    const text = result.outputFiles[0].text
    const dir = join(root, 'node_modules/.cache/prefcenter')
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
    const bundle = join(dir, `${name}-${hash}.mjs`)
    if (existsSync(bundle)) {
      // Newest again, so another process's prune keeps it while this one loads it.
      bestEffort(() => utimesSync(bundle, new Date(), new Date()))
    } else {
      mkdirSync(dir, { recursive: true })
      // Written aside and renamed: two commands starting at once never read half a file.
      const partial = `${bundle}.${process.pid}`
      writeFileSync(partial, text)
      renameSync(partial, bundle)
      bestEffort(() => prune(dir, name))
    }
    return bundle
  } catch (error) {
    console.error(`prefcenter: running ${entry} through tsx (no bundle: ${error.message})`)
    return undefined
  }
}

/** Housekeeping that must never stop the program from starting. */
function bestEffort(work) {
  try {
    work()
  } catch {
    // A read-only cache, or another process doing the same at the same moment.
  }
}

/**
 * Keeps the three newest bundles of `name` (another process may be about to load one of them)
 * and drops the rest, and half-written files an interrupted start left behind.
 */
function prune(dir, name) {
  const hour = 60 * 60 * 1000
  const files = []
  for (const file of readdirSync(dir))
    if (file.startsWith(`${name}-`))
      try {
        files.push({ path: join(dir, file), at: statSync(join(dir, file)).mtimeMs })
      } catch {
        // Gone already: another process pruned it.
      }
  files.sort((a, b) => b.at - a.at)
  const bundles = files.filter((file) => file.path.endsWith('.mjs'))
  const partials = files.filter(
    (file) => !file.path.endsWith('.mjs') && file.at < Date.now() - hour,
  )
  for (const file of [...bundles.slice(3), ...partials]) rmSync(file.path, { force: true })
}

/**
 * Runs `entry` bundled, or through tsx when it cannot be bundled.
 *
 * @example await runEntry('src/node/main.ts', 'main')
 */
export async function runEntry(entry, name) {
  const bundle = await bundled(entry, name)
  if (bundle) {
    await import(pathToFileURL(bundle).href)
    return
  }
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(join(root, entry)).href)
}
